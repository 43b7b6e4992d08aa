/*
 * What the widget does with each server frame (docs/protocol.md, "Citizen actions"). Frames of another
 * conversation are ignored; after the quick exit, every frame is.
 */
import { setText } from "../dom/dom.js";

export function createFrameHandlers(w) {
  const { el, t } = w;

  function findPending(clientMsgId) {
    return w.state.pending.findIndex((p) => p.id === clientMsgId);
  }

  return {
    queued(f) {
      const state = w.state;
      if (!state.startTopic && !state.conversationId) {
        w.connection.send({ action: "end" }); // the citizen cancelled before the conversation existed
        w.connection.stopSocket();
        return;
      }
      state.conversationId = f.conversation_id;
      state.resumeToken = f.resume_token;
      state.status = "waiting";
      state.startTopic = null;
      state.ready = true;
      state.resumedOnce = true;
      w.storage.saveConversation();
      w.view.setComposerEnabled(true);
      if (w.view.freshQueueState(f)) w.view.showQueue(f.position, f.estimated_wait_s);
      w.panel.updateLauncher();
      w.connection.flushPending();
      w.desk.noticeVersion(f.notice_version);
    },

    queue(f) {
      const state = w.state;
      if (f.conversation_id === state.conversationId && state.status === "waiting" && w.view.freshQueueState(f)) {
        w.view.showQueue(f.position, f.estimated_wait_s);
        w.desk.noticeVersion(f.notice_version); // a supervisor edited the notices: read them again
      }
    },

    agent_joined(f) {
      if (f.conversation_id !== w.state.conversationId) return;
      w.state.status = "assigned";
      const name = (f.agent && f.agent.display_name) || t("agent_fallback");
      w.view.showAgent(name);
      w.log.systemLine(t("agent_joined", { name }));
      w.panel.announce(t("agent_joined", { name }));
      w.panel.scrollBodyToEnd();
    },

    // No officer answered in time: back at the head of the queue (docs/protocol.md, "requeued").
    requeued(f) {
      const state = w.state;
      if (f.conversation_id !== state.conversationId || state.status === "closed") return;
      state.status = "waiting";
      state.agentName = null;
      el.agentLine.hidden = true;
      w.view.clearAgentPresence();
      w.log.systemLine(t("requeued"));
      w.panel.announce(t("requeued"));
      if (w.view.freshQueueState(f)) w.view.showQueue(f.position, f.estimated_wait_s);
      w.panel.scrollBodyToEnd();
      w.storage.saveConversation();
    },

    resumed(f) {
      const state = w.state;
      if (f.conversation_id !== state.conversationId) return;
      const first = !state.resumedOnce;
      state.status = f.status;
      state.ready = true;
      state.resumedOnce = true;
      state.topicId = f.topic || state.topicId;
      w.view.showTopicLine();
      if (f.agent && f.agent.display_name) w.view.showAgent(f.agent.display_name);
      if (f.status !== "waiting") w.view.showQueue(null, null);
      else if (w.view.freshQueueState(f)) w.view.showQueue(f.position, f.estimated_wait_s);
      if (f.status !== "closed") {
        w.view.setComposerEnabled(true);
        w.connection.flushPending();
      }
      w.storage.saveConversation();
      if (first) {
        setTimeout(w.panel.scrollBodyToEnd, 0); // after the replayed messages
        if (w.log.isQuiet()) w.log.settle();
      }
    },

    message(f) {
      if (f.conversation_id !== w.state.conversationId) return;
      w.view.showMessage(f);
      w.storage.saveConversation();
    },

    ack(f) {
      const index = findPending(f.client_msg_id);
      if (index < 0) return;
      const pending = w.state.pending.splice(index, 1)[0];
      w.log.acknowledge(pending.node, f); // removed if the replay after a resume already showed it
      w.storage.saveConversation();
    },

    typing(f) {
      const state = w.state;
      if (f.conversation_id === state.conversationId && f.author === "agent" && state.status !== "closed") w.view.showTyping();
    },

    agent_presence(f) {
      if (f.conversation_id !== w.state.conversationId || w.state.status === "closed") return;
      w.view.showAgentPresence(f.online === true);
    },

    closed(f) {
      const state = w.state;
      if (f.conversation_id !== state.conversationId) return;
      state.status = "closed";
      w.view.hideTyping();
      w.view.clearAgentPresence();
      w.composer.hideEndConfirm(false);
      if (state.onClosed) {
        const leave = state.onClosed; // the quick exit waits for this close
        state.onClosed = null;
        leave();
      }
      w.view.showQueue(null, null);
      state.pending.splice(0).forEach((p) => w.log.markFailed(p.node));
      w.storage.saveConversation();
      w.panel.updateLauncher();
      if (state.closedShown) return; // a resume replays the close: show it once
      state.closedShown = true;
      w.view.showClosed(f.by);
      if (state.surveyDone) w.connection.stopSocket(); // only the history was needed: it is shown
    },

    survey_saved(f) {
      if (f.conversation_id && f.conversation_id !== w.state.conversationId) return;
      w.survey.finished(t("survey_thanks"));
    },

    error(f) {
      if (f.code === "invalid_resume_token") {
        w.conversation.backToTopics(t("error_resume"), false);
        return;
      }
      if (f.code === "unknown_connection" && w.connection.restartSocket()) return;
      if (f.code === "desk_closed") {
        // No queue while the desk is closed: back to the alternatives and when it opens again.
        w.desk.closedNow(f.next_opening);
        w.conversation.backToTopics(t("error_desk_closed"), true);
        w.connection.stopSocket();
        return;
      }
      if (w.survey.onError(f)) return;
      if (f.client_msg_id) {
        const index = findPending(f.client_msg_id);
        if (index >= 0) {
          w.log.markFailed(w.state.pending.splice(index, 1)[0].node);
          w.storage.saveConversation();
        }
      }
      const key = "error_" + f.code;
      setText(el.chatAlert, t.has(key) ? t(key) : t("error_generic"));
    },
  };
}
