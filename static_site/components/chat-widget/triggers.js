/*
 * What opens the widget from the page: an element with data-open-chat (its value suggests a topic), a
 * plain link to the chat page, and the address ending in #chat or #chat=<topic>.
 */

export const CHAT_PATHS = ["/chat.html", "/en/chat.html"];

/** Whether a link's URL is the chat page of this site (no fragment): such a link opens the widget instead. */
export function isChatPageUrl(href, here) {
  let url;
  try {
    url = new URL(href, here.href);
  } catch (ignored) {
    return false;
  }
  return url.origin === here.origin && CHAT_PATHS.includes(url.pathname) && !url.hash;
}

/** The chat asked for by the address's fragment: null, or {topic} (the topic may be null). */
export function chatFromHash(hash) {
  const match = /^#chat(?:=([a-z-]+))?$/.exec(hash || "");
  return match ? { topic: match[1] || null } : null;
}

/** Listen for what opens the widget `w`: clicks anywhere in the page, and the address's #chat. */
export function installTriggers(w) {
  function chatLink(target) {
    const link = target.closest ? target.closest("a[href]") : null;
    return link && isChatPageUrl(link.href, globalThis.location) ? link : null;
  }

  function onDocumentClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const target = event.target;
    if (!target || !target.closest) return;
    const trigger = target.closest("[data-open-chat]") || chatLink(target);
    if (!trigger || w.el.panel.contains(trigger)) return;
    event.preventDefault();
    w.panel.open({ focus: true, topic: trigger.getAttribute("data-open-chat") || null, opener: trigger });
  }

  function fromHash() {
    const asked = chatFromHash(globalThis.location.hash);
    if (!asked) return;
    w.panel.open({ focus: true, topic: asked.topic });
    try {
      globalThis.history.replaceState(null, "", globalThis.location.pathname + globalThis.location.search);
    } catch (ignored) {
      /* the hash stays: harmless */
    }
  }

  document.addEventListener("click", onDocumentClick);
  globalThis.addEventListener("hashchange", fromHash);
  return { fromHash };
}
