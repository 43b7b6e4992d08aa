/* What the console does with each server frame (docs/protocol.md, "Officer actions" and "Pushed to officers"). */
import { setText } from "../dom/dom.js";
import { STATUS_KEY, sessionWrite } from "./state.js";
import { t } from "./strings.js";

export function createFrameHandlers(c) {
  const { el } = c;

  return {
    agent_state(f) {
      const state = c.state;
      state.agent = f.agent;
      setText(el.agentName, f.agent.display_name);
      const present = {};
      f.conversations.forEach((conversation) => {
        present[conversation.conversation_id] = true;
        c.tools.conversation(c.chats.ensure(conversation), conversation);
      });
      // Conversations closed while this console was away are not in the sync any more.
      state.order.forEach((id) => {
        const conv = state.conversations[id];
        if (!present[id] && conv.status !== "closed") c.chats.close(conv, null, null);
      });
      c.attention.syncEnded(Object.keys(present));
      c.status.render();
      if (state.desiredStatus !== f.agent.status && f.agent.status !== "offline") {
        c.connection.send({ action: "set_status", status: state.desiredStatus });
      }
      c.chats.resendPending();
      c.board.onSynced(); // a supervisor's console asks for the board
    },

    // The supervisors' live board (only supervisors' consoles ever get it: components/supervisor-board/).
    board(f) {
      c.board.onBoard(f);
    },

    status(f) {
      c.state.agent = f.agent;
      if (f.by) {
        // A supervisor changed it: the console keeps the supervisor's choice of status after a reconnection.
        c.state.desiredStatus = f.agent.status === "available" ? "available" : "away";
        sessionWrite(STATUS_KEY, c.state.desiredStatus);
        const key = f.agent.status === "away" ? "set_away_by" : "capacity_by";
        c.alert(t(key, { name: f.by.display_name, capacity: f.agent.capacity }));
      }
      c.status.render();
    },

    // A supervisor joined one of this officer's conversations (the citizen is not told).
    supervisor_joined(f) {
      const conv = c.state.conversations[f.conversation_id];
      if (conv) c.alert(t("supervisor_joined", { name: f.supervisor.display_name, alias: c.chats.aliasOf(conv) }));
    },

    // The queue as of a version: an older snapshot arriving late changes nothing.
    waiting(f) {
      c.waiting.onSnapshot(f);
    },

    assigned(f) {
      c.waiting.drop(f.conversation.conversation_id);
      // Shown and announced (attention.js); the active conversation and the focus stay where they are.
      const conv = c.chats.ensure(f.conversation);
      if (conv.joined) {
        conv.joined = false; // a supervisor who had joined it took it over: theirs now
        c.chats.render(conv);
      }
      c.tools.conversation(conv, f.conversation);
      c.status.render();
    },

    message(f) {
      const conv = c.state.conversations[f.conversation_id];
      if (conv) c.chats.showMessage(conv, f);
    },

    ack(f) {
      c.chats.acknowledge(f);
    },

    typing(f) {
      const conv = c.state.conversations[f.conversation_id];
      if (conv && f.author === "citizen") c.chats.showTyping(conv);
    },

    citizen_presence(f) {
      const conv = c.state.conversations[f.conversation_id];
      if (!conv || conv.status === "closed") return;
      const online = f.online === true;
      if (conv.citizenOnline === online) return;
      conv.citizenOnline = online;
      if (!online) c.chats.hideTyping(conv);
      c.chats.render(conv);
      c.announce(t(online ? "citizen_back" : "citizen_gone", { alias: c.chats.aliasOf(conv), topic: c.chats.topicLabel(conv.topic) }));
    },

    // An internal note: officers' consoles only (components/conversation-notes/).
    note(f) {
      c.tools.note(f);
    },

    // Transfers and the re-queue of unanswered citizens (components/transfer/).
    colleagues(f) {
      c.tools.transfer.onColleagues(f);
    },

    transfer_pending(f) {
      c.tools.transfer.onPending(f);
    },

    transfer_offer(f) {
      c.tools.transfer.onOffer(f);
    },

    transfer_result(f) {
      c.tools.transfer.onResult(f);
    },

    unassigned(f) {
      c.tools.transfer.onUnassigned(f);
    },

    reply_reminder(f) {
      c.tools.transfer.onReminder(f);
    },

    session_replaced() {
      c.replaced.show();
    },

    closed(f) {
      const conv = c.state.conversations[f.conversation_id];
      if (conv && conv.status !== "closed") c.chats.close(conv, f.by, f.outcome);
      if (conv) c.tools.closed(conv);
      c.status.render();
    },

    error(f) {
      if (f.client_msg_id) {
        c.chats.failed(f.client_msg_id);
        c.tools.failed(f.client_msg_id);
      }
      if (f.code === "unknown_connection" && c.socket) {
        c.socket.stop();
        c.socket.start();
        return;
      }
      const key = "error_" + f.code;
      c.alert(t.has(key) && key !== "error_generic" ? t(key) : t("error_generic"));
    },
  };
}
