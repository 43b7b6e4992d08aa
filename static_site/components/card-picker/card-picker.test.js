// The orientation card picker's catalogue, from the site's own data files, and its search.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { buildCatalogue, cardFrame, searchCatalogue } from "./catalogue.js";

const DATA = new URL("../../data/", import.meta.url);
const read = (name) => JSON.parse(readFileSync(new URL(name, DATA), "utf-8"));
const SITE = {
  sheets: read("fiches-index.json"),
  services: read("external-services.json"),
  units: read("units.json"),
  orientation: read("orientation.json"),
};
// The server's catalogue (tools/orientation_cards.py writes it from the same files).
const SERVER = JSON.parse(readFileSync(new URL("../../../chalicelib/data/orientation-cards.json", import.meta.url), "utf-8"));

test("the picker offers exactly the cards the server knows, kind by kind, with the same links", () => {
  const entries = buildCatalogue(SITE);
  for (const kind of ["sheet", "service", "unit", "report"]) {
    const mine = entries.filter((e) => e.kind === kind);
    assert.deepEqual(mine.map((e) => e.ref).sort(), Object.keys(SERVER.cards[kind]).sort(), kind);
    for (const e of mine) {
      const url = SERVER.cards[kind][e.ref].url;
      if (kind !== "unit") assert.equal(e.url, url, e.ref);
      assert.equal(e.title, SERVER.cards[kind][e.ref].title.fr, e.ref);
    }
  }
});

test("kinds come in the picker's order: sheets, services, units, report forms", () => {
  const kinds = buildCatalogue(SITE).map((e) => e.kind);
  const firsts = ["sheet", "service", "unit", "report"].map((k) => kinds.indexOf(k));
  assert.deepEqual(firsts, [...firsts].sort((a, b) => a - b));
});

test("the search holds every word, accents and case ignored, over titles, ids, details and keywords", () => {
  const entries = buildCatalogue(SITE);
  assert.deepEqual(searchCatalogue(entries, "pharos").map((e) => e.kind + ":" + e.ref).includes("service:pharos"), true);
  assert.ok(searchCatalogue(entries, "PERCEVAL").some((e) => e.ref === "perceval"));
  assert.ok(searchCatalogue(entries, "vehicule vol").some((e) => e.ref === "vol-vehicule"));
  assert.ok(searchCatalogue(entries, "rodeo").some((e) => e.kind === "report" && e.ref === "rodeo"));
  assert.equal(searchCatalogue(entries, "").length, entries.length);
  assert.deepEqual(searchCatalogue(entries, "zzzz introuvable"), []);
});

test("an entry is sent as a send_card frame naming its kind and ref", () => {
  assert.deepEqual(cardFrame("c1", "m1", { kind: "service", ref: "pharos", title: "PHAROS" }), {
    action: "send_card",
    conversation_id: "c1",
    client_msg_id: "m1",
    card: { kind: "service", ref: "pharos" },
  });
});
