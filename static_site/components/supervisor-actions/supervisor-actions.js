/*
 * "Piloter": the supervisor's actions in the console (docs/protocol.md, "Supervisor actions"). Shown only when
 * the ID token's groups hold "supervisors" (the server refuses these actions to anyone else anyway).
 *
 * - Lists the officers online and the chats in progress from the live `board` frames once the board sends them
 *   (in version order; "Actualiser" then asks for one with `board`), else from `supervision` (the answer to
 *   `supervise_list`, asked when the console connects, after each action and with "Actualiser").
 * - Observer: the conversation is shown here, read-only, in the shared chat log; new messages follow.
 *   Rejoindre / Prendre en charge: it appears among the supervisor's own conversations (as `assigned` ones do).
 *   Réattribuer à…, Mettre en pause, Capacité 1–5: one frame each; the server answers `supervised`.
 * - The day's audit trail, from GET /api/supervisor/audit with the supervisor's ID token.
 *
 * Everything people or the server wrote goes in as text (setText / make), never as HTML.
 */
import { make, setText } from "../dom/dom.js";
import { ChatLog } from "../chat-log/chat-log.js";
import { aliasCode } from "../agent-console/alias.js";
import { claimsOf } from "../agent-console/token.js";
import {
  MAX_CAPACITY,
  MIN_CAPACITY,
  WORDS,
  auditLine,
  chatDetail,
  doneText,
  errorText,
  fill,
  isSupervisorClaims,
  listsOf,
  officerDetail,
  reassignTargets,
} from "./supervisor-logic.js";

const SUPERVISOR_ACTIONS = new Set([
  "supervise_list", "board", "watch", "join", "unwatch", "take_over", "reassign", "set_agent_away", "set_capacity",
]);

