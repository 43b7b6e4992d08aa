/*
 * The chat log: the messages of one conversation, in the order the server stored them. Shared by the
 * citizen's widget and the officer's console, which each give the log element (role="log", in their
 * markup) and say how authors are named.
 *
 * - A stored message (it has a message_id) is shown once, in id order (ids are zero-padded sequence
 *   numbers, so they compare as strings); the page's own unacknowledged messages stay last.
 * - A message being sent is shown at once as pending, then marked sent with its id and time (or
 *   removed, if a replay already showed it), or failed.
 * - The log can be quiet (aria-live off) while a whole conversation replays, then speak again.
 * - An orientation card (a message with kind "card") shows as a card with its link (../orientation-card/).
 *
 * Every text goes in through textContent, never as HTML.
 */

import { make } from "../dom/dom.js";
import { isCard } from "../orientation-card/card-data.js";
import { cardElement } from "../orientation-card/orientation-card.js";

const SETTLE_MS = 600;

/** A message id from its sequence number: 7 → "0000000007". */
export function messageId(seq) {
  return String(seq).padStart(10, "0");
}

/** The last id up to which every message is shown (`shown` has ids; they form a gap-free sequence), or null. */
export function contiguousWatermark(shown) {
  let n = 0;
  while (shown.has(messageId(n + 1))) n += 1;
  return n === 0 ? null : messageId(n);
}

/** Where a message goes among the log's rows (their ids, null for rows without one): the first later id, or -1. */
export function insertionIndex(rowIds, id) {
  return rowIds.findIndex((other) => !!other && other > id);
}

/** "14:05": the time of an epoch-seconds instant (now if none) in the page's locale. */
export function timeOf(epochSeconds, locale = "fr-FR") {
  const date = epochSeconds ? new Date(epochSeconds * 1000) : new Date();
  return date.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
}

export class ChatLog {
  /**
   * element               the log element
   * options.authorName    (author, message) => the name shown: author is "citizen" | "agent" | "system"; the
   *                       stored message (null for the page's own pending one) may say more (officers: `by`)
   * options.authorClass   (author, message) => the message's modifier (msg--<it>); the author by default
   * options.locale        for the times (fr-FR by default)
   * options.labels        { sending, notSent }: the pending and failed lines
   * options.cardLabels    { sheet, service, unit, report, card, newWindow }: an orientation card's words
   */
  constructor(element, options) {
    this.element = element;
    this._authorName = options.authorName;
    this._authorClass = options.authorClass || ((author) => author);
    this._locale = options.locale || "fr-FR";
    this._labels = options.labels;
    this._cardLabels = options.cardLabels || {};
    this._shown = new Set();
    this._settleTimer = null;
  }

  /** Whether the stored message with this id is displayed. */
  has(id) {
    return this._shown.has(id);
  }

  /** The last message id up to which every message is displayed, or null. */
  watermark() {
    return contiguousWatermark(this._shown);
  }

  /** Show a stored message in id order; null if it has no id or is already displayed, else its element. */
  show(message) {
    if (!message.message_id || this._shown.has(message.message_id)) return null;
    if (this.isQuiet()) this.settle();
    this._shown.add(message.message_id);
    const card = isCard(message) ? message : null;
    const node = this._messageNode(message.author, message.text, message.sent_at, card, message);
    node.setAttribute("data-message-id", message.message_id);
    const rows = Array.from(this.element.children);
    const index = insertionIndex(rows.map((row) => row.getAttribute("data-message-id")), message.message_id);
    // Unacknowledged messages of this page stay last: they will be stored after what is shown.
    this.element.insertBefore(node, index >= 0 ? rows[index] : this.element.querySelector(".msg--pending"));
    this.scrollToEnd();
    return node;
  }

  /** Show a message of this page's own author being sent (it has no id yet; `card`: an orientation card); returns its element. */
  addPending(author, text, card = null) {
    const node = this._messageNode(author, text, null, card ? { kind: "card", card, text } : null);
    node.classList.add("msg--pending");
    node.appendChild(make("p", "msg__state", this._labels.sending, this.element.ownerDocument));
    this.element.appendChild(node);
    this.scrollToEnd();
    return node;
  }

  /**
   * The server stored a pending message (its ack frame: message_id, sent_at). If a replay already showed
   * it, the pending copy goes and false is returned; else it becomes the stored message and true.
   */
  acknowledge(node, frame) {
    if (this._shown.has(frame.message_id)) {
      node.remove();
      return false;
    }
    this._shown.add(frame.message_id);
    node.classList.remove("msg--pending");
    node.setAttribute("data-message-id", frame.message_id);
    const stateLine = node.querySelector(".msg__state");
    if (stateLine) stateLine.remove();
    const time = node.querySelector(".msg__time");
    if (time) time.textContent = timeOf(frame.sent_at, this._locale);
    return true;
  }

  /** A pending message that will not be stored (refused, or the conversation closed). */
  markFailed(node) {
    node.classList.remove("msg--pending");
    node.classList.add("msg--failed");
    const stateLine = node.querySelector(".msg__state");
    if (stateLine) stateLine.textContent = this._labels.notSent;
  }

  /** A line of the page's own (the officer joined, the conversation closed), after everything shown. */
  systemLine(text) {
    this.element.appendChild(make("p", "msg msg--system", text, this.element.ownerDocument));
    this.scrollToEnd();
  }

  /** Keep quiet: a whole conversation is about to be replayed, screen readers should not read it all out. */
  quiet() {
    clearTimeout(this._settleTimer);
    this.element.setAttribute("aria-live", "off");
  }

  isQuiet() {
    return this.element.getAttribute("aria-live") === "off";
  }

  /** Speak again once the replay has settled. */
  settle() {
    clearTimeout(this._settleTimer);
    this._settleTimer = setTimeout(() => this.element.setAttribute("aria-live", "polite"), SETTLE_MS);
  }

  /** Speak again now. */
  speak() {
    clearTimeout(this._settleTimer);
    this.element.setAttribute("aria-live", "polite");
  }

  /** Empty the log and forget what it showed. */
  clear() {
    this.element.replaceChildren();
    this._shown.clear();
  }

  scrollToEnd() {
    this.element.scrollTop = this.element.scrollHeight;
  }

  _messageNode(author, text, sentAt, card = null, message = null) {
    const doc = this.element.ownerDocument;
    const item = make("div", "msg msg--" + this._authorClass(author, message), null, doc);
    const meta = make("p", "msg__meta", null, doc);
    meta.appendChild(make("span", "msg__author", this._authorName(author, message), doc));
    meta.appendChild(doc.createTextNode(" "));
    meta.appendChild(make("span", "msg__time", timeOf(sentAt, this._locale), doc));
    item.appendChild(meta);
    if (card) {
      item.classList.add("msg--card");
      item.appendChild(cardElement(doc, card, this._cardLabels));
    } else item.appendChild(make("p", "msg__text", text, doc));
    return item;
  }
}
