/*
 * The supervisors' board, as values: who may see it, the live board's lines (the `board` frame), today's figures
 * hour by hour (GET /api/supervisor/today) as chart series and table rows, and the staffing. Pure functions of
 * their arguments, so node tests them; supervisor-board.js puts them on the page (as text, never as HTML).
 */

export const SUPERVISORS_GROUP = "supervisors";
// Today's figures are read again at most this often when boards keep coming, and at least this often anyway.
export const TODAY_MIN_INTERVAL_S = 30;
export const TODAY_MAX_AGE_S = 300;

const STATUS_LABELS = { available: "Disponible", away: "Absent", busy: "Occupé" };

/** Whether the ID token's claims say a supervisor (`cognito:groups`, a list or a single string). */
export function isSupervisor(claims) {
  const groups = claims && claims["cognito:groups"];
  if (Array.isArray(groups)) return groups.includes(SUPERVISORS_GROUP);
  return groups === SUPERVISORS_GROUP;
}

/** Whether a board frame replaces the one shown (an older version arriving late does not). */
export function isNewerBoard(frame, shownVersion) {
  return !!frame && typeof frame.version === "number" && !(frame.version < shownVersion);
}

/** A duration the way the desk says it: "45 s", "5 min 40 s", "1 h 05"; "—" for none. */
export function formatDuration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return s + " s";
  if (s < 3600) {
    const rest = s % 60;
    return Math.floor(s / 60) + " min" + (rest ? " " + String(rest).padStart(2, "0") + " s" : "");
  }
  return Math.floor(s / 3600) + " h " + String(Math.floor((s % 3600) / 60)).padStart(2, "0");
}

/** A duration of the frame (as of `at`), counted on to `nowS`; null stays null. */
export function tick(seconds, at, nowS) {
  if (seconds == null) return null;
  return seconds + Math.max(0, Math.floor(nowS - at));
}

/** "busy" when an available officer holds as many chats as they may, else their status. */
export function officerState(officer) {
  if (officer.status === "available" && officer.open_chats >= officer.capacity) return "busy";
  return officer.status;
}

export function statusLabel(state) {
  return STATUS_LABELS[state] || state;
}

/** The board's headline figures. */
export function boardSummary(frame, nowS) {
  const officers = frame.officers || [];
  const states = officers.map(officerState);
  const waiting = frame.waiting || { total: 0, longest_wait_s: 0 };
  return {
    waiting: waiting.total,
    longestWait: waiting.total ? tick(waiting.longest_wait_s, frame.at, nowS) : null,
    online: officers.length,
    available: states.filter((s) => s === "available").length,
    busy: states.filter((s) => s === "busy").length,
    away: states.filter((s) => s === "away").length,
    chats: (frame.chats || []).length,
  };
}

/** The sentence the live region says when the board's headline changes. */
export function summarySentence(summary) {
  const citizens = summary.waiting === 1 ? "1 citoyen attend" : summary.waiting + " citoyens attendent";
  const longest = summary.longestWait != null ? " (la plus longue attente : " + formatDuration(summary.longestWait) + ")" : "";
  return citizens + longest + " ; " + summary.online + " agents en ligne, " + summary.chats + " conversations en cours.";
}

/** One line per topic where citizens wait, with the topic's label. */
export function topicRows(frame, labels, nowS) {
  const topics = (frame.waiting && frame.waiting.by_topic) || [];
  return topics.map((t) => ({
    topic: labels[t.topic] || t.topic,
    waiting: String(t.waiting),
    longest: formatDuration(tick(t.longest_wait_s, frame.at, nowS)),
  }));
}

/** One line per officer online. */
export function officerRows(frame, nowS) {
  return (frame.officers || []).map((o) => {
    const state = officerState(o);
    return {
      agentId: o.agent_id,
      name: o.display_name + (o.supervisor ? " (superviseur)" : ""),
      state,
      status: statusLabel(state),
      chats: o.open_chats + " / " + o.capacity,
      lastAnswer: o.open_chats ? formatDuration(tick(o.since_last_answer_s, frame.at, nowS)) : "—",
    };
  });
}

/** One line per chat in progress; `late` when the citizen has awaited an answer 2 minutes or more. */
export function chatRows(frame, labels, nowS) {
  return (frame.chats || []).map((ch) => {
    const awaiting = tick(ch.awaiting_reply_s, frame.at, nowS);
    return {
      conversationId: ch.conversation_id,
      alias: ch.alias,
      topic: labels[ch.topic] || ch.topic,
      officer: ch.display_name,
      since: formatDuration(tick(ch.assigned_s, frame.at, nowS)),
      awaiting: awaiting == null ? "Répondu" : formatDuration(awaiting),
      late: awaiting != null && awaiting >= 120,
    };
  });
}

/** Whether today's figures are to be read again: the hour changed, or the desk moved and the last read is old enough. */
export function todayIsStale({ lastReadS, lastVersion, lastHourStart }, { nowS, version, hourStart }) {
  if (lastReadS == null) return true;
  if (hourStart !== lastHourStart) return true;
  const age = nowS - lastReadS;
  if (age >= TODAY_MAX_AGE_S) return true;
  return version > lastVersion && age >= TODAY_MIN_INTERVAL_S;
}

