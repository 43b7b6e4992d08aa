// Canned answers' pure parts: the `/shortcut` being typed, the suggestions, the insertion, the rights and
// the editor's checks; the REST paths. The picker, the editor and the suggestions run in Chromium in
// tests/browser/test_officer_tools.py.
import assert from "node:assert/strict";
import { test } from "node:test";

import { answersPath, createCannedApi } from "./api.js";
import {
  answerText,
  canManage,
  draftBody,
  draftErrors,
  insertText,
  isSupervisorOf,
  matchesSearch,
  slashQuery,
  suggest,
} from "./shortcut.js";

const ANSWERS = [
  { id: "p-1", scope: "personal", title: "Mon bonjour", shortcut: "bonjour-perso", text: "Bonjour !", text_en: null },
  { id: "s-1", scope: "shared", title: "Bonjour et présentation", shortcut: "bonjour", text: "Bonjour, je suis policier.", text_en: "Hello, I am a police officer." },
  { id: "s-2", scope: "shared", title: "Attestation couvre-feu", shortcut: "couvre-feu", text: "Pendant le couvre-feu…", text_en: null },
  { id: "s-3", scope: "shared", title: "Dérogation", shortcut: "derogation", text: "Les dérogations…", text_en: null },
];

test("a slash at the start of the reply or after a space, then shortcut characters up to the caret, is a shortcut being typed", () => {
  assert.deepEqual(slashQuery("/couv"), { query: "couv", start: 0, end: 5 });
  assert.deepEqual(slashQuery("Bonjour /der"), { query: "der", start: 8, end: 12 });
  assert.deepEqual(slashQuery("/"), { query: "", start: 0, end: 1 });
  assert.deepEqual(slashQuery("/COUV"), { query: "couv", start: 0, end: 5 });
  assert.deepEqual(slashQuery("/couv suite", 5), { query: "couv", start: 0, end: 5 });
});

test("a slash inside a word or an address, or a finished shortcut followed by a space, is not one", () => {
  assert.equal(slashQuery("https://example.org/page"), null);
  assert.equal(slashQuery("et/ou"), null);
  assert.equal(slashQuery("/couvre-feu "), null);
  assert.equal(slashQuery("bonjour"), null);
  assert.equal(slashQuery("/déro"), null);
});

test("suggestions start with the shortcuts that begin with what is typed, then those holding it in their shortcut or title", () => {
  assert.deepEqual(suggest(ANSWERS, "bon").map((a) => a.id), ["p-1", "s-1"]);
  assert.deepEqual(suggest(ANSWERS, "feu").map((a) => a.id), ["s-2"]);
  assert.deepEqual(suggest(ANSWERS, "attest").map((a) => a.id), ["s-2"]);
  assert.deepEqual(suggest(ANSWERS, "zzz"), []);
  assert.equal(suggest(ANSWERS, "").length, 4);
  assert.equal(suggest(ANSWERS, "", 2).length, 2);
});

test("a search holds every word, accents and case ignored, in the title, shortcut or texts", () => {
  assert.equal(matchesSearch(ANSWERS[3], "derogation"), true);
  assert.equal(matchesSearch(ANSWERS[1], "HELLO police"), true);
  assert.equal(matchesSearch(ANSWERS[1], "hello voleur"), false);
});

test("an English conversation gets the English text when there is one, else the French", () => {
  assert.equal(answerText(ANSWERS[1], "en"), "Hello, I am a police officer.");
  assert.equal(answerText(ANSWERS[1], "fr"), "Bonjour, je suis policier.");
  assert.equal(answerText(ANSWERS[2], "en"), "Pendant le couvre-feu…");
});

test("an inserted answer replaces the typed shortcut, or goes at the caret; the caret lands after it", () => {
  assert.deepEqual(insertText("Bonjour /couv", { start: 8, end: 13 }, "Texte."), { text: "Bonjour Texte.", caret: 14 });
  assert.deepEqual(insertText("/couv et la suite", { start: 0, end: 5 }, "Texte"), { text: "Texte et la suite", caret: 5 });
  assert.deepEqual(insertText("Avant après", { start: 6, end: 6 }, "X "), { text: "Avant X après", caret: 8 });
});

