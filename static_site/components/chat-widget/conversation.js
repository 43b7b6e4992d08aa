/*
 * A conversation's life in the widget: started from a topic, restored on a new page, ended by the quick
 * exit, and left for the topics again (after the close, or when the server no longer has it).
 */
import { setText } from "../dom/dom.js";
import { PANEL_KEY } from "./storage.js";
import { freshState, resetState } from "./state.js";

/** A start_id: a secret the widget draws once per conversation (36 hexadecimal characters). */
export function newStartId(random = globalThis.crypto) {
  const bytes = new Uint8Array(18);
  random.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function createConversation(w) {
  const { el, t } = w;

  function start(topicId) {
    const state = w.state;
    setText(el.pageAlert, "");
    setText(el.chatAlert, "");
    w.topics.stopAvailabilityRefresh();
    state.startTopic = topicId;
    state.startId = newStartId();
    state.topicId = topicId;
    state.status = null;
    state.suggestedTopic = null;
    w.topics.markSuggestion();
    w.view.showView("chat");
    w.view.showTopicLine();
    setText(el.queue, t("connecting_chat"));
    // The citizen may write at once: messages wait as "sending…" until the conversation exists.
    el.composer.hidden = false;
    w.view.setComposerEnabled(true);
    w.storage.write(PANEL_KEY, "open"); // the conversation follows the citizen from page to page
    w.panel.updateLauncher();
    w.connection.ensureSocket();
    w.panel.scrollBodyToEnd();
    el.message.focus();
  }

  /** Back to the topic choice, forgetting the conversation (after it closed, or when it is gone). */
  function backToTopics(message, moveFocus) {
    w.storage.clearConversation();
    const cancelling = !!w.state.startTopic && !w.state.conversationId;
    if (!cancelling) w.connection.stopSocket(); // a start in flight keeps its socket: its "queued" gets an "end"
    w.view.hideTyping();
    w.topics.stopAvailabilityRefresh();
    clearTimeout(w.state.connectedTimer);
    w.view.clearAgentPresence();
    w.composer.hideEndConfirm(false);
    w.state = resetState(w.state);
    w.log.clear();
    w.log.speak();
    [el.queue, el.topicLine, el.agentLine, el.chatAlert, el.surveyAlert, el.surveyThanks, el.closedText].forEach((node) => {
      setText(node, "");
    });
    el.agentLine.hidden = true;
    el.closedPanel.hidden = true;
    el.survey.reset();
    el.survey.hidden = false;
    el.composer.hidden = false;
    w.view.setComposerEnabled(false);
    w.view.setConnection("", "off");
    w.topics.showOffline();
    w.view.showView("topics");
    setText(el.pageAlert, message || "");
    w.panel.updateLauncher();
    if (!w.state.topics) w.topics.load();
    if (w.state.open || w.pageMode) w.topics.refreshAvailability();
    w.panel.scrollTop();
    if (moveFocus) {
      const first = el.topicList.querySelector("button");
      (first || el.title).focus();
    }
  }

  /** The conversation this tab kept (sessionStorage): shown again, and resumed unless it is closed. */
  function restore(stored) {
    const state = w.state;
    state.conversationId = stored.conversation_id;
    state.resumeToken = stored.resume_token;
    state.topicId = stored.topic || null;
    state.unread = stored.unread || 0;
    state.replayUpTo = stored.last_message_id || null;
    state.surveyDone = !!stored.survey_done;
    w.log.quiet(); // the whole conversation replays: screen readers should not read it all out again
    w.view.showView("chat");
    w.view.setComposerEnabled(!stored.closed);
    setText(el.queue, t("resuming"));
    w.view.showTopicLine();
    (stored.pending || []).forEach((p) => {
      state.pending.push({ id: p.client_msg_id, text: p.text, node: w.log.addPending("citizen", p.text) });
    });
    state.status = stored.closed ? "closed" : null;
    w.panel.updateLauncher();
    // A closed conversation is only fetched again to be shown: wait until the panel opens.
    if (!stored.closed) w.connection.ensureSocket();
  }

  /**
   * The quick exit is leaving: end an open chat (the citizen chose to leave no conversation behind)
   * and give the exit a promise that settles when the server's "closed" arrives.
   */
  function endForQuickExit() {
    w.leaving = true;
    const state = w.state;
    if (!state.conversationId || state.status === "closed" || !state.ready) return null;
    if (!w.connection.send({ action: "end" })) return null;
    return new Promise((resolve) => {
      state.onClosed = resolve;
    });
  }

  /** The quick exit wiped the storage and is leaving: close the socket and forget everything here. */
  function onQuickExit() {
    w.connection.stopSocket();
    w.topics.stopAvailabilityRefresh();
    clearTimeout(w.state.typingTimer);
    w.state = freshState();
    w.state.exited = true;
    w.log.clear();
    el.message.value = "";
    el.surveyComment.value = "";
    if (!w.pageMode) {
      el.panel.hidden = true;
      el.launcher.hidden = false;
    }
  }

  return { start, backToTopics, restore, endForQuickExit, onQuickExit };
}
