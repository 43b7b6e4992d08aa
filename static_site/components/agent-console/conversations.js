/*
 * The officer's conversations, one tab each (arrow keys, Home and End move between tabs): the shared
 * chat log, the reply box (Enter sends; the citizen is told the officer types, at most every 3 s), the
 * close form with its outcome, and once closed, a note and "Retirer l'onglet". Each conversation's
 * panel is a copy of agent.html's #conversation-template.
 */
import { ChatLog, timeOf } from "../chat-log/chat-log.js";
import { make, setText } from "../dom/dom.js";
import { newId } from "../ws-client/ws-client.js";
import { capacityOf, openCount } from "./state.js";
import { t } from "./strings.js";

const TYPING_THROTTLE_MS = 3000;
const TYPING_SHOWN_MS = 5000;

/** How a conversation's presence reads: closed, or the citizen online, offline, or unknown while the console's link is down. */
export function presenceOf(conv, linkUp) {
  if (conv.status === "closed") return "closed";
  if (!linkUp) return "unknown";
  return conv.citizenOnline ? "online" : "offline";
}

/** The flags after a tab's label: closed or offline, and the unread count. */
export function tabFlags(conv, presence) {
  const flags = [];
  if (presence === "closed") flags.push(t("flag_closed"));
  else if (presence === "offline") flags.push(t("flag_offline"));
  if (conv.unread) flags.push(t(conv.unread > 1 ? "flag_new_many" : "flag_new_one", { n: conv.unread }));
  return flags.length ? " (" + flags.join(", ") + ")" : "";
}

/** "Conversation close par vous — réponse apportée." from who closed and the outcome. */
export function closedLine(by, outcome, outcomeLabels) {
  const who = t(by === "citizen" ? "closed_by_citizen" : by === "agent" ? "closed_by_agent" : "closed_by_system");
  const why = outcome && outcome !== "ended_by_citizen" ? " — " + (outcomeLabels[outcome] || outcome) : "";
  return t("closed_line", { who, why });
}

