import assert from "node:assert/strict";
import { test } from "node:test";

import { countText, fold, prepare, queryTokens, search } from "./search.js";

const sheets = [
  { slug: "escroquerie-en-ligne", url: "/fiches/escroquerie-en-ligne.html", title: "Escroquerie et arnaque en ligne", summary: "Faux site, faux vendeur.", keywords: ["arnaque", "escroquerie", "faux site"] },
  { slug: "papiers-perdus-voles", url: "/fiches/papiers-perdus-voles.html", title: "Papiers perdus ou volés", summary: "Carte d'identité, passeport.", keywords: ["carte identité", "passeport", "perte"] },
  { slug: "vol-vehicule", url: "/fiches/vol-vehicule.html", title: "Vol de véhicule", summary: "Voiture, moto volée.", keywords: ["voiture", "vol"] },
].map(prepare);

test("folding drops accents, case, ligatures and punctuation", () => {
  assert.equal(fold("Œuvre d'Élodie — Carte d’identité"), "oeuvre d elodie carte d identite");
  assert.equal(fold(null), "");
});

test("query words leave out the stopwords (unless nothing else is left) and read plurals as singulars", () => {
  assert.deepEqual(queryTokens("les papiers de ma voiture"), ["papier", "voiture"]);
  assert.deepEqual(queryTokens("de la"), ["de", "la"]);
});

test("every word must start a word of the sheet; a title hit ranks first", () => {
  assert.deepEqual(search(sheets, "arnaq").map((s) => s.slug), ["escroquerie-en-ligne"]);
  assert.deepEqual(search(sheets, "vol voiture").map((s) => s.slug), ["vol-vehicule"]);
  assert.deepEqual(search(sheets, "carte identite").map((s) => s.slug), ["papiers-perdus-voles"]);
  assert.deepEqual(search(sheets, "licorne"), []);
  assert.equal(search(sheets, "  "), null);
});

test("the count says how many sheets were found, or how many there are", () => {
  assert.equal(countText(null, 30), "30 fiches");
  assert.equal(countText(1, 30), "1 fiche trouvée");
  assert.equal(countText(4, 30), "4 fiches trouvées");
});
