// The citizen's status check without a browser: what is sent, and what each answer says (one neutral sentence
// for an unknown reference and a wrong code alike; nothing of the report but its status and date).
import assert from "node:assert/strict";
import { test } from "node:test";

import { NOT_FOUND, STATUS_SENTENCES, answerFor, checkBody, lastChange, missingFields } from "./status-words.js";

test("the reference is sent trimmed and in capitals, the code as typed", () => {
  assert.deepEqual(checkBody("  sig-2026-ab3def ", " abcd efgh "), { reference: "SIG-2026-AB3DEF", secret: "abcd efgh" });
  assert.deepEqual(Object.keys(missingFields(checkBody("", ""))), ["reference", "secret"]);
  assert.deepEqual(missingFields(checkBody("SIG-2026-AB3DEF", "x")), {});
});

test("each status has its sentence, with the date of the last change in the desk's zone", () => {
  for (const status of ["new", "in_progress", "forwarded", "closed"]) {
    const answer = answerFor(200, { reference: "SIG-2026-AB3DEF", status, updated_at: Date.UTC(2026, 11, 2, 9, 53) / 1000 });
    assert.equal(answer.kind, "status");
    assert.equal(answer.text, STATUS_SENTENCES[status]);
    assert.equal(answer.detail, "Dernier changement le 02/12/2026 à 10:53.");
  }
  assert.equal(lastChange(Date.UTC(2026, 0, 1, 0, 0) / 1000), "le 01/01/2026 à 01:00");
});

test("an unknown reference and a wrong code get the same neutral words", () => {
  assert.deepEqual(answerFor(404, { code: "unknown_report" }), { kind: "not_found", text: NOT_FOUND });
  assert.deepEqual(answerFor(404, null), { kind: "not_found", text: NOT_FOUND });
});

test("a malformed reference is said beside its field, a refusal for volume says when to retry", () => {
  const fields = answerFor(400, { code: "invalid_fields", fields: { reference: "Indiquez la référence reçue" } });
  assert.equal(fields.kind, "fields");
  assert.deepEqual(fields.fields, { reference: "Indiquez la référence reçue" });
  assert.match(answerFor(429, { code: "rate_limited", retry_after_s: 600 }).text, /dans 10 minutes/);
  assert.equal(answerFor(0, null).kind, "error");
  assert.equal(answerFor(500, {}).kind, "error");
});

test("an answer with an unknown status shows no text from the server", () => {
  const answer = answerFor(200, { status: "<img src=x onerror=alert(1)>", updated_at: 1 });
  assert.equal(answer.kind, "error");
  assert.doesNotMatch(answer.text, /img/);
});
