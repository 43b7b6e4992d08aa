/*
 * One conversation's markup, copied from agent.html's #conversation-template: its entry in the switcher
 * (number, alias, topic, wait, presence, unseen count) and its panel (the same label as a heading, the
 * shared chat log, the reply box, the close form, the "conversation terminée" note). This module fills
 * ids and wires the controls to the handlers it is given; it keeps no state of its own.
 */
import { ChatLog } from "../chat-log/chat-log.js";
import { cardLabels, t } from "./strings.js";

export function part(root, name) {
  return root.querySelector('[data-part="' + name + '"]');
}

/**
 * Build the conversation's switcher entry and panel, append them, and return its elements and chat log.
 * on.select(focus)     the officer chose it (click on its entry; focus: move into its reply box)
 * on.activate()        the focus went into its panel
 * on.reply()           "Envoyer" or Enter in the reply box
 * on.typing()          the reply box changed
 * on.close(outcome)    the close form was sent (outcome may be "")
 * on.dismiss()         "Retirer maintenant"
 */
export function buildConversationPanel(template, conv, containers, on, logOptions) {
  const id = conv.id;
  const copy = template.content.cloneNode(true);
  const item = copy.querySelector(".switcher__item");
  const panel = copy.querySelector(".chat-panel");
  const entry = part(item, "switch");
  entry.id = "tab-" + id;
  entry.setAttribute("aria-controls", "panel-" + id);
  entry.setAttribute("data-conversation-id", id);
  entry.addEventListener("click", () => on.select(true));

  panel.id = "panel-" + id;
  panel.setAttribute("data-conversation-id", id);
  const title = part(panel, "title");
  title.id = "title-" + id;
  panel.setAttribute("aria-labelledby", title.id);
  panel.addEventListener("focusin", () => on.activate());

  const composer = part(panel, "composer");
  const reply = part(panel, "reply");
  reply.id = "reply-" + id;
  part(panel, "reply-label").htmlFor = reply.id;
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    on.reply();
  });
  reply.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.isComposing && !event.defaultPrevented) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  reply.addEventListener("input", () => on.typing());

  const closeForm = part(panel, "close-form");
  const outcome = part(panel, "outcome");
  outcome.id = "outcome-" + id;
  part(panel, "outcome-label").htmlFor = outcome.id;
  closeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    on.close(outcome.value);
  });
  part(panel, "dismiss").addEventListener("click", () => on.dismiss());

  containers.switcher.appendChild(item);
  containers.panels.appendChild(panel);
  const log = part(panel, "log");
  return {
    log: new ChatLog(log, logOptions),
    els: {
      item,
      tab: entry,
      panel,
      title,
      logNode: log,
      key: part(panel, "key"),
      alias: part(panel, "alias"),
      unseen: part(panel, "unseen"),
      topic: part(panel, "topic"),
      meta: part(panel, "meta"),
      wait: part(panel, "wait"),
      presence: part(panel, "presence"),
      switchKey: part(item, "switch-key"),
      switchAlias: part(item, "switch-alias"),
      switchTopic: part(item, "switch-topic"),
      switchWait: part(item, "switch-wait"),
      switchPresence: part(item, "switch-presence"),
      switchUnseen: part(item, "switch-unseen"),
      typing: part(panel, "typing"),
      composer,
      reply,
      closeForm,
      outcome,
      closedNote: part(panel, "closed-note"),
      closedText: part(panel, "closed-text"),
    },
  };
}

/** The options of every conversation's chat log in the console. */
/**
 * How a console's log names authors. On the officer side, `by` names a supervisor who joined (officers see it,
 * citizens never do); `mine(message)` says whether an officer-side message is this console's own ("Vous").
 */
export function officerSideName(message, mine) {
  if (mine(message)) return t("you");
  return message && message.by ? message.by.display_name : t("officer_side");
}

export function consoleLogOptions(extra = {}, mine = (message) => !message || !message.by) {
  return {
    authorName: (author, message) =>
      author === "agent" ? officerSideName(message, mine) : author === "citizen" ? t("citizen") : t("system_author"),
    authorClass: (author, message) => (author === "agent" ? (mine(message) ? "self" : "agent") : author),
    labels: { sending: t("sending"), notSent: t("not_sent") },
    cardLabels: cardLabels(),
    ...extra,
  };
}
