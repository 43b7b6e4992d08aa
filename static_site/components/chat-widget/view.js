/*
 * The conversation as the citizen sees it: which step shows (topics or chat), the topic and queue lines,
 * the officer's name and presence, the connection, the officer typing, the messages (through the shared
 * chat log), and the close. Live regions are in the markup; what changes goes in as text.
 */
import { setText } from "../dom/dom.js";
import { checkQueueVersion, queueLine } from "./queue.js";

const TYPING_SHOWN_MS = 6000;
const AGENT_BACK_SHOWN_MS = 6000;

export function createView(w) {
  const { el, t } = w;

  function showView(view) {
    el.topicStep.hidden = view !== "topics";
    el.chat.hidden = view === "topics";
    if (el.foot) el.foot.hidden = view === "topics";
    el.chat.classList.remove("cw-chat--closed");
  }

  function authorName(author) {
    if (author === "citizen") return t("you");
    if (author === "agent") return w.state.agentName || t("agent_fallback");
    return t("system_author");
  }

  /** Show a stored message (once, in order); a new one from the officer counts as unread while the panel is collapsed. */
  function showMessage(frame) {
    const node = w.log.show(frame);
    if (!node || frame.author !== "agent") return;
    const state = w.state;
    hideTyping();
    if (state.agentOffline && state.resumedOnce) showAgentPresence(true);
    if (!state.open && !w.pageMode && (!state.replayUpTo || frame.message_id > state.replayUpTo)) {
      state.unread += 1;
      w.panel.updateLauncher();
      w.panel.announce(t("announce_message", { name: authorName("agent") }));
    }
  }

  function setConnection(value, kind) {
    clearTimeout(w.state.connectedTimer);
    if (el.connection.textContent !== value) setText(el.connection, value); // the same words are not said twice
    el.connection.className = "connection cw-link connection--" + kind;
  }

  /** The officer's console dropped (online false) or came back; the conversation stays theirs meanwhile. */
  function showAgentPresence(online) {
    const state = w.state;
    clearTimeout(state.agentPresenceTimer);
    const name = authorName("agent");
    if (!online) {
      hideTyping();
      state.agentOffline = true;
      setText(el.agentPresence, t("agent_offline", { name }));
      el.agentPresence.className = "cw-notice cw-notice--warn";
      w.panel.announce(t("agent_offline", { name }));
      return;
    }
    if (!state.agentOffline) return;
    state.agentOffline = false;
    setText(el.agentPresence, t("agent_back", { name }));
    el.agentPresence.className = "cw-notice cw-notice--ok";
    w.panel.announce(t("agent_back", { name }));
    state.agentPresenceTimer = setTimeout(clearAgentPresence, AGENT_BACK_SHOWN_MS);
  }

  function clearAgentPresence() {
    clearTimeout(w.state.agentPresenceTimer);
    w.state.agentOffline = false;
    if (el.agentPresence.textContent) setText(el.agentPresence, "");
    el.agentPresence.className = "cw-notice";
  }

  /** Whether a queue-state frame is the newest seen (it then becomes the newest). */
  function freshQueueState(frame) {
    const checked = checkQueueVersion(frame, w.state.queueVersion);
    w.state.queueVersion = checked.version;
    return checked.fresh;
  }

  function showQueue(position, waitS) {
    const state = w.state;
    if (state.status !== "waiting") {
      setText(el.queue, "");
      state.waitUnknown = false;
      w.topics.showOffline();
      return;
    }
    const line = queueLine(t, position, waitS);
    state.waitUnknown = line.waitUnknown;
    if (el.queue.textContent !== line.text) setText(el.queue, line.text);
    w.topics.showOffline();
  }

  function showAgent(name) {
    w.state.agentName = name;
    w.state.waitUnknown = false;
    setText(el.queue, "");
    w.topics.showOffline();
    setText(el.agentLine, t("agent_line", { name }));
    el.agentLine.hidden = false;
  }

  function showTopicLine() {
    const label = w.state.topicId ? w.topics.label(w.state.topicId) : "";
    setText(el.topicLine, label ? t("topic_line", { topic: label }) : "");
  }

  function setComposerEnabled(enabled) {
    el.message.disabled = !enabled;
    el.sendButton.disabled = !enabled;
    el.endButton.disabled = !enabled;
  }

  function showTyping() {
    const value = t("typing", { name: authorName("agent") });
    if (el.typing.textContent !== value) setText(el.typing, value);
    clearTimeout(w.state.typingTimer);
    w.state.typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
  }

  function hideTyping() {
    clearTimeout(w.state.typingTimer);
    if (el.typing.textContent) setText(el.typing, "");
  }

  function showClosed(by) {
    const why = t("closed_" + (by === "agent" || by === "citizen" ? by : "system"));
    const focusWasInComposer = el.composer.contains(document.activeElement);
    setComposerEnabled(false);
    el.composer.hidden = true;
    el.chat.classList.add("cw-chat--closed");
    w.log.systemLine(t("closed_line", { why }));
    setText(el.closedText, t("closed_thanks", { why }));
    el.closedPanel.hidden = false;
    el.survey.hidden = w.state.surveyDone;
    w.panel.announce(t("closed_line", { why }));
    // The message box just disappeared under the citizen's focus: give focus a sensible place.
    if (focusWasInComposer && w.state.open) el.surveyTitle.focus();
  }

  return {
    showView,
    authorName,
    showMessage,
    setConnection,
    showAgentPresence,
    clearAgentPresence,
    freshQueueState,
    showQueue,
    showAgent,
    showTopicLine,
    setComposerEnabled,
    showTyping,
    hideTyping,
    showClosed,
  };
}
