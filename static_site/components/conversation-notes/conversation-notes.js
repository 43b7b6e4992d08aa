/*
 * Internal notes in the officer's console: a notes area per conversation, apart from the chat and marked
 * "Note interne — invisible pour le citoyen". Adding one sends `add_note`; the note shows as being saved
 * until its `note` frame comes back. Notes also arrive from a supervisor, and with `agent_state` and
 * `assigned` (a conversation's `notes`). The server never sends a note to a citizen; the widget has no
 * code for them either. Every text goes in as text.
 */
import { setText } from "../dom/dom.js";
import { timeOf } from "../chat-log/chat-log.js";
import { t } from "../agent-console/strings.js";
import { part } from "../pick-dialog/pick-dialog.js";
import { newId } from "../ws-client/ws-client.js";
import { noteAuthor, noteFrame, noteIndex, noteText } from "./note-data.js";

export function createNotes(c, doc = document) {
  const template = doc.getElementById("note-template");

  /** The notes area of one conversation's panel. */
  function attach(conv) {
    const panel = conv.els.panel;
    const section = part(panel, "notes");
    const title = part(panel, "notes-title");
    title.id = "notes-title-" + conv.id;
    section.setAttribute("aria-labelledby", title.id);
    const text = part(panel, "note-text");
    text.id = "note-" + conv.id;
    part(panel, "note-label").htmlFor = text.id;
    const form = part(panel, "notes-form");
    conv.notes = { shown: new Set(), pending: [], list: part(panel, "notes-list"), empty: part(panel, "notes-empty"), form, text };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      add(conv);
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  function noteNode(authorName, time, body) {
    const node = template.content.firstElementChild.cloneNode(true);
    setText(part(node, "author"), authorName);
    setText(part(node, "time"), time);
    setText(part(node, "text"), body);
    return node;
  }

  function refreshEmpty(conv) {
    conv.notes.empty.hidden = conv.notes.list.children.length > 0;
  }

  function add(conv) {
    c.alert("");
    const body = noteText(conv.notes.text.value);
    if (!body) {
      c.alert(t("note_empty"));
      conv.notes.text.focus();
      return;
    }
    const id = newId();
    const node = noteNode(t("you"), timeOf(null), body);
    node.classList.add("note--pending");
    setText(part(node, "state"), t("note_saving"));
    conv.notes.list.appendChild(node);
    conv.notes.pending.push({ id, text: body, node });
    conv.notes.text.value = "";
    refreshEmpty(conv);
    if (!c.connection.send(noteFrame(conv.id, id, body))) c.alert(t("note_offline"));
  }

  /** Show a stored note once, in note-id order; the officer's own pending copy becomes it. */
  function show(conv, note) {
    const notes = conv.notes;
    const index = notes.pending.findIndex((p) => p.id === note.client_msg_id);
    const pending = index >= 0 ? notes.pending.splice(index, 1)[0] : null;
    if (notes.shown.has(note.note_id)) {
      if (pending) pending.node.remove();
      return;
    }
    notes.shown.add(note.note_id);
    const selfId = c.state.agent && c.state.agent.agent_id;
    const node = noteNode(noteAuthor(note, selfId, t("you")), timeOf(note.created_at), note.text);
    node.setAttribute("data-note-id", note.note_id);
    if (pending) pending.node.remove();
    const rows = Array.from(notes.list.children);
    const at = noteIndex(rows.map((row) => row.getAttribute("data-note-id")), note.note_id);
    notes.list.insertBefore(node, at >= 0 ? rows[at] : notes.list.querySelector(".note--pending"));
    refreshEmpty(conv);
  }

  /** A `note` frame: shown in its conversation (a supervisor's note is announced). */
  function onNote(frame) {
    const conv = c.state.conversations[frame.conversation_id];
    if (!conv || !conv.notes) return;
    const own = conv.notes.pending.some((p) => p.id === frame.client_msg_id);
    show(conv, frame);
    if (!own) c.announce(t("note_from", { name: noteAuthor(frame, null, "") }));
  }

  /** The notes a CONVERSATION carries (sync, assigned); notes still being saved are sent again (same client_msg_id). */
  function showAll(conv, notes) {
    if (!conv.notes) return;
    (notes || []).forEach((note) => show(conv, note));
    if (conv.status === "closed") return;
    conv.notes.pending.forEach((p) => c.connection.send(noteFrame(conv.id, p.id, p.text)));
  }

  /** The server refused a note (its error carries the client_msg_id): marked not saved, its text back in the box. */
  function failed(clientMsgId) {
    c.state.order.forEach((id) => {
      const conv = c.state.conversations[id];
      if (!conv.notes) return;
      const index = conv.notes.pending.findIndex((p) => p.id === clientMsgId);
      if (index < 0) return;
      const pending = conv.notes.pending.splice(index, 1)[0];
      pending.node.classList.remove("note--pending");
      pending.node.classList.add("note--failed");
      setText(part(pending.node, "state"), t("note_not_saved"));
      if (!conv.notes.text.value) conv.notes.text.value = pending.text;
    });
  }

  /** A closed conversation takes no more notes. */
  function render(conv) {
    if (conv.notes) conv.notes.form.hidden = conv.status === "closed";
  }

  return { attach, show, onNote, showAll, failed, render };
}
