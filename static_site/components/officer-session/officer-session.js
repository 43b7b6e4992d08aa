/*
 * The officer's session: OpenID Connect sign-in (authorization code + PKCE) through oidc-client-ts,
 * the same code against Cognito's managed login on AWS and the local identity provider on a laptop.
 *
 * - The identity provider's settings come from config.js (`GUICHET_CONFIG.auth`: authority, clientId,
 *   redirectUri, postLogoutRedirectUri, scope, and endSessionEndpoint where the provider's discovery
 *   document lacks one, as Cognito's does).
 * - Tokens stay in this tab's sessionStorage (oidc-client-ts's default store); a minute before they
 *   expire they are renewed with the refresh token. A renewal that fails ends the session: the page is
 *   told (`onEnded("ended")`) and shows the sign-in button with a message.
 * - The websocket never carries a token: `socketUrl()` trades the ID token for a single-use ticket
 *   (POST /api/agent/ws-ticket) and answers `/ws?ticket=…`, for every connection.
 *
 * oidc-client-ts is vendored by the build (`make vendor`: static_site/vendor/oidc-client-ts.min.js, a
 * classic script that defines `oidc`); tests hand in a fake UserManager. No crypto is written here.
 */

/** The UserManager settings for these config.js values (pure). */
export function oidcSettings(auth, storage) {
  const settings = {
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    post_logout_redirect_uri: auth.postLogoutRedirectUri,
    response_type: "code",
    scope: auth.scope || "openid profile email",
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    loadUserInfo: false,
    monitorSession: false,
    filterProtocolClaims: true,
  };
  if (auth.endSessionEndpoint) settings.metadataSeed = { end_session_endpoint: auth.endSessionEndpoint };
  if (storage) settings.userStore = storage;
  return settings;
}

/** Whether this address is the provider coming back with a code (or an error) for us. */
export function isSignInCallback(href) {
  const params = new URL(href).searchParams;
  return params.has("state") && (params.has("code") || params.has("error"));
}

/** This address without the callback's parameters (they must not stay in the address bar or history). */
export function withoutCallbackParams(href) {
  const url = new URL(href);
  ["code", "state", "error", "error_description", "session_state", "iss"].forEach((name) =>
    url.searchParams.delete(name),
  );
  return url.toString();
}

/** The websocket URL that opens this officer's socket with a ticket: wsUrl (or same origin /ws) + ?ticket=. */
export function ticketUrl(wsUrl, ticket, location) {
  let base = wsUrl;
  if (!base) base = (location.protocol === "https:" ? "wss:" : "ws:") + "//" + location.host + "/ws";
  const url = new URL(base, location.href);
  url.searchParams.set("ticket", ticket);
  return url.toString();
}

/** The extra sign-out parameters Cognito's /logout wants (harmless to an OpenID provider). */
export function signOutParams(auth) {
  return { client_id: auth.clientId, logout_uri: auth.postLogoutRedirectUri };
}

/** These sign-in settings, coming back to another officer page (both after sign-in and after sign-out). */
export function withRedirect(auth, redirectUri) {
  if (!auth || !redirectUri) return auth;
  return { ...auth, redirectUri, postLogoutRedirectUri: redirectUri };
}

export class SessionEndedError extends Error {
  constructor(reason) {
    super("The officer's session has ended: " + reason);
    this.reason = reason;
  }
}

/**
 * options.config       GUICHET_CONFIG (apiBase, wsUrl, auth)
 * options.oidc         the oidc-client-ts namespace (UserManager, WebStorageStateStore); default globalThis.oidc
 * options.fetch, options.location, options.history: the browser's, replaceable in tests
 * options.onEnded(reason)  the session ended by itself: "ended" (renewal refused) or "expired"
 * options.onRenewed(user)  new tokens arrived (the console may show the new name)
 * options.redirectUri    where the provider sends the officer back after signing in and out, when this is
 *                        not the console (the reports inbox: `auth.inboxRedirectUri`, registered with the provider)
 */
export function createOfficerSession(options) {
  const config = options.config || {};
  const auth = withRedirect(config.auth, options.redirectUri);
  const oidc = options.oidc || globalThis.oidc;
  const fetchFn = options.fetch || globalThis.fetch.bind(globalThis);
  const location = options.location || globalThis.location;
  const history = options.history || globalThis.history;
  const onEnded = options.onEnded || (() => {});
  const onRenewed = options.onRenewed || (() => {});
  if (!auth || !auth.authority || !auth.clientId) {
    throw new Error("config.js has no sign-in settings (GUICHET_CONFIG.auth)");
  }
  const manager = new oidc.UserManager(oidcSettings(auth));
  let current = null;

  manager.events.addUserLoaded((user) => {
    current = user;
    onRenewed(user);
  });
  manager.events.addSilentRenewError(() => {
    current = null;
    manager.removeUser().finally(() => onEnded("ended"));
  });
  manager.events.addAccessTokenExpired(() => {
    if (current && current.expired) {
      current = null;
      manager.removeUser().finally(() => onEnded("expired"));
    }
  });

  /** At page load: finish a sign-in coming back from the provider, or find the tab's session. Null if none. */
  async function start() {
    if (isSignInCallback(location.href)) {
      try {
        current = await manager.signinRedirectCallback(location.href);
      } finally {
        history.replaceState(history.state, "", withoutCallbackParams(location.href));
      }
      return current;
    }
    const user = await manager.getUser();
    current = user && !user.expired ? user : null;
    if (user && !current) await manager.removeUser();
    return current;
  }

  /** Go to the provider's sign-in page. */
  function signIn() {
    return manager.signinRedirect();
  }

  /** Forget the tokens and end the provider's session; the provider brings the browser back. */
  async function signOut() {
    const user = current || (await manager.getUser());
    current = null;
    await manager.removeUser();
    await manager.signoutRedirect({
      id_token_hint: user ? user.id_token : undefined,
      extraQueryParams: signOutParams(auth),
    });
  }

  /** The name the provider gives the officer (rank and pseudonym). */
  function displayName() {
    return (current && current.profile && (current.profile.name || current.profile["cognito:username"])) || "";
  }

  /** The current ID token (for the officers' REST routes), or null when there is no session. */
  function idToken() {
    return current && !current.expired ? current.id_token : null;
  }

  /** A single-use websocket ticket for the current ID token; SessionEndedError when there is no session. */
  async function ticket() {
    if (!current || current.expired) throw new SessionEndedError("no session");
    const answer = await fetchFn((config.apiBase || "/api") + "/agent/ws-ticket", {
      method: "POST",
      headers: { Authorization: "Bearer " + current.id_token, Accept: "application/json" },
      cache: "no-store",
    });
    if (answer.status === 401 || answer.status === 403) throw new SessionEndedError("refused");
    if (!answer.ok) throw new Error("ticket unavailable: " + answer.status);
    return (await answer.json()).ticket;
  }

  /** The URL that opens the officer's socket now (a fresh ticket each time). */
  async function socketUrl() {
    return ticketUrl(config.wsUrl, await ticket(), location);
  }

  return { start, signIn, signOut, displayName, idToken, ticket, socketUrl, manager };
}
