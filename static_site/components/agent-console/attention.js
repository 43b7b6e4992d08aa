/*
 * Attention: a new conversation or a citizen's new message is announced once, and stays counted until
 * the officer views its conversation.
 *
 * - The ledger (attention-ledger.js) decides what is new: a conversation once, a message once per
 *   conversation id + message id, so a sync, a resume or a repeated delivery never announces again.
 *   A fresh tab's first sync is the baseline: what it brings was there before, nothing is announced.
 * - What the officer is looking at (the active conversation, page visible) is seen at once. Anything
 *   else counts as unseen (per conversation, and in the page title: "(2) Console agent — Guichet"),
 *   sounds a chime (unless muted: the choice is remembered in localStorage), is said in the live
 *   region, and shows a desktop notification while the tab is hidden (if the officer allowed them).
 */
import { setText } from "../dom/dom.js";
import { AttentionLedger, titleWith } from "./attention-ledger.js";
import { createChime } from "./chime.js";
import { createDesktopNotifications, notificationBody } from "./desktop-notifications.js";
import { sessionRead, sessionWrite } from "./state.js";
import { t } from "./strings.js";

export const LEDGER_KEY = "guichet.agent.attention";
export const MUTED_KEY = "guichet.agent.muted";
const CHIME_GAP_MS = 1000; // a burst of arrivals chimes once

function localRead(key) {
  try {
    return globalThis.localStorage.getItem(key);
  } catch (ignored) {
    return null;
  }
}

function localWrite(key, value) {
  try {
    globalThis.localStorage.setItem(key, value);
  } catch (ignored) {
    /* storage unavailable: the choice lasts until the page closes */
  }
}

function parsed(raw) {
  try {
    return raw ? JSON.parse(raw) : null;
  } catch (ignored) {
    return null;
  }
}

export function createAttention(c, doc = document) {
  const { el } = c;
  const baseTitle = doc.title;
  const stored = sessionRead(LEDGER_KEY);
  const ledger = new AttentionLedger(parsed(stored));
  let baseline = stored == null; // until the first sync of a fresh tab ends
  let muted = localRead(MUTED_KEY) === "true";
  let lastChimeAt = -Infinity;
  const chime = createChime();
  const desktop = createDesktopNotifications();

  function pageVisible() {
    return doc.visibilityState !== "hidden";
  }

  function inView(conv) {
    return pageVisible() && c.state.activeId === conv.id;
  }

  function save() {
    sessionWrite(LEDGER_KEY, JSON.stringify(ledger));
  }

  function renderTitle() {
    doc.title = titleWith(baseTitle, ledger.totalUnseen());
  }

  function ring() {
    const now = Date.now();
    if (muted || now - lastChimeAt < CHIME_GAP_MS) return;
    lastChimeAt = now;
    chime.play();
  }

  /**
   * Something new in `conv`: counted, chimed, said and notified, unless the officer is looking at it. A new
   * conversation always chimes and is said (an officer waiting for one may be looking away from the screen).
   */
  function announce(conv, spoken, title, body, { always = false } = {}) {
    const looking = inView(conv);
    if (looking && !always) return;
    if (!looking) {
      ledger.addUnseen(conv.id);
      save();
      renderTitle();
      c.chats.render(conv);
    }
    ring();
    c.announce(spoken);
    if (!pageVisible()) desktop.show(conv.id, title, body, () => c.chats.focusConversation(conv.id));
  }

  /** A conversation is in the workspace (assigned, or brought by a sync), with the messages it came with. */
  function conversationArrived(conv, messages) {
    const fresh = ledger.admitConversation(conv.id);
    // What it came with is part of its arrival, not news of its own.
    (messages || []).forEach((m) => m.message_id && ledger.admitMessage(conv.id, m.message_id));
    save();
    if (!fresh || baseline) return;
    const names = { alias: c.chats.aliasOf(conv), topic: c.chats.topicLabel(conv.topic) };
    announce(conv, t("new_conversation", names), t("notify_new_conversation", names), t("notify_new_conversation_body", names), {
      always: true,
    });
  }

  /** A stored message is displayed for the first time in this page. */
  function messageShown(conv, message) {
    const fresh = ledger.admitMessage(conv.id, message.message_id);
    save();
    if (!fresh || baseline || message.author !== "citizen") return;
    const names = { alias: c.chats.aliasOf(conv), topic: c.chats.topicLabel(conv.topic) };
    announce(conv, t("new_message", names), t("notify_message", names), notificationBody(message.text));
  }

  /** The officer is looking at this conversation (if the page is visible): nothing in it is unseen. */
  function viewed(conversationId) {
    if (!conversationId || !pageVisible()) return;
    desktop.dismiss(conversationId);
    if (!ledger.markSeen(conversationId)) return;
    save();
    renderTitle();
    const conv = c.state.conversations[conversationId];
    if (conv) c.chats.render(conv);
  }

  function unseen(conversationId) {
    return ledger.unseen(conversationId);
  }

  /** A sync ended: the server's conversations are the ones to keep; a fresh tab's baseline is set. */
  function syncEnded(conversationIds) {
    ledger.retain(conversationIds.concat(c.state.order));
    baseline = false;
    save();
    renderTitle();
  }

  /** The conversation left the workspace. */
  function forget(conversationId) {
    desktop.dismiss(conversationId);
    ledger.forget(conversationId);
    save();
    renderTitle();
  }

  function renderControls() {
    el.soundToggle.setAttribute("aria-pressed", muted ? "true" : "false");
    setText(el.soundToggle, t("sound_off"));
    const permission = desktop.permission();
    el.notifyEnable.hidden = permission !== "default";
    const state = { granted: "notify_enabled", denied: "notify_denied", unsupported: "notify_unsupported" }[permission];
    setText(el.notifyState, state ? t(state) : "");
  }

  function install() {
    chime.install(doc);
    renderControls();
    renderTitle();
    el.soundToggle.addEventListener("click", () => {
      muted = !muted;
      localWrite(MUTED_KEY, muted ? "true" : "false");
      renderControls();
    });
    el.notifyEnable.addEventListener("click", () => {
      desktop.request().then(() => {
        renderControls();
        if (el.notifyEnable.hidden) el.soundToggle.focus(); // the button went: keep the focus nearby
      });
    });
    doc.addEventListener("visibilitychange", () => {
      if (pageVisible()) viewed(c.state.activeId);
    });
  }

  /** Sign-out: forget everything of this officer's tab. */
  function reset() {
    sessionWrite(LEDGER_KEY, null);
    ledger.retain([]);
    baseline = true;
    renderTitle();
  }

  return { install, conversationArrived, messageShown, viewed, unseen, syncEnded, forget, reset, isMuted: () => muted };
}
