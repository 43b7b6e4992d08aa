/*
 * The desk's notices and opening state as the pages show them (GET /api/desk, docs/protocol.md): pure functions,
 * tested with node. A supervisor writes these texts: they only ever reach a page as text, and a link only when it
 * is an https: address or a path of this site.
 */

/** The href to use for a notice's link, or null: only https: with a host, or a path of this site (not //host). */
export function safeHref(url) {
  if (typeof url !== "string" || !url || url.length > 500 || /[\s\x00-\x1f\x7f\\]/.test(url)) return null;
  if (url.startsWith("/")) return url.startsWith("//") ? null : url;
  if (!/^https:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && parsed.hostname ? url : null;
  } catch {
    return null;
  }
}

/** A notice in one language: {text, links: [{href, label, external}]} (unsafe links left out), or null. */
export function noticeView(notice, lang) {
  if (!notice || typeof notice !== "object") return null;
  const pick = (fr, en) => String((lang === "en" ? en || fr : fr || en) || "");
  const text = pick(notice.text_fr, notice.text_en);
  const links = (Array.isArray(notice.links) ? notice.links : [])
    .map((link) => ({ href: safeHref(link && link.url), label: pick(link && link.label_fr, link && link.label_en) }))
    .filter((link) => link.href && link.label)
    .map((link) => ({ ...link, external: !link.href.startsWith("/") }));
  if (!text && !links.length) return null;
  return { text, links };
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
function localDay(epochMs, timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(epochMs);
}

/**
 * When the desk opens next, in words: {day: "aujourd'hui" | "demain" | "lundi 16 mars", time: "08:00"}, or null
 * when no opening is planned. words: {today, tomorrow}.
 */
export function nextOpeningWords(desk, lang, nowMs, words) {
  if (!desk || typeof desk.next_opening !== "number") return null;
  const timeZone = desk.timezone || "Europe/Paris";
  const locale = lang === "en" ? "en-GB" : "fr-FR";
  const at = desk.next_opening * 1000;
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  const day = localDay(at, timeZone);
  if (day === localDay(nowMs, timeZone)) return { day: words.today, time };
  if (day === localDay(nowMs + 86400000, timeZone)) return { day: words.tomorrow, time };
  return { day: new Intl.DateTimeFormat(locale, { timeZone, weekday: "long", day: "numeric", month: "long" }).format(at), time };
}

/** Whether the widget should show the desk as closed: closed, and the citizen has no conversation to carry on. */
export function showsClosed(desk, hasConversation) {
  return !!desk && desk.open === false && !hasConversation;
}

/** Whether a queue frame names a notices' revision the widget does not show (nor already asked for). */
export function needsNotices(frameVersion, shownRevision, askedRevision) {
  return typeof frameVersion === "number" && frameVersion !== shownRevision && frameVersion !== askedRevision;
}
