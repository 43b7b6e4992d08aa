// Internal notes' pure parts: the frame, the text sent, who wrote it, where it goes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { NOTE_MAX, noteAuthor, noteFrame, noteIndex, noteText } from "./note-data.js";

test("a note is sent as add_note with its conversation, client_msg_id and text", () => {
  assert.deepEqual(noteFrame("c1", "m1", "Rappeler demain"), {
    action: "add_note",
    conversation_id: "c1",
    client_msg_id: "m1",
    text: "Rappeler demain",
  });
});

test("a note's text is trimmed; an empty or over-long one is not sent", () => {
  assert.equal(noteText("  Vu  "), "Vu");
  assert.equal(noteText("   "), null);
  assert.equal(noteText(undefined), null);
  assert.equal(noteText("x".repeat(NOTE_MAX)).length, NOTE_MAX);
  assert.equal(noteText("x".repeat(NOTE_MAX + 1)), null);
});

test("the officer's own notes say Vous; others name their writer", () => {
  const note = { author: { agent_id: "agent1", display_name: "Brigadier Karim D." } };
  assert.equal(noteAuthor(note, "agent1", "Vous"), "Vous");
  assert.equal(noteAuthor(note, "superviseur", "Vous"), "Brigadier Karim D.");
  assert.equal(noteAuthor({ author: { agent_id: "x" } }, null, "Vous"), "x");
});

test("a note goes before the first stored note with a later id, else after the stored ones", () => {
  assert.equal(noteIndex(["0000000001", "0000000003", null], "0000000002"), 1);
  assert.equal(noteIndex(["0000000001", null], "0000000002"), -1);
});
