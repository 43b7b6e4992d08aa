import assert from "node:assert/strict";
import { test } from "node:test";

import { shortcutOf, steppedIndex } from "./shortcuts.js";

const key = (code, mods = {}) => ({ code, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, target: null, ...mods });

test("Alt+1…9 name a conversation, Alt+0 the queue, whatever the keyboard layout", () => {
  assert.deepEqual(shortcutOf(key("Digit1")), { kind: "nth", index: 0 });
  assert.deepEqual(shortcutOf(key("Numpad9")), { kind: "nth", index: 8 });
  assert.deepEqual(shortcutOf(key("Digit0")), { kind: "queue" });
});

test("Alt+↓/↑ and Alt+J/K step through conversations; Alt+C goes to the close form", () => {
  assert.deepEqual(shortcutOf(key("ArrowDown")), { kind: "step", delta: 1 });
  assert.deepEqual(shortcutOf(key("KeyK")), { kind: "step", delta: -1 });
  assert.deepEqual(shortcutOf(key("KeyC")), { kind: "close" });
});

test("other keys, other modifiers, and Alt+arrows in a list box are left alone", () => {
  assert.equal(shortcutOf(key("Digit1", { altKey: false })), null);
  assert.equal(shortcutOf(key("Digit1", { ctrlKey: true })), null);
  assert.equal(shortcutOf(key("Digit1", { shiftKey: true })), null);
  assert.equal(shortcutOf(key("KeyX")), null);
  assert.equal(shortcutOf(key("ArrowDown", { target: { tagName: "SELECT" } })), null);
});

test("stepping wraps round, and starts at an end when none is active", () => {
  assert.equal(steppedIndex(2, 1, 3), 0);
  assert.equal(steppedIndex(0, -1, 3), 2);
  assert.equal(steppedIndex(-1, 1, 3), 0);
  assert.equal(steppedIndex(-1, -1, 3), 2);
  assert.equal(steppedIndex(-1, 1, 0), -1);
});
