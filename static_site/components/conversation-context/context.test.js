import test from "node:test";
import assert from "node:assert/strict";
import { arrivalMarks, contextLine } from "./context.js";

test("the context line says the wait, resumes, re-queues and who transferred it", () => {
  assert.equal(contextLine({ assigned_at: 100, waited_s: 250, resumed_count: 1, requeued_count: 2, transferred_from: { display_name: "Lt Martin" } }),
    "A attendu 4 min · revenu·e 1 fois · remis·e en file 2 fois · transférée par Lt Martin");
  assert.equal(contextLine({ assigned_at: 100, waited_s: 20, resumed_count: 0, requeued_count: 0, transferred_from: null }), "A attendu moins d'1 min");
  assert.equal(contextLine({ assigned_at: null }), "");
});

test("the separators go before the first message written before the officer came, and before the first after", () => {
  const messages = [
    { message_id: "0000000002", sent_at: 50 },
    { message_id: "0000000001", sent_at: 40 },
    { message_id: "0000000003", sent_at: 120 },
  ];
  assert.deepEqual(arrivalMarks(messages, 100), { before: "0000000001", after: "0000000003" });
  assert.deepEqual(arrivalMarks(messages.slice(0, 2), 100), { before: "0000000001", after: null });
  assert.deepEqual(arrivalMarks(messages, 10), { before: null, after: null });
  assert.deepEqual(arrivalMarks(messages, null), { before: null, after: null });
});