test("an officer manages their own answers; shared ones only as a supervisor", () => {
  assert.equal(canManage(ANSWERS[0], false), true);
  assert.equal(canManage(ANSWERS[1], false), false);
  assert.equal(canManage(ANSWERS[1], true), true);
  assert.equal(isSupervisorOf({ "cognito:groups": ["agents", "supervisors"] }), true);
  assert.equal(isSupervisorOf({ "cognito:groups": ["agents"] }), false);
  assert.equal(isSupervisorOf({}), false);
});

test("the editor checks what the server checks, and names the message of each wrong field", () => {
  assert.deepEqual(draftErrors({ title: "Titre", shortcut: "couvre-feu", text: "Texte" }), {});
  assert.deepEqual(draftErrors({ title: " ", shortcut: "", text: "" }), {
    title: "canned_error_title_missing",
    shortcut: "canned_error_shortcut_missing",
    text: "canned_error_text_missing",
  });
  assert.equal(draftErrors({ title: "x".repeat(81), shortcut: "a", text: "t" }).title, "canned_error_title_long");
  for (const bad of ["-tiret", "Majuscule", "accentué", "a b", "x".repeat(33)]) {
    assert.equal(draftErrors({ title: "T", shortcut: bad, text: "t" }).shortcut, "canned_error_shortcut_pattern", bad);
  }
  assert.equal(draftErrors({ title: "T", shortcut: "a", text: "t".repeat(4001) }).text, "canned_error_text_long");
  assert.equal(draftErrors({ title: "T", shortcut: "a", text: "t", text_en: "t".repeat(4001) }).text_en, "canned_error_text_long");
});

test("a request body is trimmed, an empty English text is null, and the scope goes only with a new answer", () => {
  const draft = { title: " Titre ", shortcut: "raccourci ", text: " Texte ", text_en: "  ", scope: "shared" };
  assert.deepEqual(draftBody(draft, true), { title: "Titre", shortcut: "raccourci", text: "Texte", text_en: null, scope: "shared" });
  assert.deepEqual(draftBody({ ...draft, text_en: "Text" }, false), { title: "Titre", shortcut: "raccourci", text: "Texte", text_en: "Text" });
});

test("the answers' paths: the list with its search (100 characters at most), one answer by its id", () => {
  assert.equal(answersPath("/api"), "/api/agent/canned-answers");
  assert.equal(answersPath("/api", { query: " couvre feu " }), "/api/agent/canned-answers?q=couvre%20feu");
  assert.equal(answersPath("/api", { query: "x".repeat(150) }).length, "/api/agent/canned-answers?q=".length + 100);
  assert.equal(answersPath("/api", { id: "p-abc" }), "/api/agent/canned-answers/p-abc");
});

test("the REST client sends the ID token and answers the server's code, or network when unreachable", async () => {
  const calls = [];
  const answers = [
    { ok: true, status: 200, json: async () => ({ answers: [] }) },
    { ok: false, status: 409, json: async () => ({ code: "shortcut_taken", message: "…" }) },
  ];
  const api = createCannedApi({
    apiBase: "/api",
    idToken: () => "id-token",
    fetch: async (path, init) => {
      calls.push([path, init]);
      return answers.shift();
    },
  });
  assert.deepEqual(await api.list("a"), { ok: true, status: 200, answers: [] });
  assert.equal(calls[0][1].headers.Authorization, "Bearer id-token");
  assert.deepEqual(await api.create({ title: "t" }), { ok: false, status: 409, code: "shortcut_taken", fields: {} });
  assert.equal(calls[1][1].body, JSON.stringify({ title: "t" }));
  const offline = createCannedApi({ apiBase: "/api", idToken: () => "x", fetch: async () => Promise.reject(new TypeError("down")) });
  assert.deepEqual(await offline.remove("p-1"), { ok: false, status: 0, code: "network" });
  const signedOut = createCannedApi({ apiBase: "/api", idToken: () => null, fetch: async () => assert.fail("no call") });
  assert.equal((await signedOut.list()).status, 401);
});