export function createSupervisorActions(c, doc = document) {
  const root = doc.getElementById("supervisor-actions");
  const byId = (id) => doc.getElementById(id);
  const el = {
    status: byId("supervisor-actions-status"),
    refresh: byId("supervisor-refresh"),
    officers: byId("supervisor-officers"),
    officersEmpty: byId("supervisor-officers-empty"),
    chats: byId("supervisor-chats"),
    chatsEmpty: byId("supervisor-chats-empty"),
    watch: byId("supervisor-watch"),
    watchTitle: byId("supervisor-watch-title"),
    watchLog: byId("supervisor-watch-log"),
    watchJoin: byId("supervisor-watch-join"),
    watchStop: byId("supervisor-watch-stop"),
    audit: byId("supervisor-audit"),
    auditEmpty: byId("supervisor-audit-empty"),
    auditRefresh: byId("supervisor-audit-refresh"),
  };
  let lists = { officers: [], chats: [], version: -1 };
  let watched = null; // {id, log}
  let lastAction = null; // the last supervisor action sent: its error frame is said here
  const names = {}; // agent_id → display name (the audit trail names officers by id)

  const isSupervisor = () => isSupervisorClaims(claimsOf(c.signIn.idToken() || ""));
  const alias = (id) => "Citoyen·ne " + aliasCode(id);
  const topic = (id) => (c.chats && c.chats.topicLabel ? c.chats.topicLabel(id) : id);

  function say(text) {
    setText(el.status, text);
  }

  function send(frame) {
    lastAction = frame.action;
    if (!c.connection.send(frame)) say(errorText("offline"));
  }

  function button(label, hiddenLabel, key, onClick, secondary = true) {
    const node = make("button", "button button--small" + (secondary ? " button--secondary" : ""), null, doc);
    node.type = "button";
    node.append(doc.createTextNode(label));
    if (hiddenLabel) node.append(make("span", "visually-hidden", " " + hiddenLabel, doc));
    node.dataset.key = key;
    node.addEventListener("click", onClick);
    return node;
  }

  function labelled(text, control, id) {
    const label = make("label", "supervisor-actions__label", text, doc);
    label.htmlFor = id;
    control.id = id;
    return label;
  }

  function officerRow(officer) {
    const li = make("li", "supervisor-actions__row", null, doc);
    li.dataset.agentId = officer.agent_id;
    li.append(make("span", "supervisor-actions__name", officer.display_name, doc));
    li.append(make("span", "supervisor-actions__detail", officerDetail(officer), doc));
    const controls = make("div", "supervisor-actions__controls", null, doc);
    const pause = button(WORDS.set_away, officer.display_name, "away:" + officer.agent_id, () =>
      send({ action: "set_agent_away", agent_id: officer.agent_id }),
    );
    pause.disabled = officer.status !== "available";
    const select = make("select", "supervisor-actions__select", null, doc);
    for (let n = MIN_CAPACITY; n <= MAX_CAPACITY; n += 1) {
      const option = make("option", null, String(n), doc);
      option.value = String(n);
      option.selected = n === officer.capacity;
      select.append(option);
    }
    select.dataset.key = "capacity-select:" + officer.agent_id;
    select.dataset.initial = select.value;
    const apply = button(WORDS.apply, WORDS.capacity + " " + officer.display_name, "capacity:" + officer.agent_id, () =>
      send({ action: "set_capacity", agent_id: officer.agent_id, capacity: Number(select.value) }),
    );
    controls.append(pause, labelled(WORDS.capacity, select, "capacity-" + officer.agent_id), select, apply);
    li.append(controls);
    return li;
  }

  function chatRow(chat) {
    const li = make("li", "supervisor-actions__row", null, doc);
    li.dataset.conversationId = chat.conversation_id;
    const name = alias(chat.conversation_id);
    li.append(make("span", "supervisor-actions__name", name + " — " + topic(chat.topic), doc));
    li.append(make("span", "supervisor-actions__detail", chatDetail(chat), doc));
    const controls = make("div", "supervisor-actions__controls", null, doc);
    const id = chat.conversation_id;
    controls.append(
      button(WORDS.watch, name, "watch:" + id, () => send({ action: "watch", conversation_id: id })),
      button(WORDS.join, name, "join:" + id, () => send({ action: "join", conversation_id: id })),
      button(WORDS.take_over, name, "take:" + id, () => send({ action: "take_over", conversation_id: id })),
    );
    const targets = reassignTargets(lists.officers, chat);
    const select = make("select", "supervisor-actions__select", null, doc);
    select.dataset.key = "reassign-select:" + id;
    targets.forEach((officer) => {
      const option = make("option", null, officer.display_name, doc);
      option.value = officer.agent_id;
      select.append(option);
    });
    select.dataset.initial = select.value;
    const go = button(WORDS.reassign, name, "reassign:" + id, () => {
      if (select.value) send({ action: "reassign", conversation_id: id, to_agent_id: select.value });
    });
    if (!targets.length) {
      select.disabled = true;
      go.disabled = true;
      select.append(make("option", null, WORDS.no_target, doc));
    }
    controls.append(labelled(WORDS.reassign_to, select, "reassign-" + id), select, go);
    li.append(controls);
    return li;
  }

  /** Rebuild both lists, keeping the focus on the same control and the choices not applied yet. */
  function render() {
    const focused = doc.activeElement && root.contains(doc.activeElement) ? doc.activeElement.dataset.key : null;
    const chosen = {};
    root.querySelectorAll("select[data-key]").forEach((select) => {
      if (select.value !== select.dataset.initial) chosen[select.dataset.key] = select.value;
    });
    el.officers.replaceChildren(...lists.officers.map(officerRow));
    el.chats.replaceChildren(...lists.chats.map(chatRow));
    root.querySelectorAll("select[data-key]").forEach((select) => {
      const value = chosen[select.dataset.key];
      if (value !== undefined && Array.from(select.options).some((o) => o.value === value)) select.value = value;
    });
    el.officersEmpty.hidden = lists.officers.length > 0;
    el.chatsEmpty.hidden = lists.chats.length > 0;
    if (focused) {
      const again = root.querySelector('[data-key="' + CSS.escape(focused) + '"]');
      if (again) again.focus();
    }
  }

  function onLists(frame) {
    // Once the live board speaks, its frames (ordered by version) are the lists; `supervision` answers are not.
    if (frame.type === "supervision" && lists.version >= 0) return;
    const next = listsOf(frame, lists.version);
    if (!next) return;
    lists = next;
    lists.officers.forEach((o) => {
      names[o.agent_id] = o.display_name;
    });
    render();
  }

  function logOptions() {
    return {
      authorName: (author, message) =>
        author === "agent"
          ? (message && message.by && message.by.display_name) || WORDS.officer
          : author === "citizen"
            ? WORDS.citizen
            : WORDS.system,
      authorClass: (author) => author,
      labels: { sending: "", notSent: "" },
    };
  }

  function showWatched(conversation) {
    const id = conversation.conversation_id;
    el.watchLog.replaceChildren();
    watched = { id, log: new ChatLog(el.watchLog, logOptions()) };
    watched.log.quiet();
    conversation.messages.forEach((m) => watched.log.show({ ...m, conversation_id: id }));
    watched.log.settle();
    setText(el.watchTitle, fill(WORDS.watching_title, { alias: alias(id) }));
    el.watch.hidden = false;
  }

  function stopWatching() {
    watched = null;
    el.watch.hidden = true;
    el.watchLog.replaceChildren();
  }

  function onWatching(frame) {
    const conversation = frame.conversation;
    const id = conversation.conversation_id;
    if (frame.mode === "join") {
      if (watched && watched.id === id) stopWatching();
      // Among the supervisor's own conversations, as an `assigned` one: reply box, notes, messages that follow
      // (closing and transferring stay with its officer: `joined` hides them).
      const conv = c.chats.ensure({ ...conversation, joined: true });
      conv.joined = true;
      c.chats.render(conv);
      c.tools.conversation(conv, conversation);
      c.status.render();
      say(doneText("join", { alias: alias(id) }));
      return;
    }
    showWatched(conversation);
    say(doneText("watch", { alias: alias(id) }));
  }

  function onSupervised(frame) {
    const id = frame.conversation_id;
    const agent = frame.agent;
    const to = frame.to;
    say(
      doneText(frame.action, {
        alias: id ? alias(id) : "",
        name: (to && to.display_name) || (agent && agent.display_name) || "",
        n: agent ? agent.capacity : "",
      }),
    );
    if (frame.action === "take_over" && watched && watched.id === id) stopWatching();
    refresh();
  }

  function onFrame(frame) {
    if (!frame || !frame.type || !isSupervisor()) return;
    switch (frame.type) {
      case "agent_state":
        show();
        refresh();
        lastAction = null;
        break;
      case "board":
      case "supervision":
        onLists(frame);
        break;
      case "watching":
        onWatching(frame);
        break;
      case "unwatched":
        if (watched && watched.id === frame.conversation_id) stopWatching();
        say(doneText("unwatch", { alias: alias(frame.conversation_id) }));
        break;
      case "supervised":
        onSupervised(frame);
        break;
      case "message":
        if (watched && watched.id === frame.conversation_id) watched.log.show(frame);
        break;
      case "closed":
        if (watched && watched.id === frame.conversation_id) {
          watched.log.systemLine(WORDS.watched_closed);
          say(WORDS.watched_closed);
        }
        break;
      case "error":
        if (lastAction && SUPERVISOR_ACTIONS.has(lastAction) && !frame.client_msg_id) say(errorText(frame.code));
        lastAction = null;
        break;
      default:
        break;
    }
  }

  /** Ask for the lists again: the board's frame once the board speaks, else `supervision`. */
  function refresh() {
    send({ action: lists.version >= 0 ? "board" : "supervise_list" });
  }

  async function loadAudit() {
    const token = c.signIn.idToken();
    if (!token) return;
    try {
      const answer = await fetch((c.config.apiBase || "/api") + "/supervisor/audit", {
        headers: { Authorization: "Bearer " + token, Accept: "application/json" },
        cache: "no-store",
      });
      if (!answer.ok) throw new Error("audit " + answer.status);
      const body = await answer.json();
      const items = body.entries.map((entry) =>
        make("li", "supervisor-actions__audit-entry", auditLine(entry, alias, (agentId) => names[agentId] || agentId), doc),
      );
      el.audit.replaceChildren(...items);
      setText(el.auditEmpty, WORDS.no_audit);
      el.auditEmpty.hidden = items.length > 0;
    } catch (ignored) {
      setText(el.auditEmpty, WORDS.audit_unavailable);
      el.auditEmpty.hidden = false;
    }
  }

  function show() {
    if (!root.hidden) return;
    root.hidden = false;
    loadAudit();
  }

  function install() {
    if (!root) return;
    el.refresh.addEventListener("click", () => {
      refresh();
      loadAudit();
    });
    el.auditRefresh.addEventListener("click", loadAudit);
    el.watchStop.addEventListener("click", () => {
      if (watched) send({ action: "unwatch", conversation_id: watched.id });
    });
    el.watchJoin.addEventListener("click", () => {
      if (watched) send({ action: "join", conversation_id: watched.id });
    });
    c.frameListeners.push(onFrame);
  }

  return { install, onFrame, loadAudit, render };
}
