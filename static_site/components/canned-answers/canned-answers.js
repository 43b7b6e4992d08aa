/*
 * Canned answers in the officer's console (docs/protocol.md, "Canned answers"): typing `/` and a
 * shortcut in a reply box suggests answers (suggestions.js), "Réponses types" opens the picker
 * (picker.js), and the officer writes their own answers in the editor (editor.js); supervisors manage
 * the shared ones. Whatever is inserted stays in the reply box, editable, until the officer sends it.
 *
 * The console calls `attach(conv)` for each conversation's panel (its composer holds the parts) and
 * `clear()` at sign-out; the answers are fetched once signed in and again after every change.
 */
import { setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { claimsOf } from "../agent-console/token.js";
import { part } from "../pick-dialog/pick-dialog.js";
import { createCannedApi } from "./api.js";
import { createEditor } from "./editor.js";
import { createPicker } from "./picker.js";
import { answerText, insertText, isSupervisorOf } from "./shortcut.js";
import { attachSuggestions } from "./suggestions.js";

export function createCannedAnswers(c, doc = document) {
  const idToken = () => c.signIn.idToken();
  const isSupervisor = () => isSupervisorOf(claimsOf(idToken() || ""));
  const api = createCannedApi({ apiBase: c.config.apiBase || "/api", idToken });
  let answers = [];
  let loadedFor = null; // the officer (sub claim) the answers are for: another sign-in fetches them again
  let loading = null;
  let target = null; // the conversation the picker inserts into
  const attached = new Map(); // conversation id → its suggestions

  let generation = 0; // only the newest fetch's answer is kept

  /** Fetch every answer (own, then shared); the suggestions filter them as the officer types.
   * `fresh`: after a change, a fetch already under way may predate it: start another one. */
  function load(fresh = false) {
    if (loading && !fresh) return loading;
    const mine = ++generation;
    loadedFor = claimsOf(idToken() || "").sub || null;
    loading = api.list("").then((answer) => {
      if (mine !== generation) return loading || answers;
      loading = null;
      if (answer.ok) {
        answers = answer.answers || [];
        attached.forEach((suggestions) => {
          if (suggestions.isOpen() || doc.activeElement === suggestions.reply) suggestions.update();
        });
      }
      return answers;
    });
    return loading;
  }

  /** The answers for the officer signed in now (fetched again for another one). */
  function currentAnswers() {
    if ((claimsOf(idToken() || "").sub || null) !== loadedFor) {
      answers = [];
      load();
    }
    return answers;
  }

  /** Put the answer in the reply box the picker was opened from, at its caret; answers that box (it takes the focus). */
  function insertFromPicker(answer) {
    const conv = target;
    if (!conv || !conv.els || !conv.els.reply.isConnected) return null;
    const reply = conv.els.reply;
    const range = conv.replyRange || { start: reply.value.length, end: reply.value.length };
    const result = insertText(reply.value, range, answerText(answer, conv.lang));
    reply.value = result.text;
    reply.setSelectionRange(result.caret, result.caret);
    setText(part(conv.els.panel, "canned-status"), t("canned_inserted", { title: answer.title }));
    return reply;
  }

  const editor = createEditor(doc, {
    api,
    isSupervisor,
    onSaved: (message) => {
      answers = [];
      load(true);
      c.announce(message);
      if (picker.isOpen()) picker.refresh().then(() => doc.getElementById("canned-search").focus());
    },
  });
  const picker = createPicker(doc, { api, isSupervisor, onInsert: insertFromPicker, onEdit: (answer) => editor.open(answer) });

  /** The canned answers of one conversation's reply box: the `/` suggestions and the picker's button. */
  function attach(conv) {
    const panel = conv.els.panel;
    const reply = conv.els.reply;
    const suggestions = attachSuggestions({
      reply,
      list: part(panel, "canned-suggestions"),
      status: part(panel, "canned-status"),
      idPrefix: "canned-" + conv.id,
      answers: currentAnswers,
      lang: () => conv.lang,
      onOpen: () => {
        if (!answers.length) load();
      },
    });
    suggestions.reply = reply;
    attached.set(conv.id, suggestions);
    const hint = part(panel, "reply-hint");
    if (hint) {
      hint.id = "reply-hint-" + conv.id;
      reply.setAttribute("aria-describedby", hint.id);
    }
    part(panel, "canned-open").addEventListener("click", (event) => {
      target = conv;
      conv.replyRange = { start: reply.selectionStart, end: reply.selectionEnd };
      picker.open(event.currentTarget);
    });
    if (!answers.length) load();
  }

  /** Signed out: forget the answers and the conversations' boxes. */
  function clear() {
    answers = [];
    attached.clear();
    target = null;
  }

  function install() {
    picker.install();
    editor.install();
  }

  return { install, attach, clear, load, openPicker: picker.open };
}
