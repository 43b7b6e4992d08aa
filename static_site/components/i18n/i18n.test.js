import assert from "node:assert/strict";
import { test } from "node:test";

import { fill, pageCatalogue, pageLanguage, translator } from "./i18n.js";

function fakeDocument(lang, catalogueText) {
  return {
    documentElement: { lang },
    getElementById: (id) => (id === "guichet-i18n" && catalogueText != null ? { textContent: catalogueText } : null),
  };
}

test("placeholders are filled with the values given, as text", () => {
  assert.equal(fill("Vous êtes n° {n} dans la file", { n: 3 }), "Vous êtes n° 3 dans la file");
  assert.equal(fill("{name} écrit…", { name: "<b>Karim</b>" }), "<b>Karim</b> écrit…");
});

test("a placeholder without a value stays as it is", () => {
  assert.equal(fill("{where} — {min} min", { where: "ici" }), "ici — {min} min");
  assert.equal(fill("{n}", { n: 0 }), "0");
});

test("the translator says a key's string, and the key itself when the catalogue lacks it", () => {
  const t = translator({ queue_position: "You are number {n} in the queue" });
  assert.equal(t("queue_position", { n: 2 }), "You are number 2 in the queue");
  assert.equal(t("nowhere"), "nowhere");
  assert.equal(t.has("queue_position"), true);
  assert.equal(t.has("nowhere"), false);
  assert.equal(t.has("toString"), false);
});

test("the page's catalogue is the JSON sitegen writes in the page", () => {
  const doc = fakeDocument("fr", '{"send": "Envoyer", "close": "<\\/script>"}');
  assert.deepEqual(pageCatalogue(doc), { send: "Envoyer", close: "</script>" });
});

test("a page without a catalogue, or with a broken one, has an empty catalogue", () => {
  assert.deepEqual(pageCatalogue(fakeDocument("fr", null)), {});
  assert.deepEqual(pageCatalogue(fakeDocument("fr", "{not json")), {});
  assert.deepEqual(pageCatalogue(fakeDocument("fr", "null")), {});
});

test("the page's language is one the site knows, French otherwise", () => {
  assert.equal(pageLanguage(fakeDocument("en-GB")), "en");
  assert.equal(pageLanguage(fakeDocument("FR")), "fr");
  assert.equal(pageLanguage(fakeDocument("de")), "fr");
  assert.equal(pageLanguage(fakeDocument("")), "fr");
});
