/*
 * The officer's workspace: every conversation they hold, each labelled so two are never confused
 * (alias, topic, wait, presence, unseen count), in the switcher and in its panel.
 *
 * - On a wide screen (agent-console.css: 87.5rem and more) every open conversation's panel is shown side
 *   by side; below, the active one only, and the switcher changes it. Either way one conversation is the
 *   active one: the one the officer chose or is typing in. A new conversation never takes the focus or
 *   the active place from the one the officer is in; it is announced (attention.js).
 * - The switcher's entries are numbered in order of arrival: Alt+1…9 go to a conversation (shortcuts.js).
 * - A closed conversation says "Conversation terminée", then leaves the workspace by itself after a few
 *   seconds (or at once with "Retirer maintenant"); if the focus was in it, it moves to the next one.
 * - The wait lines are refreshed every 15 seconds.
 */
import { setText } from "../dom/dom.js";
import { newId } from "../ws-client/ws-client.js";
import { pickAliasCode } from "./alias.js";
import { answerOverdue, durationText, nextAwaiting, presenceOf, unseenText, waitLine } from "./chat-label.js";
import { buildConversationPanel, consoleLogOptions } from "./conversation-panel.js";
import { timeOf } from "../chat-log/chat-log.js";
import { capacityOf, openCount } from "./state.js";
import { t } from "./strings.js";

const TYPING_THROTTLE_MS = 3000;
const TYPING_SHOWN_MS = 5000;
const LABELS_REFRESH_MS = 15 * 1000;
export const CLOSED_LINGER_MS = 8000;

/** "Conversation close par vous — réponse apportée." from who closed and the outcome. */
export function closedLine(by, outcome, outcomeLabels) {
  const who = t(by === "citizen" ? "closed_by_citizen" : by === "agent" ? "closed_by_agent" : "closed_by_system");
  const why = outcome && outcome !== "ended_by_citizen" ? " — " + (outcomeLabels[outcome] || outcome) : "";
  return t("closed_line", { who, why });
}

