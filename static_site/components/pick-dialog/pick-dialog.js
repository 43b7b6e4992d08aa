/*
 * A modal dialog of agent.html (<dialog>: the browser keeps focus inside and Escape closes it) that gives
 * the focus back where it was when it opened — or to the element named when it closes — once closed.
 */

const returnTargets = new WeakMap();

/** Open a <dialog> modally, focus `focus` in it; when it closes, focus goes back to `returnTo` (or what had it before). */
export function openDialog(dialog, { focus = null, returnTo = null } = {}) {
  returnTargets.set(dialog, returnTo || dialog.ownerDocument.activeElement);
  if (!dialog.open) {
    dialog.showModal();
    dialog.addEventListener(
      "close",
      () => {
        const back = returnTargets.get(dialog);
        if (back && back.isConnected && typeof back.focus === "function") back.focus();
      },
      { once: true },
    );
  }
  if (focus) focus.focus();
}

/** Close a <dialog> if it is open; `returnTo` takes the focus then, instead of where it came from. */
export function closeDialog(dialog, { returnTo = null } = {}) {
  if (returnTo) returnTargets.set(dialog, returnTo);
  if (dialog.open) dialog.close();
}

/** An element of a template's copy by its data-part. */
export function part(root, name) {
  return root.querySelector('[data-part="' + name + '"]');
}
