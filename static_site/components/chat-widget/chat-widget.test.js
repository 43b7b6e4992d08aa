// The chat widget's pure modules: state, what is kept in sessionStorage, the queue line, what opens the
// widget, the frame sent on (re)connection, the start_id and the survey frame. The whole widget runs in
// Chromium in tests/browser/.
import assert from "node:assert/strict";
import { test } from "node:test";

import { translator } from "../i18n/i18n.js";
import { openingFrame } from "./connection.js";
import { newStartId } from "./conversation.js";
import { checkQueueVersion, queueLine } from "./queue.js";
import { freshState, hasConversation, resetState } from "./state.js";
import { parseStoredConversation, storedConversation } from "./storage.js";
import { surveyFrame } from "./survey.js";
import { chatFromHash, isChatPageUrl } from "./triggers.js";

const t = translator({
  queue_position: "Vous êtes n° {n} dans la file",
  queue_wait: "{where} — attente estimée : environ {min} min",
  queue_no_officer: "{where} — aucun policier n'est disponible pour le moment.",
  queue_now: "{where} — un policier va vous répondre.",
});

test("a fresh state has no conversation; going back to the topics keeps the topics and the open panel", () => {
  const state = freshState();
  assert.equal(hasConversation(state), false);
  state.topics = { autre: { id: "autre", label: "Autre" } };
  state.open = true;
  state.conversationId = "c-1";
  state.pending.push({ id: "m", text: "x" });
  assert.equal(hasConversation(state), true);
  const next = resetState(state);
  assert.equal(next.topics, state.topics);
  assert.equal(next.open, true);
  assert.equal(next.conversationId, null);
  assert.deepEqual(next.pending, []);
  assert.notEqual(freshState().pending, freshState().pending);
});

test("a start in flight counts as a conversation", () => {
  const state = freshState();
  state.startTopic = "demarches";
  assert.equal(hasConversation(state), true);
});

test("what is kept of a conversation: ids, watermark, topic, unread, closed, survey, unsent messages", () => {
  const state = freshState();
  Object.assign(state, { conversationId: "c-1", resumeToken: "r", topicId: "autre", unread: 2, status: "closed", surveyDone: true });
  state.pending.push({ id: "m-1", text: "Bonjour", node: {} });
  const kept = storedConversation(state, "0000000004");
  assert.deepEqual(kept, {
    conversation_id: "c-1",
    resume_token: "r",
    last_message_id: "0000000004",
    topic: "autre",
    unread: 2,
    closed: true,
    survey_done: true,
    pending: [{ client_msg_id: "m-1", text: "Bonjour" }],
  });
  assert.deepEqual(parseStoredConversation(JSON.stringify(kept)), kept);
});

test("nothing kept, or something unreadable, is no conversation", () => {
  assert.equal(parseStoredConversation(null), null);
  assert.equal(parseStoredConversation("{oops"), null);
});

test("the queue line gives the position and the wait in whole minutes, at least one", () => {
  assert.deepEqual(queueLine(t, 3, 240), { text: "Vous êtes n° 3 dans la file — attente estimée : environ 4 min", waitUnknown: false });
  assert.equal(queueLine(t, 2, 61).text, "Vous êtes n° 2 dans la file — attente estimée : environ 2 min");
  assert.equal(queueLine(t, 2, 5).text, "Vous êtes n° 2 dans la file — attente estimée : environ 1 min");
});

test("a free slot says an officer will answer; no officer says so and the wait is unknown", () => {
  assert.deepEqual(queueLine(t, 1, 0), { text: "Vous êtes n° 1 dans la file — un policier va vous répondre.", waitUnknown: false });
  assert.deepEqual(queueLine(t, 1, null), {
    text: "Vous êtes n° 1 dans la file — aucun policier n'est disponible pour le moment.",
    waitUnknown: true,
  });
});

test("a queue frame older than the newest seen is stale; equal or newer ones are shown", () => {
  assert.deepEqual(checkQueueVersion({ version: 5 }, null), { fresh: true, version: 5 });
  assert.deepEqual(checkQueueVersion({ version: 4 }, 5), { fresh: false, version: 5 });
  assert.deepEqual(checkQueueVersion({ version: 5 }, 5), { fresh: true, version: 5 });
  assert.deepEqual(checkQueueVersion({ version: 7 }, 5), { fresh: true, version: 7 });
  assert.deepEqual(checkQueueVersion({}, 5), { fresh: true, version: 5 });
});

test("links to this site's chat page open the widget; other pages, sites and fragments do not", () => {
  const here = new URL("https://guichet.example/fiches/vol.html");
  assert.equal(isChatPageUrl("/chat.html", here), true);
  assert.equal(isChatPageUrl("/en/chat.html?x=1", here), true);
  assert.equal(isChatPageUrl("/chat.html#top", here), false);
  assert.equal(isChatPageUrl("/signaler.html", here), false);
  assert.equal(isChatPageUrl("https://elsewhere.example/chat.html", here), false);
  assert.equal(isChatPageUrl("http://[bad", here), false);
});

test("#chat opens the widget, #chat=<topic> suggests a topic", () => {
  assert.deepEqual(chatFromHash("#chat"), { topic: null });
  assert.deepEqual(chatFromHash("#chat=escroquerie"), { topic: "escroquerie" });
  assert.equal(chatFromHash("#chat=<script>"), null);
  assert.equal(chatFromHash("#contenu"), null);
  assert.equal(chatFromHash(""), null);
});

test("on each connection: resume a known conversation (from the start on a fresh page), else send the start again", () => {
  const state = freshState();
  assert.equal(openingFrame(state, null, "fr"), null);
  Object.assign(state, { startTopic: "autre", startId: "s".repeat(36) });
  assert.deepEqual(openingFrame(state, null, "en"), { action: "start", topic: "autre", lang: "en", start_id: "s".repeat(36) });
  Object.assign(state, { conversationId: "c-1", resumeToken: "r", startTopic: null });
  assert.deepEqual(openingFrame(state, "0000000003", "fr"), { action: "resume", conversation_id: "c-1", resume_token: "r", after: null });
  state.resumedOnce = true;
  assert.equal(openingFrame(state, "0000000003", "fr").after, "0000000003");
});

test("a start_id is 36 hexadecimal characters from the random source", () => {
  const id = newStartId();
  assert.match(id, /^[0-9a-f]{36}$/);
  assert.notEqual(newStartId(), id);
  const zeros = newStartId({ getRandomValues: (bytes) => bytes.fill(10) });
  assert.equal(zeros, "0a".repeat(18));
});

test("the survey needs its three answers; the comment is trimmed, cut at 1,000 characters, left out when empty", () => {
  const answers = { "cw-found": "yes", "cw-understood": "no", "cw-rating": "4" };
  assert.deepEqual(surveyFrame(answers, "  "), { action: "survey", found_easily: true, understood: false, rating: 4 });
  assert.equal(surveyFrame(answers, " merci ").comment, "merci");
  assert.equal(surveyFrame(answers, "x".repeat(1200)).comment.length, 1000);
  assert.equal(surveyFrame({ ...answers, "cw-rating": null }, ""), null);
});
