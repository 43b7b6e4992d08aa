/*
 * What has been announced to the officer and what they have not seen yet, per conversation.
 *
 * - Announced once: a conversation (its arrival) and each message (by conversation id + message id) are
 *   announced at most once, however often a sync, a resume or a repeat delivers them again.
 * - Unseen: each announced item counts in its conversation until the officer views that conversation;
 *   the page title carries the total.
 *
 * The ledger is plain data (ids and counts, never a text), kept in the tab's sessionStorage so a reload
 * neither announces again what was announced nor forgets what is still unseen.
 */

export class AttentionLedger {
  /** From a snapshot (toJSON's), or empty. */
  constructor(snapshot = null) {
    this._conversations = new Map();
    const known = snapshot && typeof snapshot === "object" && snapshot.conversations;
    if (known && typeof known === "object") {
      Object.entries(known).forEach(([id, entry]) => {
        const messages = Array.isArray(entry.messages) ? entry.messages.map(String) : [];
        const unseen = Number.isInteger(entry.unseen) && entry.unseen > 0 ? entry.unseen : 0;
        this._conversations.set(id, { messages: new Set(messages), unseen });
      });
    }
  }

  /** Whether this conversation was already announced (or adopted). */
  knows(conversationId) {
    return this._conversations.has(conversationId);
  }

  /** The conversation's arrival: true the first time only (then it is to be announced). */
  admitConversation(conversationId) {
    if (this._conversations.has(conversationId)) return false;
    this._conversations.set(conversationId, { messages: new Set(), unseen: 0 });
    return true;
  }

  /** A message: true the first time this conversation's message id is seen (then it is to be announced). */
  admitMessage(conversationId, messageId) {
    this.admitConversation(conversationId);
    const entry = this._conversations.get(conversationId);
    const id = String(messageId);
    if (entry.messages.has(id)) return false;
    entry.messages.add(id);
    return true;
  }

  /** One more item the officer has not seen in this conversation. */
  addUnseen(conversationId, n = 1) {
    this.admitConversation(conversationId);
    this._conversations.get(conversationId).unseen += n;
  }

  /** The officer viewed the conversation: nothing in it is unseen any more. Whether anything changed. */
  markSeen(conversationId) {
    const entry = this._conversations.get(conversationId);
    if (!entry || entry.unseen === 0) return false;
    entry.unseen = 0;
    return true;
  }

  unseen(conversationId) {
    const entry = this._conversations.get(conversationId);
    return entry ? entry.unseen : 0;
  }

  totalUnseen() {
    let total = 0;
    this._conversations.forEach((entry) => {
      total += entry.unseen;
    });
    return total;
  }

  /** The conversation left the workspace: nothing of it counts any more. */
  forget(conversationId) {
    this._conversations.delete(conversationId);
  }

  /** Keep only these conversations (those the server still gives this officer). */
  retain(conversationIds) {
    const keep = new Set(conversationIds);
    Array.from(this._conversations.keys()).forEach((id) => {
      if (!keep.has(id)) this._conversations.delete(id);
    });
  }

  toJSON() {
    const conversations = {};
    this._conversations.forEach((entry, id) => {
      conversations[id] = { messages: Array.from(entry.messages), unseen: entry.unseen };
    });
    return { conversations };
  }
}

/** The page title with the unseen count in front: "(3) Console agent — Guichet"; the plain title at 0. */
export function titleWith(baseTitle, unseen) {
  return unseen > 0 ? "(" + (unseen > 99 ? "99+" : unseen) + ") " + baseTitle : baseTitle;
}
