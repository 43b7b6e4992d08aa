/*
 * The console's keyboard shortcuts (listed on agent.html, "Raccourcis clavier"):
 *   Alt+1 … Alt+9   the conversation with that number (its reply box gets the focus)
 *   Alt+↓ / Alt+↑   the next / previous conversation (also Alt+J / Alt+K, where Alt+digits switch browser tabs)
 *   Alt+C           the active conversation's close form (its outcome)
 *   Alt+0           the waiting list
 * Enter sends a reply, Shift+Enter starts a new line. Keys are read from event.code, so they work the same
 * on AZERTY and QWERTY keyboards.
 */

/** What a keydown asks for: {kind: "nth", index} | {kind: "step", delta} | {kind: "close"} | {kind: "queue"} | null. */
export function shortcutOf(event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const code = event.code || "";
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return digit[1] === "0" ? { kind: "queue" } : { kind: "nth", index: Number(digit[1]) - 1 };
  // Alt+↓ opens a <select>'s list: there the arrows keep their own meaning.
  const inSelect = event.target && event.target.tagName === "SELECT";
  if ((code === "ArrowDown" && !inSelect) || code === "KeyJ") return { kind: "step", delta: 1 };
  if ((code === "ArrowUp" && !inSelect) || code === "KeyK") return { kind: "step", delta: -1 };
  if (code === "KeyC") return { kind: "close" };
  return null;
}

/** The index `delta` away from `index` among `count`, wrapping round; 0 when there is no current one. */
export function steppedIndex(index, delta, count) {
  if (count === 0) return -1;
  if (index < 0) return delta > 0 ? 0 : count - 1;
  return (index + delta + count) % count;
}

export function installShortcuts(c, doc = document) {
  doc.addEventListener("keydown", (event) => {
    if (c.el.console.hidden || event.defaultPrevented) return;
    const shortcut = shortcutOf(event);
    if (!shortcut) return;
    event.preventDefault();
    const order = c.state.order;
    if (shortcut.kind === "nth") {
      if (shortcut.index < order.length) c.chats.focusConversation(order[shortcut.index]);
    } else if (shortcut.kind === "step") {
      const index = steppedIndex(order.indexOf(c.state.activeId), shortcut.delta, order.length);
      if (index >= 0) c.chats.focusConversation(order[index]);
    } else if (shortcut.kind === "close") {
      c.chats.focusCloseForm(c.state.activeId);
    } else if (shortcut.kind === "queue") {
      c.el.waitingTitle.focus();
    }
  });
}
