/*
 * The message box: Enter sends (Shift + Enter for a new line), the officer is told the citizen types
 * (at most every 3 s), and "Terminer" asks first, in place of the buttons (Escape or "Non" cancel).
 */
import { setText } from "../dom/dom.js";
import { newId } from "../ws-client/ws-client.js";

export const MAX_TEXT = 4000;
const TYPING_THROTTLE_MS = 3000;

export function createComposer(w) {
  const { el, t } = w;

  function submit(event) {
    event.preventDefault();
    setText(el.chatAlert, "");
    const body = el.message.value;
    if (!body.trim()) {
      setText(el.chatAlert, t("empty_message"));
      return;
    }
    if (body.length > MAX_TEXT) {
      setText(el.chatAlert, t("error_text_too_long"));
      return;
    }
    const pending = { id: newId(), text: body, node: w.log.addPending("citizen", body) };
    w.state.pending.push(pending);
    w.storage.saveConversation();
    el.message.value = "";
    w.panel.scrollBodyToEnd();
    if (w.state.ready) w.connection.send(w.connection.withConversation({ action: "send", client_msg_id: pending.id, text: body }));
  }

  function onKey(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      el.composer.requestSubmit();
    }
  }

  function onInput() {
    const state = w.state;
    const now = Date.now();
    if (state.status !== "assigned" || !state.ready || now - state.lastTypingSentAt < TYPING_THROTTLE_MS) return;
    state.lastTypingSentAt = now;
    w.connection.send(w.connection.withConversation({ action: "typing" }));
  }

  /** "Terminer": ask first, in place of the buttons; focus goes to the confirmation. */
  function askEnd() {
    setText(el.chatAlert, "");
    el.composerActions.hidden = true;
    el.endConfirm.hidden = false;
    el.endYes.focus();
  }

  /** Leave the confirmation; back to "Terminer" when asked (cancel), else focus stays where the caller puts it. */
  function hideEndConfirm(focusEnd) {
    if (el.endConfirm.hidden) return;
    const focusWasInside = el.endConfirm.contains(document.activeElement);
    el.endConfirm.hidden = true;
    el.composerActions.hidden = false;
    if (focusEnd || focusWasInside) el.endButton.focus();
  }

  function onEndConfirmKey(event) {
    if (event.key === "Escape" && !event.isComposing) {
      event.preventDefault();
      event.stopPropagation(); // Escape cancels the question, it does not collapse the panel
      hideEndConfirm(true);
    }
  }

  function end() {
    hideEndConfirm(true);
    setText(el.chatAlert, "");
    if (!w.state.conversationId) {
      w.conversation.backToTopics("", true);
      return;
    }
    if (!w.connection.send({ action: "end" })) setText(el.chatAlert, t("end_offline"));
  }

  function install() {
    el.composer.addEventListener("submit", submit);
    el.message.addEventListener("keydown", onKey);
    el.message.addEventListener("input", onInput);
    el.endButton.addEventListener("click", askEnd);
    el.endYes.addEventListener("click", end);
    el.endNo.addEventListener("click", () => hideEndConfirm(true));
    el.endConfirm.addEventListener("keydown", onEndConfirmKey);
  }

  return { install, hideEndConfirm };
}
