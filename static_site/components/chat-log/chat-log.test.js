import assert from "node:assert/strict";
import { test } from "node:test";

import { contiguousWatermark, insertionIndex, messageId, timeOf } from "./chat-log.js";

test("message ids are ten-digit, zero-padded sequence numbers that compare as strings", () => {
  assert.equal(messageId(7), "0000000007");
  assert.equal(messageId(1234567890), "1234567890");
  assert.ok(messageId(9) < messageId(10));
});

test("the watermark is the last id up to which no message is missing", () => {
  assert.equal(contiguousWatermark(new Set()), null);
  assert.equal(contiguousWatermark(new Set([messageId(1), messageId(2), messageId(3)])), messageId(3));
  assert.equal(contiguousWatermark(new Set([messageId(1), messageId(2), messageId(4)])), messageId(2));
  assert.equal(contiguousWatermark(new Set([messageId(2), messageId(3)])), null);
});

test("a message goes before the first row with a later id", () => {
  const rows = [messageId(1), null, messageId(3), messageId(5)];
  assert.equal(insertionIndex(rows, messageId(4)), 3);
  assert.equal(insertionIndex(rows, messageId(2)), 2);
  assert.equal(insertionIndex(rows, messageId(0)), 0);
});

test("a message later than every row has no row to go before (it goes before the pending ones)", () => {
  assert.equal(insertionIndex([messageId(1), null], messageId(2)), -1);
  assert.equal(insertionIndex([], messageId(1)), -1);
});

test("times are hours and minutes in the page's locale", () => {
  const noonUtc = Date.UTC(2026, 0, 15, 12, 5) / 1000;
  const local = new Date(noonUtc * 1000);
  const expected = local.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  assert.equal(timeOf(noonUtc), expected);
  assert.match(timeOf(noonUtc, "en-GB"), /^\d\d:\d\d$/);
});