/** Whether a node is shown (its panel may be hidden by the narrow layout). */
function isShown(node) {
  return node.checkVisibility ? node.checkVisibility() : node.offsetParent !== null;
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

  function aliasOf(conv) {
    return t("alias", { code: conv.aliasCode });
  }

  /** The conversation from a CONVERSATION (sync, assigned): created with its panel, or updated; its messages shown. */
  /**
   * Whether an officer-side message is this console's own: a pending one is; a stored one is unless a
   * supervisor's name is on it (`by`) that is not ours, or this console only joined the conversation and
   * the message is its officer's.
   */
  function isMine(conv, message) {
    if (!message) return true;
    const me = c.state.agent ? c.state.agent.display_name : null;
    if (message.by) return !!me && message.by.display_name === me;
    return !conv.joined;
  }

  function ensure(data) {
    const state = c.state;
    let conv = state.conversations[data.conversation_id];
    if (!conv) {
      const taken = state.order.map((id) => state.conversations[id].aliasCode);
      conv = {
        id: data.conversation_id,
        joined: data.joined === true, // a supervisor who joined it: its officer's messages are not theirs
        aliasCode: pickAliasCode(data.conversation_id, taken),
        topic: data.topic,
        lang: data.lang,
        createdAt: data.created_at,
        status: data.status,
        citizenOnline: data.citizen_online,
        closedBy: null,
        outcome: null,
        awaitingSince: null,
        pending: [],
        lastTypingSentAt: 0,
        typingTimer: null,
        removeTimer: null,
      };
      const built = buildConversationPanel(
        template,
        conv,
        { switcher: el.switcher, panels: el.panels },
        {
          select: (focus) => select(conv.id, { focus }),
          activate: () => {
            if (c.state.activeId !== conv.id) select(conv.id);
          },
          reply: () => submitReply(conv),
          typing: () => sendTyping(conv),
          close: (outcome) => requestClose(conv, outcome),
          dismiss: () => remove(conv.id),
        },
        consoleLogOptions({}, (message) => isMine(conv, message))
      );
      conv.log = built.log;
      conv.els = built.els;
      state.conversations[conv.id] = conv;
      state.order.push(conv.id);
      if (!state.activeId) state.activeId = conv.id; // shown, but the focus stays where it is
      c.attention.conversationArrived(conv, data.messages);
    } else {
      conv.status = data.status;
      conv.citizenOnline = data.citizen_online;
    }
    (data.messages || []).forEach((m) => showMessage(conv, m));
    renderWorkspace();
    return conv;
  }

  /** The conversation's labels, in the switcher and in its panel. */
  function render(conv) {
    const e = conv.els;
    const presence = presenceOf(conv, c.state.linkUp);
    const alias = aliasOf(conv);
    const topic = topicLabel(conv.topic);
    const unseen = unseenText(c.attention.unseen(conv.id));
    const wait = waitLine(conv);
    const overdue = answerOverdue(conv);

    setText(e.alias, alias);
    setText(e.topic, topic);
    setText(e.meta, t("meta", { lang: conv.lang, time: timeOf(conv.createdAt) }));
    setText(e.wait, wait);
    e.wait.classList.toggle("is-overdue", overdue);
    setText(e.presence, t("presence_" + presence));
    e.presence.className = "presence presence--" + presence;
    setText(e.unseen, unseen);
    e.unseen.hidden = !unseen;
    e.logNode.setAttribute("aria-label", t("log_label", { topic: alias + ", " + topic }));

    setText(e.switchAlias, alias);
    setText(e.switchTopic, topic);
    setText(e.switchWait, conv.status === "closed" ? "" : durationText(Date.now() / 1000 - conv.createdAt));
    e.switchWait.classList.toggle("is-overdue", overdue);
    setText(e.switchPresence, t("presence_" + presence));
    e.switchPresence.className = "switch__presence presence--" + presence;
    setText(e.switchUnseen, unseen);
    e.switchUnseen.hidden = !unseen;
    e.item.classList.toggle("is-closed", conv.status === "closed");

    const closed = conv.status === "closed";
    e.composer.hidden = closed;
    // A conversation a supervisor joined stays its officer's: closing and transferring are theirs.
    e.closeForm.hidden = closed || conv.joined === true;
    e.closedNote.hidden = !closed;
    const transferBar = e.panel.querySelector('[data-part="transfer-bar"]');
    if (transferBar) transferBar.hidden = conv.joined === true;
  }

  /** Numbers, the active conversation, the layout's column count and the load line. */
  function renderWorkspace() {
    const state = c.state;
    el.noChat.hidden = state.order.length > 0;
    if (state.activeId && !state.conversations[state.activeId]) state.activeId = null;
    if (!state.activeId && state.order.length) state.activeId = state.order[0];
    el.panels.setAttribute("data-count", String(state.order.length));
    state.order.forEach((id, index) => {
      const conv = state.conversations[id];
      const active = id === state.activeId;
      const number = index < 9 ? String(index + 1) : "";
      setText(conv.els.switchKey, number);
      setText(conv.els.key, number);
      if (number) conv.els.tab.setAttribute("aria-keyshortcuts", "Alt+" + number);
      else conv.els.tab.removeAttribute("aria-keyshortcuts");
      if (active) conv.els.tab.setAttribute("aria-current", "true");
      else conv.els.tab.removeAttribute("aria-current");
      conv.els.panel.classList.toggle("is-active", active);
      render(conv);
    });
    setText(el.load, t("load", { n: openCount(state), capacity: capacityOf(state) }));
  }

  function renderAll() {
    renderWorkspace();
  }

  /** Make a conversation the active one; with focus, move the keyboard into it (its reply box, or its note once closed). */
  function select(id, { focus = false } = {}) {
    const conv = c.state.conversations[id];
    if (!conv) return;
    c.state.activeId = id;
    renderWorkspace();
    c.attention.viewed(id);
    if (focus) (conv.status === "closed" ? conv.els.closedText : conv.els.reply).focus();
  }

  function focusConversation(id) {
    select(id, { focus: true });
  }

  /** Alt+C: the close form's outcome of the active conversation. */
  function focusCloseForm(id) {
    const conv = c.state.conversations[id];
    if (!conv) return;
    select(id);
    if (conv.status === "closed") conv.els.closedText.focus();
    else conv.els.outcome.focus();
  }

  function requestClose(conv, outcome) {
    if (!outcome) {
      c.alert(t("choose_outcome"));
      conv.els.outcome.focus();
      return;
    }
    c.alert("");
    if (!c.connection.send({ action: "close", conversation_id: conv.id, outcome })) c.alert(t("close_offline"));
  }

  /** The conversation leaves the workspace; if the focus was in it, it goes to the next one (or the heading). */
  function remove(id) {
    const state = c.state;
    const conv = state.conversations[id];
    if (!conv) return;
    clearTimeout(conv.removeTimer);
    clearTimeout(conv.typingTimer);
    const hadFocus = conv.els.panel.contains(document.activeElement) || conv.els.item.contains(document.activeElement);
    const index = state.order.indexOf(id);
    conv.els.item.remove();
    conv.els.panel.remove();
    delete state.conversations[id];
    state.order = state.order.filter((other) => other !== id);
    c.attention.forget(id);
    if (state.activeId === id) state.activeId = state.order[Math.min(index, state.order.length - 1)] || null;
    renderWorkspace();
    c.waiting.render();
    if (!hadFocus) return;
    if (state.activeId) focusConversation(state.activeId);
    else el.chatsTitle.focus();
  }

  /** Every conversation and its panel gone (sign-out). */
  function clear() {
    el.switcher.replaceChildren();
    el.panels.replaceChildren();
    c.attention.reset();
  }

  /** Show a stored message once, in order; the attention decides whether it is news. */
  function showMessage(conv, m) {
    if (!conv.log.show(m)) return;
    conv.awaitingSince = nextAwaiting(conv.awaitingSince, m);
    if (m.author === "citizen") hideTyping(conv);
    c.attention.messageShown(conv, m);
    render(conv);
  }

  function sendTyping(conv) {
    const now = Date.now();
    if (conv.status === "closed" || now - conv.lastTypingSentAt < TYPING_THROTTLE_MS) return;
    conv.lastTypingSentAt = now;
    c.connection.send({ action: "typing", conversation_id: conv.id });
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
        // An orientation card keeps its send_card frame (components/card-picker/).
        c.connection.send(p.frame || { action: "send", conversation_id: conv.id, client_msg_id: p.id, text: p.text });
      });
    });
  }

  function acknowledge(frame) {
    const found = findPending(frame.client_msg_id);
    if (!found) return;
    const conv = found.conv;
    const pending = conv.pending.splice(found.index, 1)[0];
    conv.log.acknowledge(pending.node, frame);
    conv.awaitingSince = null; // the officer answered
    c.tools.transfer.answered(conv); // the reply reminder goes
    render(conv);
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

  /** The close is confirmed: say so, then the conversation leaves by itself after a moment. */
  function close(conv, by, outcome) {
    const hadFocus = conv.els.panel.contains(document.activeElement);
    conv.status = "closed";
    conv.closedBy = by;
    conv.outcome = outcome;
    hideTyping(conv);
    conv.pending.splice(0).forEach((p) => conv.log.markFailed(p.node));
    const line = closedLine(by, outcome, outcomeLabels);
    setText(conv.els.closedText, line);
    conv.log.systemLine(line);
    render(conv);
    // The reply box and close form are gone: keep the keyboard in this panel, on the note.
    if (hadFocus) conv.els.closedText.focus();
    if (!isShown(conv.els.panel)) c.announce(t("conversation_left", { alias: aliasOf(conv) }));
    clearTimeout(conv.removeTimer);
    conv.removeTimer = setTimeout(() => remove(conv.id), CLOSED_LINGER_MS);
    c.waiting.render();
  }

  /** Whether the conversation's panel is on screen (wide layout, or the active one). */
  function onScreen(conv) {
    return isShown(conv.els.panel);
  }

  function install() {
    setInterval(renderAll, LABELS_REFRESH_MS);
  }

  return {
    install,
    topicLabel,
    aliasOf,
    ensure,
    render,
    renderAll,
    renderWorkspace,
    select,
    focusConversation,
    focusCloseForm,
    onScreen,
    clear,
    showMessage,
    resendPending,
    acknowledge,
    failed,
    showTyping,
    hideTyping,
    close,
    remove,
  };
}


