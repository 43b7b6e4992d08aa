/*
 * An orientation card as a page shows it (docs/protocol.md, "Messages": a message with kind "card" and
 * card {kind, ref, title, url}). Pure: what the card says and where its link may go. A link is kept only
 * when it is an http(s) address or a path of this site; anything else (javascript:, data:, //other-host)
 * leaves the card without a link.
 */

export const CARD_KINDS = ["sheet", "service", "unit", "report"];

/** Whether a message is an orientation card. */
export function isCard(message) {
  return !!message && message.kind === "card" && !!message.card && typeof message.card === "object";
}

/** The link's address if it is safe to follow: a same-site path or an http(s) URL; else null. */
export function safeHref(url, origin) {
  if (typeof url !== "string" || !url) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(url)) return null;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  let parsed;
  try {
    parsed = new URL(url);
  } catch (ignored) {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.origin === origin ? parsed.pathname + parsed.search + parsed.hash : parsed.href;
}

/**
 * What a card shows: {kind (one of CARD_KINDS, or null), title, href (or null), external}. The title falls
 * back to the message's plain-text fallback; `external` says the link leaves the site.
 */
export function cardView(message, origin) {
  const card = message.card || {};
  const kind = CARD_KINDS.includes(card.kind) ? card.kind : null;
  const title = typeof card.title === "string" && card.title ? card.title : String(message.text || "");
  const href = safeHref(card.url, origin);
  return { kind, title, href, external: !!href && !href.startsWith("/") };
}
