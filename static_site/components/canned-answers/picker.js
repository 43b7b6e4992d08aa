/*
 * The canned answers' picker (agent.html's #canned-picker): a search over the officer's own answers and
 * the shared ones (GET /api/agent/canned-answers?q=), each inserted into the reply box it was opened
 * from; "Modifier" on those the officer may change, "Nouvelle réponse" for a personal one (or a shared
 * one, for a supervisor).
 */
import { setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { closeDialog, openDialog, part } from "../pick-dialog/pick-dialog.js";
import { canManage } from "./shortcut.js";

const SEARCH_DELAY_MS = 200;

/**
 * options.api            the REST client (api.js)
 * options.isSupervisor   () => whether the officer manages shared answers
 * options.onInsert       (answer) => insert it where the picker was opened from; answers the element to focus
 * options.onEdit         (answer or null) => open the editor (null: a new answer)
 */
export function createPicker(doc, { api, isSupervisor, onInsert, onEdit }) {
  const dialog = doc.getElementById("canned-picker");
  const search = doc.getElementById("canned-search");
  const status = doc.getElementById("canned-picker-status");
  const personal = doc.getElementById("canned-personal");
  const shared = doc.getElementById("canned-shared");
  const template = doc.getElementById("canned-item-template");
  let timer = null;
  let asked = 0;

  function item(answer) {
    const copy = template.content.firstElementChild.cloneNode(true);
    setText(part(copy, "title"), answer.title);
    setText(part(copy, "shortcut"), "/" + answer.shortcut);
    setText(part(copy, "text"), answer.text);
    part(copy, "insert").addEventListener("click", () => closeDialog(dialog, { returnTo: onInsert(answer) }));
    const edit = part(copy, "edit");
    if (canManage(answer, isSupervisor())) {
      edit.setAttribute("aria-label", t("canned_edit_label", { title: answer.title }));
      edit.addEventListener("click", () => onEdit(answer));
    } else edit.remove();
    return copy;
  }

  function emptyLine(key) {
    const li = doc.createElement("li");
    li.className = "pick-item pick-item--empty hint";
    setText(li, t(key));
    return li;
  }

  function render(answers) {
    const own = answers.filter((a) => a.scope === "personal");
    const desk = answers.filter((a) => a.scope === "shared");
    personal.replaceChildren(...(own.length ? own.map(item) : [emptyLine("canned_none_personal")]));
    shared.replaceChildren(...(desk.length ? desk.map(item) : [emptyLine("canned_none_shared")]));
    const n = answers.length;
    setText(status, n === 0 ? t("canned_count_none") : t(n === 1 ? "canned_count_one" : "canned_count_many", { n }));
  }

  /** Ask the server for the answers holding the search's words; only the latest question's answer is shown. */
  async function refresh() {
    const ticket = ++asked;
    setText(status, t("canned_loading"));
    const answer = await api.list(search.value);
    if (ticket !== asked) return;
    if (!answer.ok) {
      setText(status, answer.status === 401 ? t("canned_error_session") : t("canned_unavailable"));
      return;
    }
    render(answer.answers || []);
  }

  function open(returnTo) {
    search.value = "";
    openDialog(dialog, { focus: search, returnTo });
    refresh();
  }

  function install() {
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, SEARCH_DELAY_MS);
    });
    doc.getElementById("canned-picker-close").addEventListener("click", () => closeDialog(dialog));
    doc.getElementById("canned-new").addEventListener("click", () => onEdit(null));
  }

  return { install, open, refresh, isOpen: () => dialog.open };
}