export function createConversations(c) {
  const { el } = c;
  const template = document.getElementById("conversation-template");
  // The lower-case outcome labels, from the close form's options, for the closing line.
  const outcomeLabels = { abandoned: t("outcome_abandoned"), ended_by_citizen: t("outcome_ended_by_citizen") };
  template.content.querySelectorAll("option[value]").forEach((option) => {
    if (option.value) outcomeLabels[option.value] = option.textContent.toLowerCase();
  });

  function topicLabel(id) {
    return c.state.topics[id] || id;
  }

  function authorName(author) {
    if (author === "agent") return t("you");
    return author === "citizen" ? t("citizen") : t("system_author");
  }

  /** The conversation from a CONVERSATION (sync, assigned): created with its panel, or updated; its messages shown. */
  function ensure(data) {
    const state = c.state;
    let conv = state.conversations[data.conversation_id];
    if (!conv) {
      conv = {
        id: data.conversation_id,
        topic: data.topic,
        lang: data.lang,
        createdAt: data.created_at,
        status: data.status,
        citizenOnline: data.citizen_online,
        pending: [],
        unread: 0,
        lastTypingSentAt: 0,
        typingTimer: null,
      };
      buildPanel(conv);
      state.conversations[conv.id] = conv;
      state.order.push(conv.id);
    } else {
      conv.status = data.status;
      conv.citizenOnline = data.citizen_online;
    }
    (data.messages || []).forEach((m) => showMessage(conv, m, true));
    render(conv);
    return conv;
  }

  function part(root, name) {
    return root.querySelector('[data-part="' + name + '"]');
  }

  function buildPanel(conv) {
    const id = conv.id;
    const copy = template.content.cloneNode(true);
    const tab = copy.querySelector(".tab");
    const panel = copy.querySelector(".chat-panel");
    tab.id = "tab-" + id;
    tab.setAttribute("aria-controls", "panel-" + id);
    tab.setAttribute("data-conversation-id", id);
    tab.addEventListener("click", () => select(id));
    tab.addEventListener("keydown", onTabKey);

    panel.id = "panel-" + id;
    panel.setAttribute("aria-labelledby", tab.id);
    panel.setAttribute("data-conversation-id", id);
    setText(part(panel, "meta"), t("meta", { topic: topicLabel(conv.topic), lang: conv.lang, time: timeOf(conv.createdAt) }));

    const log = part(panel, "log");
    log.setAttribute("aria-label", t("log_label", { topic: topicLabel(conv.topic) }));

    const composer = part(panel, "composer");
    const reply = part(panel, "reply");
    reply.id = "reply-" + id;
    part(panel, "reply-label").htmlFor = reply.id;
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      submitReply(conv);
    });
    reply.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    reply.addEventListener("input", () => {
      const now = Date.now();
      if (conv.status === "closed" || now - conv.lastTypingSentAt < TYPING_THROTTLE_MS) return;
      conv.lastTypingSentAt = now;
      c.connection.send({ action: "typing", conversation_id: id });
    });

    const closeForm = part(panel, "close-form");
    const outcome = part(panel, "outcome");
    outcome.id = "outcome-" + id;
    part(panel, "outcome-label").htmlFor = outcome.id;
    closeForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!outcome.value) {
        c.alert(t("choose_outcome"));
        outcome.focus();
        return;
      }
      c.alert("");
      if (!c.connection.send({ action: "close", conversation_id: id, outcome: outcome.value })) c.alert(t("close_offline"));
    });
    part(panel, "dismiss").addEventListener("click", () => remove(id));

    el.tabs.appendChild(tab);
    el.panels.appendChild(panel);
    conv.log = new ChatLog(log, {
      authorName,
      authorClass: (author) => (author === "agent" ? "self" : author),
      labels: { sending: t("sending"), notSent: t("not_sent") },
    });
    conv.els = {
      tab,
      panel,
      presence: part(panel, "presence"),
      typing: part(panel, "typing"),
      composer,
      reply,
      closeForm,
      closedNote: part(panel, "closed-note"),
      closedText: part(panel, "closed-text"),
    };
  }

  function render(conv) {
    const e = conv.els;
    const presence = presenceOf(conv, c.state.linkUp);
    e.tab.replaceChildren();
    e.tab.appendChild(make("span", null, topicLabel(conv.topic) + " · " + timeOf(conv.createdAt)));
    const flags = tabFlags(conv, presence);
    if (flags) e.tab.appendChild(make("span", "tab__flag", flags));
    setText(e.presence, t("presence_" + presence));
    e.presence.className = "presence presence--" + presence;
    const closed = conv.status === "closed";
    e.composer.hidden = closed;
    e.closeForm.hidden = closed;
    e.closedNote.hidden = !closed;
    renderTabs();
  }

  function renderAll() {
    c.state.order.forEach((id) => render(c.state.conversations[id]));
  }

  function renderTabs() {
    const state = c.state;
    el.noChat.hidden = state.order.length > 0;
    if (state.activeId && !state.conversations[state.activeId]) state.activeId = null;
    if (!state.activeId && state.order.length) state.activeId = state.order[0];
    state.order.forEach((id) => {
      const conv = state.conversations[id];
      const active = id === state.activeId;
      conv.els.tab.setAttribute("aria-selected", active ? "true" : "false");
      conv.els.tab.tabIndex = active ? 0 : -1;
      conv.els.panel.hidden = !active;
    });
    setText(el.load, t("load", { n: openCount(state), capacity: capacityOf(state) }));
  }

  function select(id) {
    const conv = c.state.conversations[id];
    if (!conv) return;
    c.state.activeId = id;
    conv.unread = 0;
    render(conv);
  }

  function onTabKey(event) {
    const state = c.state;
    const keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const step = keys[event.key];
    if (!step && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    let index = state.order.indexOf(state.activeId);
    if (event.key === "Home") index = 0;
    else if (event.key === "End") index = state.order.length - 1;
    else index = (index + step + state.order.length) % state.order.length;
    select(state.order[index]);
    state.conversations[state.order[index]].els.tab.focus();
  }

  function remove(id) {
    const state = c.state;
    const conv = state.conversations[id];
    if (!conv) return;
    conv.els.tab.remove();
    conv.els.panel.remove();
    delete state.conversations[id];
    state.order = state.order.filter((other) => other !== id);
    if (state.activeId === id) state.activeId = null;
    renderTabs();
    const next = state.activeId && state.conversations[state.activeId];
    if (next) next.els.tab.focus();
    else el.statusAvailable.focus();
  }

  /** Every conversation and its panel gone (sign-out). */
  function clear() {
    el.tabs.replaceChildren();
    el.panels.replaceChildren();
  }

  /** Show a stored message once, in order; a citizen's new message in another tab counts as unread. */
  function showMessage(conv, m, quiet) {
    if (!conv.log.show(m)) return;
    if (m.author === "citizen") hideTyping(conv);
    if (!quiet && conv.id !== c.state.activeId && m.author === "citizen") {
      conv.unread += 1;
      render(conv);
    }
  }

  function submitReply(conv) {
    c.alert("");
    const body = conv.els.reply.value;
    if (!body.trim()) {
      c.alert(t("empty_reply"));
      return;
    }
    const pending = { id: newId(), text: body, node: conv.log.addPending("agent", body) };
    conv.pending.push(pending);
    conv.els.reply.value = "";
    c.connection.send({ action: "send", conversation_id: conv.id, client_msg_id: pending.id, text: body });
  }

  /** The conversation and index of an unacknowledged reply, or null. */
  function findPending(clientMsgId) {
    for (const id of c.state.order) {
      const conv = c.state.conversations[id];
      const index = conv.pending.findIndex((p) => p.id === clientMsgId);
      if (index >= 0) return { conv, index };
    }
    return null;
  }

  /** Every reply not acknowledged, sent again with its client_msg_id (after a reconnection). */
  function resendPending() {
    c.state.order.forEach((id) => {
      const conv = c.state.conversations[id];
      if (conv.status === "closed") return;
      conv.pending.forEach((p) => {
        c.connection.send({ action: "send", conversation_id: conv.id, client_msg_id: p.id, text: p.text });
      });
    });
  }

  function acknowledge(frame) {
    const found = findPending(frame.client_msg_id);
    if (!found) return;
    const pending = found.conv.pending.splice(found.index, 1)[0];
    found.conv.log.acknowledge(pending.node, frame);
  }

  function failed(clientMsgId) {
    const found = findPending(clientMsgId);
    if (found) found.conv.log.markFailed(found.conv.pending.splice(found.index, 1)[0].node);
  }

  function showTyping(conv) {
    setText(conv.els.typing, t("citizen_typing"));
    clearTimeout(conv.typingTimer);
    conv.typingTimer = setTimeout(() => hideTyping(conv), TYPING_SHOWN_MS);
  }

  function hideTyping(conv) {
    clearTimeout(conv.typingTimer);
    setText(conv.els.typing, "");
  }

  function close(conv, by, outcome) {
    conv.status = "closed";
    hideTyping(conv);
    conv.pending.splice(0).forEach((p) => conv.log.markFailed(p.node));
    const line = closedLine(by, outcome, outcomeLabels);
    setText(conv.els.closedText, line);
    conv.log.systemLine(line);
    render(conv);
    c.waiting.render();
  }

  return {
    topicLabel,
    ensure,
    render,
    renderAll,
    renderTabs,
    select,
    clear,
    showMessage,
    resendPending,
    acknowledge,
    failed,
    showTyping,
    hideTyping,
    close,
  };
}
