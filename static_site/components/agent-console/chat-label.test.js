import assert from "node:assert/strict";
import { test } from "node:test";

import { answerOverdue, durationText, nextAwaiting, presenceOf, unseenText, waitLine } from "./chat-label.js";
import { notificationBody } from "./desktop-notifications.js";

test("durations read in minutes, then hours and minutes", () => {
  assert.equal(durationText(20), "moins d'1 min");
  assert.equal(durationText(-5), "moins d'1 min");
  assert.equal(durationText(185), "3 min");
  assert.equal(durationText(3900), "1 h 05");
});

test("the citizen waits for an answer from their first unanswered message until the officer writes", () => {
  let since = null;
  since = nextAwaiting(since, { author: "citizen", sent_at: 100 });
  since = nextAwaiting(since, { author: "citizen", sent_at: 130 });
  assert.equal(since, 100);
  assert.equal(nextAwaiting(since, { author: "system", sent_at: 140 }), 100);
  assert.equal(nextAwaiting(since, { author: "agent", sent_at: 150 }), null);
});

test("the wait line says how long ago the citizen came, and how long they wait for an answer", () => {
  const conv = { status: "assigned", createdAt: 1000, awaitingSince: null };
  assert.equal(waitLine(conv, 1000 * 1000 + 12 * 60 * 1000), "depuis 12 min");
  conv.awaitingSince = 1000 + 10 * 60;
  assert.equal(waitLine(conv, 1000 * 1000 + 12 * 60 * 1000), "depuis 12 min · sans réponse depuis 2 min");
  assert.equal(answerOverdue(conv, 1000 * 1000 + 12 * 60 * 1000), true);
  assert.equal(answerOverdue(conv, 1000 * 1000 + 11 * 60 * 1000), false);
  assert.equal(waitLine({ ...conv, status: "closed" }, 1000 * 1000 + 12 * 60 * 1000), "depuis 12 min");
});

test("presence: online, connection lost, left (ended by the citizen or abandoned), closed, unknown while the link is down", () => {
  assert.equal(presenceOf({ status: "assigned", citizenOnline: true }, true), "online");
  assert.equal(presenceOf({ status: "assigned", citizenOnline: false }, true), "offline");
  assert.equal(presenceOf({ status: "assigned", citizenOnline: true }, false), "unknown");
  assert.equal(presenceOf({ status: "closed", closedBy: "citizen" }, true), "left");
  assert.equal(presenceOf({ status: "closed", closedBy: null, outcome: "abandoned" }, true), "left");
  assert.equal(presenceOf({ status: "closed", closedBy: "agent", outcome: "resolved" }, false), "closed");
});

test("the unseen count reads as words, nothing at zero", () => {
  assert.equal(unseenText(0), "");
  assert.equal(unseenText(1), "1 nouveau");
  assert.equal(unseenText(4), "4 nouveaux");
});

test("a notification's body is one short line without bidi controls", () => {
  assert.equal(notificationBody("a\u202Eevil\u202C\n\nb"), "aevil b");
  const long = notificationBody("x".repeat(4000));
  assert.equal(long.length, 140);
  assert.ok(long.endsWith("…"));
});
