/*
 * Today's history (agent.html's #history-dialog): the officer's own conversations closed today, searched
 * through GET /api/agent/history?q= as they type, and one read (GET /api/agent/history/{id}) with its
 * messages in the shared chat log and its internal notes. Read-only: nothing here sends a frame.
 */
import { make, setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { ChatLog, timeOf } from "../chat-log/chat-log.js";
import { consoleLogOptions } from "../agent-console/conversation-panel.js";
import { closeDialog, openDialog } from "../pick-dialog/pick-dialog.js";
import { createHistoryApi } from "./history-api.js";

const SEARCH_DELAY_MS = 250;

export function createHistory(c, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const dialog = $("history-dialog");
  const search = $("history-search");
  const status = $("history-status");
  const list = $("history-list");
  const listView = $("history-list-view");
  const view = $("history-view");
  const api = createHistoryApi({ apiBase: c.config.apiBase || "/api", idToken: () => c.signIn.idToken() });
  let timer = null;
  let asked = 0; // only the latest search's answer is shown
  let lastOpened = null;

  function outcomeLabel(outcome) {
    const option = $("conversation-template").content.querySelector('option[value="' + outcome + '"]');
    return option ? option.textContent : outcome || "";
  }

  function failure(answer) {
    return t(answer.status === 401 ? "history_session" : answer.code === "invalid_fields" ? "history_too_long" : "history_unavailable");
  }

  function item(entry) {
    const li = doc.createElement("li");
    li.className = "pick-item";
    const button = make("button", "pick-item__choose", null, doc);
    button.type = "button";
    button.append(
      make("span", "pick-item__title", t("history_item", { topic: c.chats.topicLabel(entry.topic), time: timeOf(entry.closed_at) }), doc),
      " ",
      make("span", "pick-item__detail", t("history_item_detail", { outcome: outcomeLabel(entry.outcome), n: entry.message_count }), doc),
    );
    button.addEventListener("click", () => read(entry, button));
    li.appendChild(button);
    return li;
  }

  async function refresh() {
    const mine = ++asked;
    setText(status, t("history_loading"));
    const answer = await api.list(search.value);
    if (mine !== asked) return;
    if (!answer.ok) {
      list.replaceChildren();
      setText(status, failure(answer));
      return;
    }
    const found = answer.conversations || [];
    list.replaceChildren(...found.map(item));
    const n = found.length;
    setText(status, n === 0 ? t("history_count_none") : t(n === 1 ? "history_count_one" : "history_count_many", { n }));
  }

  async function read(entry, from) {
    lastOpened = from;
    setText(status, t("history_loading"));
    const answer = await api.read(entry.conversation_id);
    if (!answer.ok) {
      setText(status, failure(answer));
      return;
    }
    const conv = answer.conversation;
    setText(status, "");
    setText($("history-view-title"), t("history_view_title", { topic: c.chats.topicLabel(conv.topic), time: timeOf(conv.closed_at) }));
    const meta = [outcomeLabel(conv.outcome)];
    setText($("history-view-meta"), meta.join(" · "));
    const logNode = $("history-log");
    logNode.replaceChildren();
    const log = new ChatLog(logNode, consoleLogOptions());
    (conv.messages || []).forEach((m) => log.show(m));
    const notes = $("history-notes");
    const shown = (conv.notes || []).map((n) => {
      const li = make("li", "note", null, doc);
      li.append(make("p", "note__meta", t("note_from", { name: (n.author && n.author.display_name) || "" }) + " · " + timeOf(n.created_at), doc));
      li.append(make("p", "note__text", n.text, doc));
      return li;
    });
    notes.replaceChildren(...(shown.length ? shown : [make("li", "hint", t("history_no_notes"), doc)]));
    listView.hidden = true;
    view.hidden = false;
    $("history-view-title").focus();
  }

  function back() {
    view.hidden = true;
    listView.hidden = false;
    if (lastOpened && lastOpened.isConnected) lastOpened.focus();
    else search.focus();
  }

  function open(event) {
    search.value = "";
    list.replaceChildren();
    view.hidden = true;
    listView.hidden = false;
    openDialog(dialog, { focus: search, returnTo: event && event.currentTarget });
    refresh();
  }

  function install() {
    $("history-open").addEventListener("click", open);
    $("history-close").addEventListener("click", () => closeDialog(dialog));
    $("history-back").addEventListener("click", back);
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, SEARCH_DELAY_MS);
    });
  }

  return { install, open, refresh };
}
