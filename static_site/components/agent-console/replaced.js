/*
 * One console per officer: when the same officer opens a newer one, this one gets session_replaced and
 * the server closes it. It stays disconnected (reconnecting by itself would take the console back, and
 * two tabs would take it from each other for ever) and offers "Utiliser ici", which reconnects and so
 * replaces the other one.
 */
export function createReplaced(c) {
  const { el } = c;

  /** This console was replaced by a newer one: stop here, without reconnecting, and offer to take it back. */
  function show() {
    c.state.replaced = true;
    if (c.socket) c.socket.stop();
    el.replaced.hidden = false;
    el.useHere.focus();
  }

  function hide() {
    c.state.replaced = false;
    el.replaced.hidden = true;
  }

  /** "Utiliser ici": reconnect; the server then replaces the other tab's console with this one. */
  function useHere() {
    hide();
    c.alert("");
    if (c.socket) c.socket.start();
    (el.statusAvailable.checked ? el.statusAvailable : el.statusAway).focus();
  }

  function install() {
    el.useHere.addEventListener("click", useHere);
  }

  return { install, show, hide };
}
