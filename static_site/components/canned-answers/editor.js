/*
 * The canned answer editor (agent.html's #canned-editor): create a personal answer (a supervisor may
 * make it shared), change one, or delete it (a second press confirms). Fields are checked as the server
 * checks them, and the server's own answers (invalid_fields, shortcut_taken, forbidden) are shown beside
 * the fields they concern.
 */
import { setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { closeDialog, openDialog } from "../pick-dialog/pick-dialog.js";
import { draftBody, draftErrors } from "./shortcut.js";

const FIELDS = { title: "canned-title", shortcut: "canned-shortcut", text: "canned-text", text_en: "canned-text-en" };

/**
 * options.api            the REST client (api.js)
 * options.isSupervisor   () => whether the officer may write shared answers
 * options.onSaved        (message) => an answer was created, changed or deleted
 */
export function createEditor(doc, { api, isSupervisor, onSaved }) {
  const dialog = doc.getElementById("canned-editor");
  const form = doc.getElementById("canned-editor-form");
  const title = doc.getElementById("canned-editor-title");
  const alert = doc.getElementById("canned-editor-alert");
  const scope = doc.getElementById("canned-scope");
  const remove = doc.getElementById("canned-delete");
  const inputs = {};
  Object.keys(FIELDS).forEach((name) => {
    inputs[name] = doc.getElementById(FIELDS[name]);
  });
  let editing = null; // the answer being changed, or null for a new one
  let confirmDelete = false;
  let busy = false;

  function errorLine(name) {
    return doc.getElementById("canned-" + name + "-error");
  }

  function showErrors(errors) {
    let first = null;
    Object.keys(FIELDS).forEach((name) => {
      const message = errors[name] || "";
      setText(errorLine(name), message);
      if (message) {
        inputs[name].setAttribute("aria-invalid", "true");
        first = first || inputs[name];
      } else inputs[name].removeAttribute("aria-invalid");
    });
    return first;
  }

  function resetDelete() {
    confirmDelete = false;
    setText(remove, t("canned_delete"));
  }

  function open(answer) {
    editing = answer;
    form.reset();
    setText(alert, "");
    showErrors({});
    resetDelete();
    const creating = !answer;
    setText(title, t(creating ? "canned_editor_new" : answer.scope === "shared" ? "canned_editor_edit_shared" : "canned_editor_edit"));
    scope.hidden = !creating || !isSupervisor();
    remove.hidden = creating;
    if (answer) {
      inputs.title.value = answer.title;
      inputs.shortcut.value = answer.shortcut;
      inputs.text.value = answer.text;
      inputs.text_en.value = answer.text_en || "";
    }
    openDialog(dialog, { focus: inputs.title });
  }

  function draft() {
    const chosen = form.querySelector('input[name="canned-scope"]:checked');
    return {
      title: inputs.title.value,
      shortcut: inputs.shortcut.value,
      text: inputs.text.value,
      text_en: inputs.text_en.value,
      scope: chosen ? chosen.value : "personal",
    };
  }

  /** What the server refused, beside its field or in the alert. */
  function showRefusal(answer) {
    if (answer.code === "invalid_fields") {
      const first = showErrors(answer.fields || {});
      setText(alert, t("canned_fix_fields"));
      if (first) first.focus();
      return;
    }
    if (answer.code === "shortcut_taken") {
      showErrors({ shortcut: t("canned_error_shortcut_taken") });
      inputs.shortcut.focus();
      return;
    }
    const key = answer.status === 401 ? "canned_error_session" : "canned_error_" + answer.code;
    setText(alert, t.has(key) ? t(key) : t("canned_unavailable"));
  }

  async function save(event) {
    event.preventDefault();
    if (busy) return;
    setText(alert, "");
    const values = draft();
    const errors = draftErrors(values);
    const messages = {};
    Object.keys(errors).forEach((name) => {
      messages[name] = t(errors[name]);
    });
    const first = showErrors(messages);
    if (first) {
      setText(alert, t("canned_fix_fields"));
      first.focus();
      return;
    }
    busy = true;
    const body = draftBody(values, !editing);
    const answer = editing ? await api.update(editing.id, body) : await api.create(body);
    busy = false;
    if (!answer.ok) {
      showRefusal(answer);
      return;
    }
    closeDialog(dialog);
    onSaved(t("canned_saved", { title: answer.answer.title }));
  }

  async function onDelete() {
    if (!editing || busy) return;
    if (!confirmDelete) {
      confirmDelete = true;
      setText(remove, t("canned_delete_confirm"));
      setText(alert, t("canned_delete_ask"));
      return;
    }
    busy = true;
    const answer = await api.remove(editing.id);
    busy = false;
    if (!answer.ok && answer.status !== 404) {
      resetDelete();
      showRefusal(answer);
      return;
    }
    closeDialog(dialog);
    onSaved(t("canned_deleted"));
  }

  function install() {
    form.addEventListener("submit", save);
    remove.addEventListener("click", onDelete);
    doc.getElementById("canned-editor-cancel").addEventListener("click", () => closeDialog(dialog));
  }

  return { install, open };
}
