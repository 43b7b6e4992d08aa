import assert from "node:assert/strict";
import { test } from "node:test";

import { AttentionLedger, titleWith } from "./attention-ledger.js";

test("a conversation and each of its messages are admitted once, however often they come again", () => {
  const ledger = new AttentionLedger();
  assert.equal(ledger.admitConversation("c1"), true);
  assert.equal(ledger.admitConversation("c1"), false);
  assert.equal(ledger.admitMessage("c1", "0000000001"), true);
  assert.equal(ledger.admitMessage("c1", "0000000001"), false);
  assert.equal(ledger.admitMessage("c2", "0000000001"), true, "the same message id in another conversation is news");
});

test("unseen items count per conversation until it is viewed; the total sums them", () => {
  const ledger = new AttentionLedger();
  ledger.addUnseen("c1");
  ledger.addUnseen("c1");
  ledger.addUnseen("c2");
  assert.equal(ledger.unseen("c1"), 2);
  assert.equal(ledger.totalUnseen(), 3);
  assert.equal(ledger.markSeen("c1"), true);
  assert.equal(ledger.markSeen("c1"), false, "nothing left to see");
  assert.equal(ledger.totalUnseen(), 1);
  assert.equal(ledger.unseen("nobody"), 0);
});

test("the ledger survives a reload through its snapshot: nothing announced again, nothing unseen forgotten", () => {
  const ledger = new AttentionLedger();
  ledger.admitMessage("c1", "0000000003");
  ledger.addUnseen("c1");
  const again = new AttentionLedger(JSON.parse(JSON.stringify(ledger)));
  assert.equal(again.knows("c1"), true);
  assert.equal(again.admitMessage("c1", "0000000003"), false);
  assert.equal(again.unseen("c1"), 1);
});

test("a broken snapshot gives an empty ledger", () => {
  for (const snapshot of [null, "x", { conversations: 3 }, { conversations: { c1: { unseen: -2, messages: "no" } } }]) {
    const ledger = new AttentionLedger(snapshot);
    assert.equal(ledger.totalUnseen(), 0);
  }
});

test("conversations that left are forgotten; retain keeps only the server's", () => {
  const ledger = new AttentionLedger();
  ["c1", "c2", "c3"].forEach((id) => ledger.addUnseen(id));
  ledger.forget("c1");
  ledger.retain(["c2"]);
  assert.equal(ledger.knows("c1"), false);
  assert.equal(ledger.knows("c3"), false);
  assert.equal(ledger.totalUnseen(), 1);
});

test("the page title carries the unseen count in front, nothing at zero, 99+ beyond", () => {
  assert.equal(titleWith("Console agent — Guichet", 0), "Console agent — Guichet");
  assert.equal(titleWith("Console agent — Guichet", 3), "(3) Console agent — Guichet");
  assert.equal(titleWith("Console agent — Guichet", 120), "(99+) Console agent — Guichet");
});
