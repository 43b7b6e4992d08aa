// The console's pure parts: the token's claims, the state's counts, the queue rows and the closing line
// (the workspace's labels, attention and shortcuts have test files of their own). The whole console runs
// in Chromium in tests/browser/.
import assert from "node:assert/strict";
import { test } from "node:test";

import { closedLine } from "./conversations.js";
import { capacityOf, freshConsoleState, isNewerSnapshot, openCount } from "./state.js";
import { t } from "./strings.js";
import { claimsOf, tokenExpired } from "./token.js";
import { waitedFor, waitingHint } from "./waiting-list.js";

function jwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return part({ alg: "RS256" }) + "." + part(claims) + ".signature";
}

test("the token's claims are read for display, accents included; a broken token has none", () => {
  assert.deepEqual(claimsOf(jwt({ name: "Brigadière Léa M.", exp: 10 })), { name: "Brigadière Léa M.", exp: 10 });
  assert.deepEqual(claimsOf("not.a-token"), {});
  assert.deepEqual(claimsOf(""), {});
});

test("a token has expired once its exp has passed; one without exp never does here", () => {
  assert.equal(tokenExpired(jwt({ exp: 100 }), 100_000), true);
  assert.equal(tokenExpired(jwt({ exp: 101 }), 100_000), false);
  assert.equal(tokenExpired(jwt({ name: "x" }), 100_000), false);
});

test("an older waiting-list snapshot arriving late is not shown; the same or a newer one is", () => {
  assert.equal(isNewerSnapshot({ version: 4 }, 5), false);
  assert.equal(isNewerSnapshot({ version: 5 }, 5), true);
  assert.equal(isNewerSnapshot({ version: 6 }, 5), true);
});

test("open conversations leave out the closed ones; capacity is 3 until the server says", () => {
  const state = freshConsoleState();
  assert.equal(capacityOf(state), 3);
  state.agent = { capacity: 2 };
  state.order = ["a", "b", "c"];
  state.conversations = { a: { status: "assigned" }, b: { status: "closed" }, c: { status: "assigned" } };
  assert.equal(openCount(state), 2);
  assert.equal(capacityOf(state), 2);
});

test("a queue row says the citizen's place, or that they are offline, and how long they have waited", () => {
  const now = 1_000_000_000;
  assert.equal(waitedFor(now / 1000 - 30, now), "moins d'une minute");
  assert.equal(waitedFor(now / 1000 - 185, now), "3 min");
  assert.equal(waitedFor(now / 1000 + 60, now), "moins d'une minute");
  assert.equal(waitingHint({ position: 2 }, "3 min"), " n° 2 · attend depuis 3 min");
  assert.equal(waitingHint({ position: null }, "3 min"), " hors ligne · attend depuis 3 min");
});

test("the closing line says who closed it and the outcome, not the citizen's own ending twice", () => {
  const labels = { resolved: "réponse apportée" };
  assert.equal(closedLine("agent", "resolved", labels), "Conversation close par vous — réponse apportée.");
  assert.equal(closedLine("citizen", "ended_by_citizen", labels), "Conversation close par le citoyen.");
  assert.equal(closedLine(null, null, labels), "Conversation close automatiquement.");
  assert.equal(closedLine("agent", "mystery", labels), "Conversation close par vous — mystery.");
});

test("every error code the console names has its words; others get the generic one", () => {
  for (const code of ["agent_unavailable", "assignment_conflict", "not_waiting", "forbidden", "not_found"]) {
    assert.ok(t.has("error_" + code), code);
  }
  assert.equal(t.has("error_made_up"), false);
});

test("an officer-side message is « Vous » when it is this console's, else the joined supervisor's name or « Agent »", async () => {
  const { officerSideName, consoleLogOptions } = await import("./conversation-panel.js");
  const mineWhenUnnamed = (m) => !m || !m.by;
  assert.equal(officerSideName(null, mineWhenUnnamed), "Vous");
  assert.equal(officerSideName({ author: "agent" }, mineWhenUnnamed), "Vous");
  assert.equal(officerSideName({ author: "agent", by: { display_name: "Capitaine Hélène R." } }, mineWhenUnnamed), "Capitaine Hélène R.");
  assert.equal(officerSideName({ author: "agent" }, () => false), "Agent");
  const options = consoleLogOptions({}, mineWhenUnnamed);
  assert.equal(options.authorClass("agent", { by: { display_name: "X" } }), "agent");
  assert.equal(options.authorClass("agent", null), "self");
  assert.equal(options.authorName("citizen", null), "Citoyen");
});
