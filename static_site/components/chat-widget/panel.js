/*
 * The panel: open (from the launcher, a link, #chat), collapse (Réduire, Escape), the launcher's badge
 * (unread messages, a conversation going on) and what is said while the panel is collapsed. In the chat
 * page the panel is always open and there is no launcher.
 */
import { setText } from "../dom/dom.js";
import { PANEL_KEY } from "./storage.js";
import { hasConversation } from "./state.js";

function isVisible(node) {
  return !!node && document.contains(node) && !!(node.offsetWidth || node.offsetHeight || node.getClientRects().length);
}

export function createPanel(w) {
  const { el, t } = w;

  /** options: focus (move focus inside), topic (preselect it), opener (gets focus back on collapse). */
  function open(options) {
    options = options || {};
    const state = w.state;
    if (state.exited) return;
    if (!w.pageMode) {
      if (options.opener) state.opener = options.opener;
      el.panel.hidden = false;
      el.launcher.hidden = true;
      el.launcher.setAttribute("aria-expanded", "true");
      w.storage.write(PANEL_KEY, "open");
    }
    state.open = true;
    state.unread = 0;
    updateLauncher();
    w.storage.saveConversation();
    if (!hasConversation(state)) {
      w.topics.load();
      w.topics.refreshAvailability();
    } else {
      if (!state.topics) w.topics.load(); // for the topic's label
      if (state.status !== "closed") w.desk.load(); // the notices, while the citizen waits
      if (!w.socket && state.conversationId && !state.closedShown) w.connection.ensureSocket(); // a closed one's history
    }
    if (options.topic && !hasConversation(state)) w.topics.suggest(options.topic);
    if (options.focus) focusInside();
    if (hasConversation(state)) scrollBodyToEnd();
    else scrollTop();
  }

  function collapse() {
    if (w.pageMode || el.panel.hidden) return;
    el.panel.hidden = true;
    el.launcher.hidden = false;
    el.launcher.setAttribute("aria-expanded", "false");
    w.storage.write(PANEL_KEY, "closed");
    w.state.open = false;
    w.topics.stopAvailabilityRefresh();
    updateLauncher();
    const back = isVisible(w.state.opener) ? w.state.opener : el.launcher;
    w.state.opener = null;
    back.focus();
  }

  function scrollTop() {
    if (!w.pageMode) el.body.scrollTop = 0;
  }

  /** Floating panel in a conversation: show its latest part (the emergency numbers stay a scroll away). */
  function scrollBodyToEnd() {
    if (!w.pageMode) el.body.scrollTop = el.body.scrollHeight;
  }

  /** Where focus goes when the panel opens: the message box in a conversation, else the suggested topic or the title. */
  function focusInside() {
    const state = w.state;
    if (hasConversation(state) && !el.composer.hidden && !el.message.disabled) {
      el.message.focus();
      return;
    }
    const suggested = w.topics.button(state.suggestedTopic);
    if (suggested) {
      suggested.focus();
      return;
    }
    // Topics not loaded yet: the suggested one takes focus when it appears, unless the citizen moved on.
    state.focusSuggestion = !!state.suggestedTopic && !state.topics;
    el.title.focus();
  }

  function updateLauncher() {
    if (w.pageMode) return;
    const state = w.state;
    const active = hasConversation(state) && state.status !== "closed";
    let label = "";
    if (state.unread === 1) label = t("launcher_unread_one");
    else if (state.unread > 1) label = t("launcher_unread_many", { n: state.unread });
    else if (active) label = t("launcher_ongoing");
    setText(el.badge, label);
    el.badge.hidden = !label;
    el.launcher.classList.toggle("cw-launcher--active", active || state.unread > 0);
    // Where the page column leaves no room, the launcher only floats during a conversation; the page then keeps room for it.
    document.documentElement.classList.toggle("cw-chat-ongoing", active || state.unread > 0);
  }

  /** Said politely when the panel is collapsed (its own live regions are hidden then). */
  function announce(message) {
    if (w.pageMode || w.state.open || !el.announce) return;
    setText(el.announce, "");
    setTimeout(() => setText(el.announce, message), 50);
  }

  function onKeydown(event) {
    if (event.key === "Escape" && !event.isComposing) {
      event.preventDefault();
      collapse();
    }
  }

  /** Floating only: the launcher opens, Réduire and Escape collapse. */
  function install() {
    if (w.pageMode) {
      el.panel.hidden = false;
      return;
    }
    el.launcher.hidden = false;
    document.documentElement.classList.add("cw-has-launcher");
    el.launcher.addEventListener("click", () => open({ focus: true, opener: el.launcher }));
    el.minimise.addEventListener("click", collapse);
    el.panel.addEventListener("keydown", onKeydown);
  }

  return { install, open, collapse, scrollTop, scrollBodyToEnd, updateLauncher, announce };
}
