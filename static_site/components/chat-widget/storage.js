/*
 * The conversation follows the citizen from page to page and across reloads: its id, resume token, last
 * message id and unacknowledged messages live in sessionStorage under keys starting with "guichet",
 * which the quick exit wipes. After a quick exit, nothing is written again on this page.
 */

export const CONVERSATION_KEY = "guichet.chat.conversation";
export const PANEL_KEY = "guichet.chat.panel";

/** What is kept of a conversation, given the widget's state and its log's watermark. */
export function storedConversation(state, lastMessageId) {
  return {
    conversation_id: state.conversationId,
    resume_token: state.resumeToken,
    last_message_id: lastMessageId,
    topic: state.topicId,
    unread: state.unread,
    closed: state.status === "closed",
    survey_done: state.surveyDone,
    pending: state.pending.map((p) => ({ client_msg_id: p.id, text: p.text })),
  };
}

/** A kept conversation from its JSON, or null if there is none (or it does not parse). */
export function parseStoredConversation(raw) {
  try {
    return JSON.parse(raw || "null");
  } catch (ignored) {
    return null;
  }
}

/** Reads and writes for the widget `w` (its state says whether the quick exit ran). */
export function createStorage(w) {
  function read(key) {
    try {
      return globalThis.sessionStorage.getItem(key);
    } catch (ignored) {
      return null;
    }
  }

  function write(key, value) {
    if (w.state.exited || w.leaving) return; // the quick exit wipes everything: never write again on this page
    try {
      if (value == null) globalThis.sessionStorage.removeItem(key);
      else globalThis.sessionStorage.setItem(key, value);
    } catch (ignored) {
      /* private mode or full: the chat still works, only a reload would lose it */
    }
  }

  function loadConversation() {
    return parseStoredConversation(read(CONVERSATION_KEY));
  }

  function saveConversation() {
    if (!w.state.conversationId) return;
    write(CONVERSATION_KEY, JSON.stringify(storedConversation(w.state, w.log.watermark())));
  }

  function clearConversation() {
    write(CONVERSATION_KEY, null);
  }

  return { read, write, loadConversation, saveConversation, clearConversation };
}
