/*
 * Guichet's interface strings: one catalogue per language, site_src/i18n/<lang>.json. sitegen writes the
 * page language's catalogue into every citizen page (<script id="guichet-i18n" type="application/json">)
 * and fills the static markup with it; scripts read the same catalogue for what they say at run time.
 *
 * Placeholders in braces ({n}, {name}…) are filled by `translator`; callers insert the result as text.
 */

export const CATALOGUE_ID = "guichet-i18n";

/** The page's catalogue (an empty one if the page has none or it does not parse). */
export function pageCatalogue(doc = globalThis.document) {
  const node = doc && doc.getElementById(CATALOGUE_ID);
  if (!node) return {};
  try {
    const strings = JSON.parse(node.textContent);
    return strings && typeof strings === "object" ? strings : {};
  } catch (ignored) {
    return {};
  }
}

/** The page's language, two letters, among those given (the first one otherwise). */
export function pageLanguage(doc = globalThis.document, known = ["fr", "en"]) {
  const lang = ((doc && doc.documentElement.lang) || "").slice(0, 2).toLowerCase();
  return known.includes(lang) ? lang : known[0];
}

/** A template with its {placeholders} filled; an unknown placeholder stays as it is. */
export function fill(template, params) {
  return String(template).replace(/\{([a-z_]+)\}/g, (whole, name) =>
    params && params[name] != null ? String(params[name]) : whole
  );
}

/**
 * t(key, params): the string for a key, placeholders filled; the key itself when the catalogue lacks it
 * (a visible slip rather than a blank). t.has(key) says whether the catalogue has it.
 */
export function translator(strings) {
  const own = (key) => Object.prototype.hasOwnProperty.call(strings, key) && strings[key] != null;
  const t = (key, params) => fill(own(key) ? strings[key] : key, params);
  t.has = own;
  return t;
}

/** The desk's time zone, in which officers and citizens read every date. */
export const DESK_TIME_ZONE = "Europe/Paris";

/** A date and time as the desk says it: "02/12/2026 à 10:53" ("" for none). */
export function deskDateTime(epochSeconds, timeZone = DESK_TIME_ZONE) {
  if (epochSeconds == null) return "";
  const parts = new Intl.DateTimeFormat("fr-FR", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(epochSeconds * 1000));
  const part = (type) => (parts.find((p) => p.type === type) || {}).value || "";
  return `${part("day")}/${part("month")}/${part("year")} à ${part("hour")}:${part("minute")}`;
}
