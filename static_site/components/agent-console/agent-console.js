/*
 * The officer's console: sign in, go available or away, see the queue, take a conversation,
 * hold up to three at once (one tab each, with its own chat log, reply box and close form).
 *
 * On every (re)connection the console asks for a sync, merges what it gets, restores the status the
 * officer chose, and re-sends replies that were not acknowledged with the same client_msg_id (the
 * server deduplicates). The markup is agent.html's (its templates for a conversation and a queue row);
 * this module finds it, builds the console `c` from small modules that share it, and wires them.
 *
 * Every text that comes from a person is inserted as text, never as HTML.
 */
import { setText } from "../dom/dom.js";
import { createAttention } from "./attention.js";
import { createConnection } from "./connection.js";
import { createConversations } from "./conversations.js";
import { createFrameHandlers } from "./frames.js";
import { createOfficerTools } from "./officer-tools.js";
import { createDeskNotices } from "../desk-notices/desk-notices.js";
import { createReplaced } from "./replaced.js";
import { installShortcuts } from "./shortcuts.js";
import { createSignIn } from "./sign-in.js";
import { freshConsoleState } from "./state.js";
import { createStatus } from "./status.js";
import { createSupervisorBoard } from "../supervisor-board/supervisor-board.js";
import { createWaitingList } from "./waiting-list.js";
import { createSupervisorActions } from "../supervisor-actions/supervisor-actions.js";

const IDS = [
  "whoami", "agent-name", "logout", "console-alert", "login",
  "login-button", "console", "connection", "status-available", "status-away", "load", "waiting-count",
  "waiting-empty", "waiting-list", "waiting-title", "waiting-hint", "announce", "no-chat", "switcher", "panels",
  "chats-title", "replaced", "use-here", "sound-toggle", "notify-enable", "notify-state",
];

function findElements(doc) {
  const el = {};
  IDS.forEach((id) => {
    el[id.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase())] = doc.getElementById(id);
  });
  return el;
}

/** The console on this page, started. */
export function startConsole(doc = document) {
  const el = findElements(doc);
  const c = {
    el,
    config: globalThis.GUICHET_CONFIG || { apiBase: "/api", wsUrl: null },
    state: freshConsoleState(),
    socket: null,
    alert: (value) => setText(el.consoleAlert, value || ""),
    announce: (value) => setText(el.announce, value),
    frameListeners: [], // (frame) => …, called with every server frame after the console's own handler
  };
  c.attention = createAttention(c);
  c.connection = createConnection(c);
  c.chats = createConversations(c);
  c.waiting = createWaitingList(c);
  c.status = createStatus(c);
  c.replaced = createReplaced(c);
  c.signIn = createSignIn(c);
  c.tools = createOfficerTools(c); // canned answers, orientation cards, internal notes
  c.deskNotices = createDeskNotices(c); // supervisors: the notices citizens see before they queue, the hours
  c.board = createSupervisorBoard(c); // supervisors only: the live board, today's figures, staffing
  c.frames = createFrameHandlers(c);
  c.supervisor = createSupervisorActions(c); // "Piloter": supervisors only (../supervisor-actions/)

  c.signIn.install();
  c.status.install();
  c.replaced.install();
  c.waiting.install();
  c.tools.install();
  c.deskNotices.install();
  c.board.install();
  c.chats.install();
  c.attention.install();
  c.supervisor.install();
  installShortcuts(c);
  loadTopics(c);
  c.signIn.start();
  return c;
}

/** The topics' labels (GET /api/topics); until they come, or if they never do, topic ids are shown. */
function loadTopics(c) {
  fetch(c.config.apiBase + "/topics", { headers: { Accept: "application/json" } })
    .then((answer) => (answer.ok ? answer.json() : { topics: [] }))
    .then((data) => {
      data.topics.forEach((topic) => {
        c.state.topics[topic.id] = topic.label;
      });
      c.waiting.render();
      c.chats.renderAll();
    })
    .catch(() => {
      /* topic ids are shown instead of labels */
    });
}

startConsole();
