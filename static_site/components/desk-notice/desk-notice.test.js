import { test } from "node:test";
import assert from "node:assert/strict";
import { needsNotices, nextOpeningWords, noticeView, safeHref, showsClosed } from "./desk-notice-data.js";

test("only https addresses and paths of this site become links", () => {
  assert.equal(safeHref("https://www.interieur.gouv.fr/attestation"), "https://www.interieur.gouv.fr/attestation");
  assert.equal(safeHref("/fiches/pre-plainte-en-ligne.html"), "/fiches/pre-plainte-en-ligne.html");
  for (const bad of ["javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:x", "http://example.org", "//evil.example", "/\\evil", "data:text/html,x", "https://", "fiches/x.html", "https://a b", "", null, 42]) {
    assert.equal(safeHref(bad), null, String(bad));
  }
});

test("a notice is shown in the page's language, falling back to the other, without unsafe links", () => {
  const notice = {
    text_fr: "Forte affluence",
    text_en: "Very busy",
    links: [
      { url: "/fiches/", label_fr: "Les fiches", label_en: "The sheets" },
      { url: "javascript:alert(1)", label_fr: "piège", label_en: "trap" },
      { url: "https://example.org/", label_fr: "Ailleurs", label_en: "" },
    ],
  };
  assert.deepEqual(noticeView(notice, "en"), {
    text: "Very busy",
    links: [
      { href: "/fiches/", label: "The sheets", external: false },
      { href: "https://example.org/", label: "Ailleurs", external: true },
    ],
  });
  assert.equal(noticeView(notice, "fr").text, "Forte affluence");
  assert.equal(noticeView(null, "fr"), null);
  assert.equal(noticeView({ text_fr: "", text_en: "", links: [] }, "fr"), null);
});

test("the next opening reads today, tomorrow or a day, in the desk's time zone", () => {
  const words = { today: "aujourd'hui", tomorrow: "demain" };
  const now = Date.UTC(2026, 2, 9, 21, 30); // Monday 22:30 in Paris
  const desk = { open: false, timezone: "Europe/Paris", next_opening: Date.UTC(2026, 2, 10, 7, 0) / 1000 };
  assert.deepEqual(nextOpeningWords(desk, "fr", now, words), { day: "demain", time: "08:00" });
  const early = Date.UTC(2026, 2, 10, 4, 0); // Tuesday 05:00 in Paris
  assert.deepEqual(nextOpeningWords(desk, "fr", early, words), { day: "aujourd'hui", time: "08:00" });
  const later = { ...desk, next_opening: Date.UTC(2026, 2, 16, 8, 0) / 1000 };
  assert.deepEqual(nextOpeningWords(later, "en", now, { today: "today", tomorrow: "tomorrow" }), { day: "Monday 16 March", time: "09:00" });
  assert.equal(nextOpeningWords({ ...desk, next_opening: null }, "fr", now, words), null);
});

test("a closed desk shows only to a citizen without a conversation", () => {
  assert.equal(showsClosed({ open: false }, false), true);
  assert.equal(showsClosed({ open: false }, true), false);
  assert.equal(showsClosed({ open: true }, false), false);
  assert.equal(showsClosed(null, false), false);
});

test("a queue frame asks for the notices again only for a revision not shown nor asked for", () => {
  assert.equal(needsNotices(3, 2, null), true);
  assert.equal(needsNotices(3, 3, null), false);
  assert.equal(needsNotices(3, 2, 3), false);
  assert.equal(needsNotices(undefined, 2, null), false);
});
