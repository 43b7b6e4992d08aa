/*
 * The two DOM helpers Guichet's modules share. What people and the server write only ever goes into
 * the page through textContent: never through innerHTML.
 */

/** Set a node's text (null and undefined empty it); returns the node. */
export function setText(node, value) {
  node.textContent = value == null ? "" : String(value);
  return node;
}

/** A new element with a class and a text, both optional. */
export function make(tag, className, value, doc = globalThis.document) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (value != null) setText(node, value);
  return node;
}
