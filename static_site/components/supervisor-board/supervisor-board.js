/*
 * The supervisors' board in the console (agent.html's #supervisor-board), shown only to an account whose ID token
 * says the `supervisors` group (the server sends `board` frames to supervisors' consoles only, and refuses the
 * `board` action to anyone else). "Maintenant" follows the `board` frames (pushed by the queue broadcaster, asked
 * once after each sync and by "Actualiser"); "Aujourd'hui" and the staffing come from GET /api/supervisor/today,
 * read again when the hour changes or the board moved (at most every 30 s), and every 5 minutes — the live board
 * itself is never polled. Charts by Chart.js (vendored by `make vendor`), the same figures in tables.
 *
 * Every text that comes from a person or the server is inserted as text, never as HTML. Each accepted board is
 * also dispatched on the document as a `guichet:board` event (detail: the frame) for the other supervisor tools.
 */
import { make, setText } from "../dom/dom.js";
import { claimsOf } from "../agent-console/token.js";
import {
  HOUR_COLUMNS,
  TODAY_MAX_AGE_S,
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
  todayIsStale,
  topicRows,
} from "./board-view.js";

const nowS = () => Date.now() / 1000;

export function createSupervisorBoard(c, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const el = {
    nav: $("view-switch"),
    toConsole: $("view-console"),
    toBoard: $("view-board"),
    board: $("supervisor-board"),
    title: $("board-title"),
    summary: $("board-summary"),
    updated: $("board-updated"),
    refresh: $("board-refresh"),
    waiting: $("board-waiting"),
    longest: $("board-longest"),
    online: $("board-online"),
    states: $("board-states"),
    chats: $("board-chats"),
    topics: $("board-topics"),
    officers: $("board-officers"),
    chatLines: $("board-chat-lines"),
    target: $("board-target"),
    staffingOnline: $("board-staffing-online"),
    staffing: $("board-staffing"),
    staffingBasis: $("board-staffing-basis"),
    todayStatus: $("board-today-status"),
    hoursHead: $("board-hours-head"),
    hours: $("board-hours"),
    hoursTotal: $("board-hours-total"),
    survey: $("board-survey"),
    comments: $("board-comments"),
    countsCanvas: $("board-chart-counts"),
    waitsCanvas: $("board-chart-waits"),
  };
  const live = { frame: null, receivedS: 0, version: -1, sentence: "" };
  const today = { data: null, lastReadS: null, lastVersion: -1, lastHourStart: null, loading: false };
  const charts = { counts: null, waits: null };
  let supervisor = false;
  let showing = false;
  let ticker = null;

  function labels() {
    return c.state.topics || {};
  }

  /** Whether this console's account is a supervisor's, from the ID token's groups. */
  function checkSupervisor() {
    const token = c.signIn && c.signIn.idToken();
    supervisor = !!token && isSupervisor(claimsOf(token));
    el.nav.hidden = !supervisor;
    if (!supervisor && showing) show(false);
    return supervisor;
  }

  function show(board) {
    showing = board && supervisor;
    el.board.hidden = !showing;
    $("console").hidden = showing;
    el.toBoard.setAttribute("aria-pressed", String(showing));
    el.toConsole.setAttribute("aria-pressed", String(!showing));
    clearInterval(ticker);
    ticker = null;
    if (showing) {
      ticker = setInterval(renderLive, 1000);
      renderLive();
      maybeReadToday();
      el.title.focus();
    }
  }

  // "Maintenant": the live board.

  function cell(row, value, header = false) {
    const node = make(header ? "th" : "td", null, value, doc);
    if (header) node.scope = "row";
    row.appendChild(node);
    return node;
  }

  function fill(tbody, rows, columns, emptyText, decorate) {
    const lines = rows.map((r) => {
      const tr = doc.createElement("tr");
      columns.forEach((key, i) => cell(tr, r[key], i === 0));
      if (decorate) decorate(tr, r);
      return tr;
    });
    if (!lines.length) {
      const tr = doc.createElement("tr");
      const td = make("td", "board-table__empty", emptyText, doc);
      td.colSpan = columns.length;
      tr.appendChild(td);
      lines.push(tr);
    }
    tbody.replaceChildren(...lines);
  }

  function renderLive() {
    const frame = live.frame;
    if (!frame) return;
    const now = frame.at + (nowS() - live.receivedS); // the frame's durations, counted on since it came
    const s = boardSummary(frame, now);
    setText(el.waiting, s.waiting);
    setText(el.longest, formatDuration(s.longestWait));
    setText(el.online, s.online);
    setText(el.states, s.available + " / " + s.busy + " / " + s.away);
    setText(el.chats, s.chats);
    setText(el.updated, "Mis à jour à " + new Date(live.receivedS * 1000).toLocaleTimeString("fr-FR"));
    fill(el.topics, topicRows(frame, labels(), now), ["topic", "waiting", "longest"], "Personne n'attend.");
    fill(el.officers, officerRows(frame, now), ["name", "status", "chats", "lastAnswer"], "Aucun agent en ligne.", (tr, r) => {
      tr.dataset.agentId = r.agentId;
      tr.dataset.state = r.state;
    });
    fill(el.chatLines, chatRows(frame, labels(), now), ["alias", "topic", "officer", "since", "awaiting"], "Aucune conversation en cours.", (tr, r) => {
      tr.dataset.conversationId = r.conversationId;
      if (r.late) tr.classList.add("board-table__late");
    });
  }

  /** A `board` frame (supervisors' consoles only): shown unless older than the one shown. */
  function onBoard(frame) {
    if (!supervisor || !isNewerBoard(frame, live.version)) return;
    live.frame = frame;
    live.version = frame.version;
    live.receivedS = nowS();
    const sentence = summarySentence(boardSummary(frame, frame.at));
    // The live region speaks when the counts change, not every second.
    const counts = sentence.replace(/\(la plus longue attente : [^)]*\) /, "");
    if (counts !== live.sentence) {
      live.sentence = counts;
      setText(el.summary, sentence);
    }
    renderLive();
    if (showing) maybeReadToday();
    doc.dispatchEvent(new CustomEvent("guichet:board", { detail: frame }));
  }

  function askBoard() {
    if (supervisor) c.connection.send({ action: "board" });
  }

  // "Aujourd'hui" and the staffing: GET /api/supervisor/today.

  /** The clock hour now (the desk's hours start on the hour: its time zone is whole hours from UTC). */
  function currentHour() {
    return Math.floor(nowS() / 3600);
  }

  function maybeReadToday(force = false) {
    if (!supervisor || today.loading) return;
    if (force || todayIsStale(today, { nowS: nowS(), version: live.version, hourStart: currentHour() })) readToday();
  }

  async function readToday() {
    const token = c.signIn.idToken();
    if (!token) return;
    today.loading = true;
    setText(el.todayStatus, "Chargement des chiffres du jour…");
    try {
      const answer = await fetch((c.config.apiBase || "/api") + "/supervisor/today", {
        headers: { Accept: "application/json", Authorization: "Bearer " + token },
        cache: "no-store",
      });
      if (!answer.ok) throw new Error(String(answer.status));
      const data = await answer.json();
      today.data = data;
      today.lastReadS = nowS();
      today.lastVersion = live.version;
      today.lastHourStart = currentHour();
      renderToday();
      setText(el.todayStatus, "Chiffres du jour lus à " + new Date().toLocaleTimeString("fr-FR") + ".");
    } catch (err) {
      setText(el.todayStatus, "Les chiffres du jour sont indisponibles pour le moment.");
    } finally {
      today.loading = false;
    }
  }

  function renderToday() {
    const data = today.data;
    if (!data) return;
    const { hours, total } = hourRows(data);
    if (el.hoursHead.children.length === 1) {
      HOUR_COLUMNS.forEach(([, label]) => {
        const th = make("th", null, label, doc);
        th.scope = "col";
        el.hoursHead.appendChild(th);
      });
    }
    const keys = ["label", ...HOUR_COLUMNS.map(([key]) => key)];
    fill(el.hours, hours, keys, "Aucune heure encore.");
    fill(el.hoursTotal, [total], keys, "");
    setText(el.survey, surveySummary(data));
    fill(el.comments, commentRows(data, labels()), ["when", "topic", "rating", "answers", "comment"], "Aucun commentaire aujourd'hui.");

    const st = staffingView(data);
    setText(el.target, st.target + " (réglage GUICHET_STAFFING_TARGET_SHARE et GUICHET_STAFFING_TARGET_S).");
    setText(el.staffingOnline, st.online);
    setText(el.staffingBasis, st.basis);
    fill(
      el.staffing,
      st.rows.map((r) => ({ ...r, gapText: gapLabel(r.gap) })),
      ["hour", "arrivals", "needed", "gapText", "expected"],
      "—",
      (tr, r) => {
        if (r.gap > 0) tr.classList.add("board-table__late");
      },
    );
    drawCharts(chartSeries(data));
  }

  function drawCharts(series) {
    const Chart = globalThis.Chart;
    if (!Chart) return; // the tables carry the same figures
    const common = { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } };
    const counts = {
      labels: series.labels,
      datasets: [
        { label: "Commencées", data: series.started, backgroundColor: "#1f4e9c" },
        { label: "Prises en charge", data: series.answered, backgroundColor: "#1a7f4b" },
        { label: "Abandonnées", data: series.abandoned, backgroundColor: "#b3261e" },
      ],
    };
    const waits = {
      labels: series.labels,
      datasets: [
        { label: "Attente (médiane)", data: series.waitMedian, borderColor: "#1f4e9c", backgroundColor: "#1f4e9c", spanGaps: true },
        { label: "Attente (90e centile)", data: series.waitP90, borderColor: "#b3261e", backgroundColor: "#b3261e", borderDash: [6, 4], spanGaps: true },
        { label: "Première réponse (médiane)", data: series.firstResponse, borderColor: "#1a7f4b", backgroundColor: "#1a7f4b", spanGaps: true },
        { label: "Traitement (médiane)", data: series.handling, borderColor: "#6b4e16", backgroundColor: "#6b4e16", spanGaps: true },
      ],
    };
    if (charts.counts) {
      charts.counts.data = counts;
      charts.counts.update();
      charts.waits.data = waits;
      charts.waits.update();
      return;
    }
    charts.counts = new Chart(el.countsCanvas, { type: "bar", data: counts, options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
    charts.waits = new Chart(el.waitsCanvas, { type: "line", data: waits, options: { ...common, scales: { y: { beginAtZero: true } } } });
  }

  // Wiring.

  function install() {
    el.toBoard.addEventListener("click", () => show(true));
    el.toConsole.addEventListener("click", () => show(false));
    el.refresh.addEventListener("click", () => {
      askBoard();
      maybeReadToday(true);
    });
    // The floor: today's figures at least every 5 minutes while the board is shown.
    setInterval(() => {
      if (showing && today.lastReadS != null && nowS() - today.lastReadS >= TODAY_MAX_AGE_S) maybeReadToday();
    }, 30000);
  }

  /** After each sync (the console's state came): a supervisor asks for the board. */
  function onSynced() {
    if (checkSupervisor()) askBoard();
  }

  /** Signed out: nothing of the board stays on the page (the sign-in hides the console itself). */
  function reset() {
    showing = false;
    clearInterval(ticker);
    ticker = null;
    el.board.hidden = true;
    el.toBoard.setAttribute("aria-pressed", "false");
    el.toConsole.setAttribute("aria-pressed", "true");
    supervisor = false;
    el.nav.hidden = true;
    live.frame = null;
    live.version = -1;
    live.sentence = "";
    today.data = null;
    today.lastReadS = null;
    [el.topics, el.officers, el.chatLines, el.hours, el.hoursTotal, el.comments, el.staffing].forEach((n) => n.replaceChildren());
    [el.summary, el.updated, el.survey, el.target, el.staffingOnline, el.staffingBasis, el.todayStatus].forEach((n) => setText(n, ""));
    Object.keys(charts).forEach((k) => {
      if (charts[k]) charts[k].destroy();
      charts[k] = null;
    });
  }

  return { install, onBoard, onSynced, reset, show, isSupervisor: () => supervisor };
}
