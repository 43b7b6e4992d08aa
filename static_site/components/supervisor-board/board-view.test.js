import { test } from "node:test";
import assert from "node:assert/strict";
import {
  boardSummary,
  chartSeries,
  chatRows,
  commentRows,
  formatDuration,
  gapLabel,
  hourRows,
  isNewerBoard,
  isSupervisor,
  officerRows,
  staffingView,
  summarySentence,
  surveySummary,
  tick,
  todayIsStale,
  topicRows,
} from "./board-view.js";

const BOARD = {
  type: "board",
  version: 17,
  at: 1000,
  waiting: { total: 3, offline: 0, longest_wait_s: 340, by_topic: [{ topic: "victime", waiting: 2, longest_wait_s: 340 }, { topic: "autre", waiting: 1, longest_wait_s: 20 }] },
  officers: [
    { agent_id: "a1", display_name: "Brigadier Martin", status: "available", capacity: 3, open_chats: 3, since_last_answer_s: 45, supervisor: false },
    { agent_id: "a2", display_name: "Gardienne Léa", status: "available", capacity: 3, open_chats: 1, since_last_answer_s: null, supervisor: false },
    { agent_id: "a3", display_name: "Adjoint Paul", status: "away", capacity: 3, open_chats: 0, since_last_answer_s: null, supervisor: false },
    { agent_id: "s1", display_name: "Commandante Roux", status: "away", capacity: 3, open_chats: 0, since_last_answer_s: null, supervisor: true },
  ],
  chats: [
    { conversation_id: "c1", topic: "victime", agent_id: "a1", display_name: "Brigadier Martin", alias: "Citoyen·ne 0RT", assigned_s: 300, awaiting_reply_s: null },
    { conversation_id: "c2", topic: "vol", agent_id: "a1", display_name: "Brigadier Martin", alias: "Citoyen·ne 4F2", assigned_s: 200, awaiting_reply_s: 110 },
  ],
};

const hour = (label, start, extra = {}) => ({
  hour: label,
  start,
  utc_offset: "+01:00",
  started: 4,
  answered: 3,
  abandoned: 1,
  answered_within_target: 2,
  share_within_target: 0.5,
  wait_s: { count: 3, median: 45, p90: 130 },
  first_response_s: { count: 3, median: 20, p90: 40 },
  handling_s: { count: 2, median: 400, p90: 600, mean: 420 },
  survey: { answers: 2, found_easily: 1, understood: 2, rating_mean: 4.5, ratings: { 4: 1, 5: 1 } },
  ...extra,
});

const TODAY = {
  day: "2026-12-02",
  timezone: "Europe/Paris",
  target: { share: 0.8, within_s: 60 },
  hours: [hour("09:00", 0), hour("10:00", 3600, { wait_s: { count: 0, median: null, p90: null }, share_within_target: null })],
  total: hour(undefined, undefined),
  comments: [{ answered_at: 1764670000, topic: "victime", rating: 2, found_easily: false, understood: true, comment: "<img src=x onerror=alert(1)>" }],
  staffing: {
    capacity: 3,
    arrivals_per_hour: 24.5,
    mean_handling_s: 420,
    online: { officers: 4, available: 2, available_slots: 6, busy_slots: 4 },
    coming_hours: [{ hour: "11:00", start: 7200, utc_offset: "+01:00", arrivals_per_hour: 24.5, erlangs: 2.86, slots_needed: 6, officers_needed: 3, expected_share_within_target: 0.83 }],
  },
};

test("only a token of the supervisors group opens the board", () => {
  assert.equal(isSupervisor({ "cognito:groups": ["agents", "supervisors"] }), true);
  assert.equal(isSupervisor({ "cognito:groups": "supervisors" }), true);
  assert.equal(isSupervisor({ "cognito:groups": ["agents"] }), false);
  assert.equal(isSupervisor({}), false);
  assert.equal(isSupervisor(null), false);
});

test("an older board arriving late is dropped", () => {
  assert.equal(isNewerBoard({ version: 17 }, 16), true);
  assert.equal(isNewerBoard({ version: 17 }, 17), true);
  assert.equal(isNewerBoard({ version: 15 }, 17), false);
  assert.equal(isNewerBoard({}, 0), false);
});

test("durations read as the desk says them and count on from the frame", () => {
  assert.equal(formatDuration(45), "45 s");
  assert.equal(formatDuration(340), "5 min 40 s");
  assert.equal(formatDuration(300), "5 min");
  assert.equal(formatDuration(3900), "1 h 05");
  assert.equal(formatDuration(null), "—");
  assert.equal(tick(45, 1000, 1010.7), 55);
  assert.equal(tick(null, 1000, 1010), null);
});

