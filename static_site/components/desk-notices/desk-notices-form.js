/*
 * The desk editor's pure part (console, supervisors): the form's values to the bodies of
 * PUT /api/supervisor/desk-notices and PUT /api/supervisor/opening-hours, and back; tested with node.
 */

export const DAYS = [
  ["mon", "Lundi"],
  ["tue", "Mardi"],
  ["wed", "Mercredi"],
  ["thu", "Jeudi"],
  ["fri", "Vendredi"],
  ["sat", "Samedi"],
  ["sun", "Dimanche"],
];

/** Links written one a line, "address | libellé français | English label", as the route takes them. */
export function parseLinks(text) {
  return String(text || "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [url = "", labelFr = "", labelEn = ""] = line.split("|").map((part) => part.trim());
      return { url, label_fr: labelFr, label_en: labelEn || labelFr };
    });
}

/** The links back as the textarea shows them. */
export function linksText(links) {
  return (links || []).map((link) => [link.url, link.label_fr, link.label_en].join(" | ")).join("\n");
}

/** One notice of the body from the form's values {enabled, textFr, textEn, links (text)}. */
export function noticeBody(values) {
  return {
    enabled: !!values.enabled,
    text_fr: String(values.textFr || "").trim(),
    text_en: String(values.textEn || "").trim(),
    links: parseLinks(values.links),
  };
}

/** The hours' body from the rows {day, open, opens, closes}: a closed day is null. */
export function hoursBody(rows) {
  const hours = {};
  rows.forEach((row) => {
    hours[row.day] = row.open ? { opens: String(row.opens || "").trim(), closes: String(row.closes || "").trim() } : null;
  });
  return { hours };
}

/** The rows the form shows for GET /api/supervisor/desk's `hours`. */
export function hoursRows(hours) {
  return DAYS.map(([day]) => {
    const span = hours && hours[day];
    return { day, open: !!span, opens: span ? span.opens : "08:00", closes: span ? span.closes : "20:00" };
  });
}

const PART_NAMES = { pinned: "Réponse épinglée", surge: "Annonce d'affluence", hours: "Horaires" };
const FIELD_NAMES = {
  text_fr: "texte en français",
  text_en: "texte en anglais",
  enabled: "affichage",
  links: "liens",
  url: "adresse",
  label_fr: "libellé français",
  label_en: "libellé anglais",
  opens: "ouverture",
  closes: "fermeture",
};

/** The server's field errors ({"surge.links.0.url": "…"}) as lines a supervisor can act on. */
export function fieldErrorLines(fields) {
  const days = Object.fromEntries(DAYS);
  return Object.keys(fields || {}).map((path) => {
    const parts = path.split(".");
    const where = [PART_NAMES[parts[0]] || parts[0]];
    parts.slice(1).forEach((part, index, rest) => {
      if (part === "links" && /^\d+$/.test(rest[index + 1] || "")) return; // "lien 2" says it
      if (/^\d+$/.test(part)) where.push("lien " + (Number(part) + 1));
      else where.push(days[part] || FIELD_NAMES[part] || part);
    });
    return where.join(", ") + " : " + fields[path];
  });
}
