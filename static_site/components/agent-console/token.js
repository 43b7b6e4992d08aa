/* The officer's token as the console reads it: for display only, the server verifies the signature. */

/** The claims of a JWT ({} if it does not parse). */
export function claimsOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (ignored) {
    return {};
  }
}

/** Whether the token's expiry (exp, epoch seconds) has passed; a token without one never expires here. */
export function tokenExpired(token, nowMs = Date.now()) {
  const exp = claimsOf(token).exp;
  return typeof exp === "number" && exp * 1000 <= nowMs;
}
