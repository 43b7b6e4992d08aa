import test from "node:test";
import assert from "node:assert/strict";
import { colleagueDetail, reminderText, resultText, secondsLeft, sortColleagues, unassignedText } from "./transfer-logic.js";

test("colleagues are listed supervisors first, then by name", () => {
  const sorted = sortColleagues([
    { agent_id: "a", display_name: "Zoé", supervisor: false },
    { agent_id: "b", display_name: "Capitaine", supervisor: true },
    { agent_id: "c", display_name: "Élodie", supervisor: false },
  ]);
  assert.deepEqual(sorted.map((c) => c.agent_id), ["b", "c", "a"]);
  assert.deepEqual(sortColleagues(undefined), []);
});

test("a colleague's line says supervisor, status and free slots", () => {
  assert.equal(colleagueDetail({ supervisor: true, status: "away", free_slots: 2 }), "superviseur·e, absent·e, 2 places libres");
  assert.equal(colleagueDetail({ supervisor: false, status: "available", free_slots: 1 }), "disponible, 1 place libre");
});

test("the countdown counts whole seconds and stops at zero", () => {
  assert.equal(secondsLeft(10_500, 0), 11);
  assert.equal(secondsLeft(1_000, 5_000), 0);
});

test("the holder is told whether the colleague accepted, declined or let the offer expire", () => {
  assert.match(resultText("accepted", "Lt Martin", "Citoyen·ne AB"), /Lt Martin a accepté/);
  assert.match(resultText("declined", "Lt Martin", "Citoyen·ne AB"), /Lt Martin a refusé.*vous la gardez/);
  assert.match(resultText("expired", null, "Citoyen·ne AB"), /sans réponse/);
});

test("a conversation leaving the workspace says why", () => {
  assert.match(unassignedText("transferred", "Citoyen·ne AB", "Vol", "Lt Martin"), /transférée à Lt Martin/);
  assert.match(unassignedText("no_reply", "Citoyen·ne AB", "Vol"), /retournée dans la file/);
  assert.match(unassignedText("taken_over", "Citoyen·ne AB", "Vol"), /un superviseur a pris la conversation en charge/);
  assert.match(unassignedText("reassigned", "Citoyen·ne AB", "Vol"), /réattribué/);
});

test("the reminder gives the seconds left before the re-queue", () => {
  assert.equal(reminderText(29.6), "Le citoyen attend votre réponse : sans réponse, la conversation retournera dans la file dans 30 s.");
});
