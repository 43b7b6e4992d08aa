/*
 * Internal notes without the page (docs/protocol.md, `add_note` and the `note` frame): the frame to send,
 * who wrote a note as the console names them, and where a note goes among those shown (note ids are
 * zero-padded sequence numbers per conversation, like message ids, so they compare as strings).
 */

export const NOTE_MAX = 2000;

/** The add_note frame. */
export function noteFrame(conversationId, clientMsgId, text) {
  return { action: "add_note", conversation_id: conversationId, client_msg_id: clientMsgId, text };
}

/** The note's text as sent: trimmed; null when there is nothing to send or it is too long. */
export function noteText(value) {
  const text = String(value || "").trim();
  return text && text.length <= NOTE_MAX ? text : null;
}

/** "Vous" for the officer's own notes, else the writer's display name (a supervisor's, a colleague's). */
export function noteAuthor(note, selfId, you) {
  const author = note.author || {};
  if (selfId && author.agent_id === selfId) return you;
  return author.display_name || author.agent_id || "";
}

/** Where a note goes among the rows' note ids (null for rows not yet stored): before the first later id, or -1 (last stored). */
export function noteIndex(rowIds, noteId) {
  return rowIds.findIndex((other) => !!other && other > noteId);
}