function percent(share) {
  return share == null ? "—" : Math.round(share * 100) + " %";
}

function seconds(value) {
  return value == null ? "—" : formatDuration(value);
}

/** The columns of today's table, in order: the charts draw the same series. */
export const HOUR_COLUMNS = [
  ["started", "Commencées"],
  ["answered", "Prises en charge"],
  ["abandoned", "Abandonnées"],
  ["wait_median", "Attente (médiane)"],
  ["wait_p90", "Attente (90e centile)"],
  ["first_response_median", "Première réponse (médiane)"],
  ["handling_median", "Durée de traitement (médiane)"],
  ["share", "Prises en charge en 60 s"],
  ["surveys", "Questionnaires"],
  ["rating", "Note moyenne"],
];

/** One row per hour of the day so far, then the day's total, as text. */
export function hourRows(today) {
  const row = (h, label) => ({
    label,
    started: String(h.started),
    answered: String(h.answered),
    abandoned: String(h.abandoned),
    wait_median: seconds(h.wait_s.median),
    wait_p90: seconds(h.wait_s.p90),
    first_response_median: seconds(h.first_response_s.median),
    handling_median: seconds(h.handling_s.median),
    share: percent(h.share_within_target),
    surveys: String(h.survey.answers),
    rating: h.survey.rating_mean == null ? "—" : h.survey.rating_mean.toFixed(1).replace(".", ",") + " / 5",
  });
  const hours = (today.hours || []).map((h) => row(h, h.hour + (hasTwin(today.hours, h) ? " (" + h.utc_offset + ")" : "")));
  return { hours, total: row(today.total, "Total du jour") };
}

function hasTwin(hours, h) {
  return hours.filter((other) => other.hour === h.hour).length > 1;
}

/** The charts' series: counts per hour, and the waits in minutes (median and 90th percentile). */
export function chartSeries(today) {
  const hours = today.hours || [];
  const minutes = (v) => (v == null ? null : Math.round((v / 60) * 10) / 10);
  return {
    labels: hours.map((h) => h.hour),
    started: hours.map((h) => h.started),
    answered: hours.map((h) => h.answered),
    abandoned: hours.map((h) => h.abandoned),
    waitMedian: hours.map((h) => minutes(h.wait_s.median)),
    waitP90: hours.map((h) => minutes(h.wait_s.p90)),
    firstResponse: hours.map((h) => minutes(h.first_response_s.median)),
    handling: hours.map((h) => minutes(h.handling_s.median)),
    share: hours.map((h) => (h.share_within_target == null ? null : Math.round(h.share_within_target * 100))),
  };
}

/** The day's survey results in words. */
export function surveySummary(today) {
  const s = today.total.survey;
  if (!s.answers) return "Aucun questionnaire rempli aujourd'hui.";
  const share = (n) => Math.round((n / s.answers) * 100) + " %";
  return (
    s.answers + " questionnaire" + (s.answers > 1 ? "s" : "") + " : " + share(s.found_easily) + " nous ont trouvés facilement, " +
    share(s.understood) + " ont compris les réponses ; note moyenne " + (s.rating_mean == null ? "—" : s.rating_mean.toFixed(1).replace(".", ",")) + " / 5."
  );
}

/** The survey comments to list (newest first, as the server gives them); the text stays the citizen's, shown as text. */
export function commentRows(today, labels) {
  return (today.comments || []).map((c) => ({
    when: new Date(c.answered_at * 1000).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: today.timezone }),
    topic: labels[c.topic] || c.topic || "",
    rating: c.rating + " / 5",
    answers: (c.found_easily ? "trouvé facilement" : "pas trouvé facilement") + ", " + (c.understood ? "compris" : "pas compris"),
    comment: c.comment || "",
  }));
}

/** The staffing for the coming hours, beside who is online. */
export function staffingView(today) {
  const st = today.staffing;
  const target = today.target;
  return {
    target: "Objectif : " + Math.round(target.share * 100) + " % des citoyens pris en charge en " + target.within_s + " s",
    online:
      st.online.officers + " agent" + (st.online.officers > 1 ? "s" : "") + " en ligne, dont " + st.online.available + " disponible" +
      (st.online.available > 1 ? "s" : "") + " (" + st.online.busy_slots + " conversations en cours)",
    basis:
      "Arrivées : " + String(st.arrivals_per_hour).replace(".", ",") + " par heure ; durée moyenne de traitement " +
      formatDuration(st.mean_handling_s) + " ; " + st.capacity + " conversations à la fois par agent.",
    rows: (st.coming_hours || []).map((h) => ({
      hour: h.hour,
      arrivals: String(h.arrivals_per_hour).replace(".", ","),
      needed: String(h.officers_needed),
      gap: h.officers_needed - st.online.available,
      expected: percent(h.expected_share_within_target),
    })),
  };
}

/** The word for the gap between officers needed and available now. */
export function gapLabel(gap) {
  if (gap > 0) return gap + " de plus que les disponibles";
  if (gap < 0) return -gap + " de moins que les disponibles";
  return "autant que les disponibles";
}
