/*
 * Desktop notifications (the Notification API), shown only while the console's tab is hidden. The
 * browser asks the officer's permission, and only from a gesture: the "Activer les notifications du
 * bureau" button. One notification per conversation at a time (its tag): a newer one replaces it, and
 * viewing the conversation closes it. Clicking one brings the console back on that conversation.
 */

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;
const BODY_MAX = 140;

/** A notification's body from a citizen's text: bidi controls taken out, one line, at most 140 characters. */
export function notificationBody(text) {
  const flat = String(text).replace(BIDI_CONTROLS, "").replace(/\s+/g, " ").trim();
  return flat.length > BODY_MAX ? flat.slice(0, BODY_MAX - 1) + "…" : flat;
}

export function createDesktopNotifications(win = globalThis) {
  const open = new Map(); // conversation id → its notification

  function supported() {
    return typeof win.Notification === "function";
  }

  /** "granted", "denied", "default", or "unsupported". */
  function permission() {
    return supported() ? win.Notification.permission : "unsupported";
  }

  /** Ask the browser (call it from a click): resolves to the permission. */
  function request() {
    if (!supported()) return Promise.resolve("unsupported");
    return Promise.resolve(win.Notification.requestPermission()).then(() => win.Notification.permission);
  }

  /** Show one for this conversation, if allowed; `onClick` runs when the officer clicks it. */
  function show(conversationId, title, body, onClick) {
    if (permission() !== "granted") return false;
    const notification = new win.Notification(title, { body, tag: "guichet-" + conversationId, lang: "fr", silent: true });
    notification.onclick = () => {
      if (win.focus) win.focus();
      onClick();
      notification.close();
    };
    open.set(conversationId, notification);
    return true;
  }

  /** The conversation was viewed: its notification goes. */
  function dismiss(conversationId) {
    const notification = open.get(conversationId);
    if (notification) notification.close();
    open.delete(conversationId);
  }

  return { supported, permission, request, show, dismiss };
}
