/*
 * The officer's tools on each conversation, each its own component: canned answers (../canned-answers/),
 * orientation cards (../card-picker/) and internal notes (../conversation-notes/). The console calls
 * `conversation(conv, data)` whenever a CONVERSATION arrives (sync, assigned): the tools attach to its
 * panel once, and its notes are shown.
 */
import { createCannedAnswers } from "../canned-answers/canned-answers.js";
import { createCardPicker } from "../card-picker/card-picker.js";
import { createNotes } from "../conversation-notes/conversation-notes.js";
import { showContext } from "../conversation-context/conversation-context.js";
import { createHistory } from "../officer-history/officer-history.js";
import { createTransfer } from "../transfer/transfer.js";

export function createOfficerTools(c, doc = document) {
  const canned = createCannedAnswers(c, doc);
  const cards = createCardPicker(c, doc);
  const notes = createNotes(c, doc);
  const transfer = createTransfer(c, doc);
  const history = createHistory(c, doc);

  /** A conversation from the server: its panel gets the tools (once), its notes are shown. */
  function conversation(conv, data) {
    if (!conv || !conv.els) return;
    if (!conv.toolsAttached) {
      conv.toolsAttached = true;
      canned.attach(conv);
      cards.attach(conv);
      notes.attach(conv);
      transfer.attach(conv);
    }
    showContext(conv, data, doc);
    notes.showAll(conv, data && data.notes);
    notes.render(conv);
  }

  function install() {
    canned.install();
    cards.install();
    transfer.install();
    history.install();
  }

  return {
    install,
    conversation,
    note: notes.onNote,
    failed: notes.failed,
    closed: (conv) => notes.render(conv),
    canned,
    cards,
    notes,
    transfer,
    history,
  };
}