test("the headline counts waiting citizens and officers available, busy and away", () => {
  const s = boardSummary(BOARD, 1010);
  assert.deepEqual(s, { waiting: 3, longestWait: 350, online: 4, available: 1, busy: 1, away: 2, chats: 2 });
  assert.equal(summarySentence(s), "3 citoyens attendent (la plus longue attente : 5 min 50 s) ; 4 agents en ligne, 2 conversations en cours.");
  assert.equal(boardSummary({ ...BOARD, waiting: { total: 0, longest_wait_s: 0, by_topic: [] } }, 1000).longestWait, null);
});

test("the lines of the board: topics with their labels, officers with their state, chats awaiting an answer", () => {
  assert.deepEqual(topicRows(BOARD, { victime: "Je suis victime" }, 1000), [
    { topic: "Je suis victime", waiting: "2", longest: "5 min 40 s" },
    { topic: "autre", waiting: "1", longest: "20 s" },
  ]);
  const officers = officerRows(BOARD, 1005);
  assert.deepEqual(officers.map((o) => [o.name, o.status, o.chats, o.lastAnswer]), [
    ["Brigadier Martin", "Occupé", "3 / 3", "50 s"],
    ["Gardienne Léa", "Disponible", "1 / 3", "—"],
    ["Adjoint Paul", "Absent", "0 / 3", "—"],
    ["Commandante Roux (superviseur)", "Absent", "0 / 3", "—"],
  ]);
  const chats = chatRows(BOARD, {}, 1010);
  assert.deepEqual(chats.map((c) => [c.alias, c.officer, c.since, c.awaiting, c.late]), [
    ["Citoyen·ne 0RT", "Brigadier Martin", "5 min 10 s", "Répondu", false],
    ["Citoyen·ne 4F2", "Brigadier Martin", "3 min 30 s", "2 min", true],
  ]);
});

test("today's figures are read again when the hour turns, when the desk moved (not too often), and every 5 minutes", () => {
  const last = { lastReadS: 1000, lastVersion: 5, lastHourStart: 10 };
  assert.equal(todayIsStale({ lastReadS: null }, { nowS: 0, version: 0, hourStart: 0 }), true);
  assert.equal(todayIsStale(last, { nowS: 1010, version: 5, hourStart: 11 }), true);
  assert.equal(todayIsStale(last, { nowS: 1010, version: 6, hourStart: 10 }), false);
  assert.equal(todayIsStale(last, { nowS: 1030, version: 6, hourStart: 10 }), true);
  assert.equal(todayIsStale(last, { nowS: 1200, version: 5, hourStart: 10 }), false);
  assert.equal(todayIsStale(last, { nowS: 1300, version: 5, hourStart: 10 }), true);
});

test("the table has a row per hour and the day's total, the charts the same series", () => {
  const { hours, total } = hourRows(TODAY);
  assert.deepEqual(hours.map((h) => [h.label, h.started, h.wait_median, h.wait_p90, h.share, h.rating]), [
    ["09:00", "4", "45 s", "2 min 10 s", "50 %", "4,5 / 5"],
    ["10:00", "4", "—", "—", "—", "4,5 / 5"],
  ]);
  assert.equal(total.label, "Total du jour");
  const series = chartSeries(TODAY);
  assert.deepEqual(series.labels, ["09:00", "10:00"]);
  assert.deepEqual(series.started, [4, 4]);
  assert.deepEqual(series.waitMedian, [0.8, null]);
  assert.deepEqual(series.share, [50, null]);
});

test("the autumn change's two 02:00 hours are told apart by their offset", () => {
  const twin = { ...TODAY, hours: [hour("02:00", 0, { utc_offset: "+02:00" }), hour("02:00", 3600, { utc_offset: "+01:00" })] };
  assert.deepEqual(hourRows(twin).hours.map((h) => h.label), ["02:00 (+02:00)", "02:00 (+01:00)"]);
});

test("survey results in words, and the comments kept as the citizen wrote them", () => {
  assert.equal(surveySummary(TODAY), "2 questionnaires : 50 % nous ont trouvés facilement, 100 % ont compris les réponses ; note moyenne 4,5 / 5.");
  assert.equal(surveySummary({ total: { survey: { answers: 0 } } }), "Aucun questionnaire rempli aujourd'hui.");
  const [row] = commentRows(TODAY, { victime: "Je suis victime" });
  assert.equal(row.comment, "<img src=x onerror=alert(1)>"); // shown with textContent by the board
  assert.equal(row.topic, "Je suis victime");
  assert.equal(row.answers, "pas trouvé facilement, compris");
});

test("staffing: the officers needed beside those available, and the target", () => {
  const view = staffingView(TODAY);
  assert.equal(view.target, "Objectif : 80 % des citoyens pris en charge en 60 s");
  assert.equal(view.online, "4 agents en ligne, dont 2 disponibles (4 conversations en cours)");
  assert.deepEqual(view.rows, [{ hour: "11:00", arrivals: "24,5", needed: "3", gap: 1, expected: "83 %" }]);
  assert.equal(gapLabel(1), "1 de plus que les disponibles");
  assert.equal(gapLabel(-2), "2 de moins que les disponibles");
  assert.equal(gapLabel(0), "autant que les disponibles");
});
