// What an orientation card shows and where its link may go. The card itself runs in Chromium
// (tests/browser/test_officer_tools.py: the citizen's widget, in French and in English).
import assert from "node:assert/strict";
import { test } from "node:test";

import { cardView, isCard, safeHref } from "./card-data.js";

const ORIGIN = "https://guichet.example";

test("a message is a card when its kind says so and it carries one", () => {
  assert.equal(isCard({ kind: "card", card: { kind: "sheet" } }), true);
  assert.equal(isCard({ text: "bonjour" }), false);
  assert.equal(isCard({ kind: "card", card: null }), false);
});

test("a link is kept when it is a path of this site or an http(s) address", () => {
  assert.equal(safeHref("/fiches/vol-vehicule.html", ORIGIN), "/fiches/vol-vehicule.html");
  assert.equal(safeHref("/unites.html?q=Arcachon", ORIGIN), "/unites.html?q=Arcachon");
  assert.equal(safeHref("https://www.internet-signalement.gouv.fr/", ORIGIN), "https://www.internet-signalement.gouv.fr/");
  assert.equal(safeHref("http://example.org/a", ORIGIN), "http://example.org/a");
  assert.equal(safeHref("https://guichet.example/signaler.html?type=rodeo", ORIGIN), "/signaler.html?type=rodeo");
});

test("any other link is dropped: scripts, data, other schemes, protocol-relative and malformed addresses", () => {
  for (const url of [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/\\evil.example",
    "fiches/relative.html",
    "mailto:a@b.c",
    "",
    null,
    42,
  ]) {
    assert.equal(safeHref(url, ORIGIN), null, String(url));
  }
});

test("a card shows its kind, title and link; external says the link leaves the site", () => {
  const sheet = { kind: "card", text: "Vol de véhicule : /fiches/vol-vehicule.html", card: { kind: "sheet", ref: "vol-vehicule", title: "Vol de véhicule", url: "/fiches/vol-vehicule.html" } };
  assert.deepEqual(cardView(sheet, ORIGIN), { kind: "sheet", title: "Vol de véhicule", href: "/fiches/vol-vehicule.html", external: false });
  const service = { kind: "card", card: { kind: "service", ref: "pharos", title: "PHAROS", url: "https://www.internet-signalement.gouv.fr/" } };
  assert.equal(cardView(service, ORIGIN).external, true);
});

test("a card the data dropped has no link; an unknown kind has none either; the fallback text stands for a missing title", () => {
  assert.deepEqual(cardView({ kind: "card", text: "Ancienne fiche : ", card: { kind: "sheet", ref: "x", title: "Ancienne fiche", url: null } }, ORIGIN), {
    kind: "sheet",
    title: "Ancienne fiche",
    href: null,
    external: false,
  });
  assert.equal(cardView({ kind: "card", card: { kind: "bogus", title: "T", url: "/x" } }, ORIGIN).kind, null);
  assert.equal(cardView({ kind: "card", text: "Texte de secours", card: { kind: "sheet" } }, ORIGIN).title, "Texte de secours");
});
