import assert from "node:assert/strict";
import { test } from "node:test";

// quick-exit.js listens on the document and reads the history when it loads: give it a minimal page.
globalThis.document = { addEventListener() {}, documentElement: { classList: { add() {} } } };
globalThis.window = { sessionStorage: fakeStorage({}), localStorage: fakeStorage({}), performance: null, addEventListener() {} };
globalThis.sessionStorage = globalThis.window.sessionStorage;
const { wipe } = await import("./quick-exit.js");

function fakeStorage(items) {
  return {
    get length() {
      return Object.keys(items).length;
    },
    key: (i) => Object.keys(items)[i] ?? null,
    getItem: (k) => (k in items ? items[k] : null),
    setItem: (k, v) => {
      items[k] = String(v);
    },
    removeItem: (k) => {
      delete items[k];
    },
    items,
  };
}

test("the quick exit wipes every key of Guichet and nothing else", () => {
  const storage = fakeStorage({ "guichet.chat.conversation": "{}", "guichet.report.clientKey": "k", "other.site": "x" });
  wipe(storage);
  assert.deepEqual(storage.items, { "other.site": "x" });
});

test("storage that refuses to be read (private mode) is left alone without an error", () => {
  const broken = {
    get length() {
      throw new Error("denied");
    },
  };
  assert.doesNotThrow(() => wipe(broken));
});
