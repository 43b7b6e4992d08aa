import test from "node:test";
import assert from "node:assert/strict";
import {
  auditLine,
  chatDetail,
  doneText,
  duration,
  errorText,
  isSupervisorClaims,
  listsOf,
  officerDetail,
  reassignTargets,
} from "./supervisor-logic.js";

const BOARD = {
  type: "board",
  version: 17,
  at: 1764670000,
  waiting: { total: 0, longest_wait_s: null, by_topic: [] },
  officers: [
    { agent_id: "a2", display_name: "Gardienne Léa B.", status: "away", capacity: 3, open_chats: 0, since_last_answer_s: 5 },
    { agent_id: "a1", display_name: "Brigadier Martin", status: "available", capacity: 3, open_chats: 2, since_last_answer_s: 45 },
  ],
  chats: [{ conversation_id: "c1", topic: "vol", agent_id: "a1", display_name: "Brigadier Martin", alias: "Citoyen·ne 0RT", assigned_s: 300, awaiting_reply_s: 20 }],
};

test("only a token in the supervisors group is a supervisor's", () => {
  assert.equal(isSupervisorClaims({ "cognito:groups": ["agents", "supervisors"] }), true);
  assert.equal(isSupervisorClaims({ "cognito:groups": ["agents"] }), false);
  assert.equal(isSupervisorClaims({ "cognito:groups": "supervisors" }), false);
  assert.equal(isSupervisorClaims({}), false);
});

test("a board frame gives officers by name and the chats; an older version changes nothing", () => {
  const lists = listsOf(BOARD);
  assert.deepEqual(lists.officers.map((o) => o.agent_id), ["a1", "a2"]);
  assert.equal(lists.version, 17);
  assert.equal(lists.chats[0].awaiting_reply_s, 20);
  assert.equal(listsOf({ ...BOARD, version: 16 }, 17), null);
  assert.equal(listsOf({ type: "waiting" }), null);
});

test("a supervision frame (the answer to supervise_list) reads the same way and keeps the board's version", () => {
  const lists = listsOf({ type: "supervision", officers: [{ agent_id: "s", display_name: "Capitaine", status: "away", capacity: 3, open_chats: 0, supervisor: true }], chats: [] }, 17);
  assert.equal(lists.version, 17);
  assert.equal(lists.officers[0].supervisor, true);
});

test("a chat goes to another officer online with a free slot, available or a supervisor", () => {
  const officers = [
    { agent_id: "a1", status: "available", capacity: 3, open_chats: 1, supervisor: false },
    { agent_id: "a2", status: "available", capacity: 2, open_chats: 2, supervisor: false },
    { agent_id: "a3", status: "away", capacity: 3, open_chats: 0, supervisor: false },
    { agent_id: "s1", status: "away", capacity: 3, open_chats: 0, supervisor: true },
    { agent_id: "a4", status: "available", capacity: 5, open_chats: 4, supervisor: false },
  ];
  assert.deepEqual(reassignTargets(officers, { agent_id: "a1" }).map((o) => o.agent_id), ["s1", "a4"]);
});

test("durations and lines read short, in French", () => {
  assert.equal(duration(45), "45 s");
  assert.equal(duration(300), "5 min");
  assert.equal(duration(3900), "1 h 05");
  assert.equal(officerDetail({ status: "available", open_chats: 2, capacity: 3 }), "disponible · 2/3");
  assert.equal(officerDetail({ status: "away", open_chats: 0, capacity: 1, supervisor: true }), "superviseur·e · en pause · 0/1");
  assert.equal(chatDetail(listsOf(BOARD).chats[0]), "avec Brigadier Martin · depuis 5 min · attend une réponse depuis 20 s");
});

test("each action done and each refusal is said in a sentence", () => {
  assert.match(doneText("reassign", { alias: "Citoyen·ne 0RT", name: "Léa" }), /réattribuée à Léa/);
  assert.match(doneText("set_capacity", { name: "Léa", n: 4 }), /Léa : 4/);
  assert.equal(doneText("unknown", {}), "");
  assert.match(errorText("forbidden"), /réservé aux superviseurs/);
  assert.match(errorText("colleague_unavailable"), /ne peut pas la recevoir/);
  assert.match(errorText("something_new"), /réessayez/);
});

test("an audit entry reads who did what to which conversation or officer, never a message", () => {
  const alias = (id) => "Citoyen·ne " + id.toUpperCase();
  const names = { a1: "Brigadier Martin", a2: "Léa B." };
  const nameOf = (id) => names[id] || id;
  const at = Date.UTC(2026, 11, 2, 13, 5) / 1000; // 14:05 in Paris
  const actor = { agent_id: "sup", display_name: "Capitaine Hélène R." };
  assert.equal(
    auditLine({ at, actor, action: "reassign", conversation_id: "c1", agent_id: "a1", value: "a2" }, alias, nameOf),
    "14:05 — Capitaine Hélène R. a réattribué Citoyen·ne C1 (de Brigadier Martin à Léa B.)",
  );
  assert.equal(auditLine({ at, actor, action: "set_capacity", agent_id: "a2", value: "4" }, alias, nameOf), "14:05 — Capitaine Hélène R. a changé la capacité de Léa B. : 4");
  assert.equal(auditLine({ at, actor, action: "watch", conversation_id: "c9", agent_id: "a1" }, alias, nameOf), "14:05 — Capitaine Hélène R. a observé Citoyen·ne C9");
  assert.equal(auditLine({ at, actor, action: "pin_answer", agent_id: null }, alias, nameOf), "14:05 — Capitaine Hélène R. pin_answer");
  assert.equal(auditLine({ at, actor, action: "desk_notices", value: "3" }, alias, nameOf), "14:05 — Capitaine Hélène R. a modifié les annonces du tchat (version 3)");
});
