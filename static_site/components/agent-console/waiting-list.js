/*
 * The queue, as the server's snapshots give it (docs/protocol.md, `waiting`): its first conversations in
 * serving order and the total. "Prendre" takes one; the list keeps the keyboard focus on the same row
 * when it is rebuilt, and how long each citizen has waited is refreshed every 30 seconds.
 */
import { make, setText } from "../dom/dom.js";
import { DEFAULT_CAPACITY, isNewerSnapshot, openCount } from "./state.js";
import { t } from "./strings.js";

const REFRESH_MS = 30 * 1000;

/** "moins d'une minute" or "<n> min" since an epoch-seconds instant. */
export function waitedFor(epochSeconds, nowMs = Date.now()) {
  const minutes = Math.max(0, Math.floor((nowMs / 1000 - epochSeconds) / 60));
  return minutes < 1 ? t("waited_under_a_minute") : t("waited_minutes", { n: minutes });
}

/** The row's hint: its place in the queue (none when the citizen is offline) and the wait. */
export function waitingHint(item, since) {
  const place = item.position ? t("waiting_place", { n: item.position }) : t("waiting_offline");
  return t("waiting_since", { place, since });
}

export function createWaitingList(c) {
  const { el } = c;
  const rowTemplate = document.getElementById("waiting-item-template");

  function row(item, canTake) {
    const label = c.chats.topicLabel(item.topic);
    const since = waitedFor(item.created_at);
    const node = rowTemplate.content.firstElementChild.cloneNode(true);
    node.setAttribute("data-conversation-id", item.conversation_id);
    setText(node.querySelector("strong"), label);
    setText(node.querySelector(".hint"), waitingHint(item, since));
    const take = node.querySelector("button");
    take.setAttribute("aria-label", t("take_label", { topic: label, since }));
    take.disabled = !canTake;
    take.addEventListener("click", () => {
      c.alert("");
      c.connection.send({ action: "take", conversation_id: item.conversation_id });
    });
    return node;
  }

  function render() {
    const state = c.state;
    // The list is rebuilt on every change: keep the keyboard focus on the same row.
    const focused = document.activeElement;
    const focusedRow = focused && el.waitingList.contains(focused) ? focused.closest("li") : null;
    const focusedId = focusedRow ? focusedRow.getAttribute("data-conversation-id") : null;
    el.waitingList.replaceChildren();
    const total = Math.max(state.waitingTotal, state.waiting.length);
    setText(el.waitingCount, total ? "(" + total + ")" : "");
    el.waitingEmpty.hidden = state.waiting.length > 0;
    el.waitingHint.hidden = !state.waiting.length;
    const canTake = !!state.agent && openCount(state) < (state.agent.capacity || DEFAULT_CAPACITY);
    state.waiting.forEach((item) => {
      const node = row(item, canTake);
      el.waitingList.appendChild(node);
      if (item.conversation_id === focusedId) node.querySelector("button").focus();
    });
    if (total > state.waiting.length) {
      el.waitingList.appendChild(make("li", "hint", t("waiting_more", { n: total - state.waiting.length })));
    }
    if (focusedId && !el.waitingList.contains(document.activeElement)) el.waitingTitle.focus();
  }

  /** A `waiting` snapshot: shown unless an older one arrives late. */
  function onSnapshot(frame) {
    const state = c.state;
    if (!isNewerSnapshot(frame, state.waitingVersion)) return;
    state.waitingVersion = frame.version;
    state.waiting = frame.conversations;
    state.waitingTotal = frame.total;
    render();
  }

  /** A conversation left the queue for this officer: drop it now, the next snapshot says the same. */
  function drop(conversationId) {
    const state = c.state;
    const before = state.waiting.length;
    state.waiting = state.waiting.filter((w) => w.conversation_id !== conversationId);
    if (state.waiting.length < before) {
      state.waitingTotal = Math.max(0, state.waitingTotal - 1);
      render();
    }
  }

  function install() {
    setInterval(render, REFRESH_MS);
  }

  return { install, render, onSnapshot, drop };
}
