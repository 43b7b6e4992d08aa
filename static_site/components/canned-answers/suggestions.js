/*
 * The `/shortcut` suggestions under one reply box, as a combobox's list: the reply box keeps the focus
 * (aria-controls the listbox, aria-activedescendant its active option), ↑/↓ choose, Enter inserts,
 * Escape closes; a click inserts too. A live line says how many answers match. Inserting replaces the
 * `/shortcut` with the answer's text (in the conversation's language), which stays editable.
 */
import { make, setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { answerText, insertText, slashQuery, suggest } from "./shortcut.js";

/**
 * options.reply     the reply box (textarea)
 * options.list      the listbox (ul role=listbox) under it
 * options.status    a live line for what the list holds
 * options.idPrefix  unique per conversation: the options' ids
 * options.answers   () => the officer's answers (own first, then shared)
 * options.lang      () => the conversation's language
 * options.onOpen    () => called when the list opens (the answers may be fetched then)
 */
export function attachSuggestions({ reply, list, status, idPrefix, answers, lang, onOpen = () => {} }) {
  let shown = [];
  let active = -1;
  let range = null;

  list.id = idPrefix + "-suggestions";
  reply.setAttribute("aria-autocomplete", "list");
  reply.setAttribute("aria-controls", list.id);

  function isOpen() {
    return !list.hidden;
  }

  function close() {
    list.hidden = true;
    list.replaceChildren();
    shown = [];
    active = -1;
    range = null;
    reply.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = index;
    Array.from(list.children).forEach((option, i) => {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      option.classList.toggle("canned-option--active", i === index);
    });
    const option = list.children[index];
    if (option) {
      reply.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function update() {
    const typed = slashQuery(reply.value, reply.selectionStart);
    if (!typed) {
      if (isOpen()) setText(status, "");
      close();
      return;
    }
    if (!isOpen()) onOpen();
    range = typed;
    shown = suggest(answers(), typed.query);
    list.replaceChildren();
    if (!shown.length) {
      close();
      range = null;
      setText(status, t("canned_suggestions_none", { query: typed.query }));
      return;
    }
    shown.forEach((answer, i) => {
      const option = make("li", "canned-option");
      option.id = idPrefix + "-option-" + i;
      option.setAttribute("role", "option");
      option.appendChild(make("span", "canned-option__shortcut", "/" + answer.shortcut));
      option.appendChild(make("span", "canned-option__title", answer.title));
      option.addEventListener("mousedown", (event) => event.preventDefault()); // the reply box keeps the focus
      option.addEventListener("click", () => choose(i));
      list.appendChild(option);
    });
    list.hidden = false;
    highlight(0);
    const key = shown.length === 1 ? "canned_suggestions_one" : "canned_suggestions_many";
    setText(status, t(key, { n: shown.length, query: typed.query }));
  }

  function choose(index) {
    const answer = shown[index];
    if (!answer || !range) return;
    const result = insertText(reply.value, range, answerText(answer, lang()));
    close();
    reply.value = result.text;
    reply.focus();
    reply.setSelectionRange(result.caret, result.caret);
    setText(status, t("canned_inserted", { title: answer.title }));
  }

  function onKey(event) {
    if (event.target !== reply || !isOpen() || event.isComposing) return;
    let handled = true;
    if (event.key === "ArrowDown") highlight((active + 1) % shown.length);
    else if (event.key === "ArrowUp") highlight((active - 1 + shown.length) % shown.length);
    else if (event.key === "Enter" && !event.shiftKey) choose(active);
    else if (event.key === "Escape") {
      close();
      setText(status, "");
    } else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation(); // before the reply box's own Enter (send) and the page's Escape
    }
  }

  // Capture on the form: runs before the reply box's own keydown listeners (Enter sends).
  reply.form.addEventListener("keydown", onKey, true);
  reply.addEventListener("input", update);
  reply.addEventListener("click", () => {
    if (isOpen()) update();
  });
  reply.addEventListener("blur", () => setTimeout(() => {
    if (reply.ownerDocument.activeElement !== reply) close();
  }, 150));

  return { update, close, isOpen };
}
