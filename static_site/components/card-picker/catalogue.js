/*
 * What an officer may send as an orientation card, from the site's own data (static_site/data/: the
 * sheets' index, external-services.json, units.json, the report outcomes of orientation.json): the same
 * sources the server's catalogue is generated from (tools/orientation_cards.py), so every entry here is
 * one the server knows. Pure: the entries, and the search over them.
 */
import { fold } from "../sheet-search/search.js";

export const DATA_FILES = {
  sheets: "data/fiches-index.json",
  services: "data/external-services.json",
  units: "data/units.json",
  orientation: "data/orientation.json",
};

/** The order the picker lists kinds in. */
export const KIND_ORDER = ["sheet", "service", "unit", "report"];

function entry(kind, ref, title, url, detail, extra) {
  return { kind, ref, title, url, detail: detail || "", haystack: fold([title, ref, detail || "", extra || ""].join(" ")) };
}

/**
 * Every card an officer may send: [{kind, ref, title, url, detail, haystack}], in KIND_ORDER then as the data
 * lists them. `url` is the link the server gives the card (for the officer's own log).
 */
export function buildCatalogue({ sheets, services, units, orientation }) {
  const out = [];
  ((sheets && sheets.sheets) || []).forEach((s) => {
    out.push(entry("sheet", s.slug, s.title, s.url, s.theme_label, (s.keywords || []).join(" ")));
  });
  ((services && services.services) || []).forEach((s) => {
    out.push(entry("service", s.id, s.name, s.url, s.url, s.description));
  });
  ((units && units.units) || []).forEach((u) => {
    const url = "/unites.html?q=" + encodeURIComponent(u.commune);
    out.push(entry("unit", u.id, u.name, url, [u.postcode, u.commune].filter(Boolean).join(" "), u.kind));
  });
  ((orientation && orientation.outcomes) || [])
    .filter((o) => o.kind === "report" && o.report)
    .forEach((o) => {
      const url = "/signaler.html?type=" + encodeURIComponent(o.report);
      out.push(entry("report", o.report, o.title, url, url));
    });
  return out;
}

/** The entries holding every word of the search (accents and case ignored); all of them for an empty one. */
export function searchCatalogue(entries, query) {
  const words = fold(query).split(" ").filter(Boolean);
  if (!words.length) return entries.slice();
  return entries.filter((e) => words.every((word) => e.haystack.includes(word)));
}

/** The send_card frame for an entry. */
export function cardFrame(conversationId, clientMsgId, item) {
  return {
    action: "send_card",
    conversation_id: conversationId,
    client_msg_id: clientMsgId,
    card: { kind: item.kind, ref: item.ref },
  };
}
