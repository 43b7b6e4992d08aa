/*
 * Guichet — quick exit ("Quitter rapidement"): hide the page at once, let the chat end an open
 * conversation (at most a few hundred milliseconds), wipe what this site keeps on the device, and
 * leave for a neutral site.
 *
 * What a page can do with the browser's history is limited, and this does all of it:
 * - location.replace(): the page the citizen was on is replaced by the neutral site, not added after it;
 * - before that, the current entry is rewritten to the home page's address (nothing about the topic);
 * - Back or Forward into a Guichet page of this tab afterwards leaves again at once (and that entry is
 *   replaced by the neutral site too), so going back does not show Guichet.
 * It cannot delete the entries of Guichet pages opened before in this tab, nor the browser's history
 * list, downloads or screenshots: the pages say so next to the button (chat widget, footer).
 *
 * An ES module, loaded on every citizen page; the chat widget imports `beforeLeaving` and listens for
 * the "guichet:quick-exit" event.
 */
const DEFAULT_EXIT_URL = "https://meteofrance.com/";
// Set after a quick exit, so that Back into this tab's Guichet pages leaves again. It holds no content.
const LEFT_KEY = "guichet.left";
const LEAVING_CLASS = "guichet-leaving";

const hooks = [];
let leaving = false;

function exitUrl() {
  var config = window.GUICHET_CONFIG || {};
  return config.quickExitUrl || DEFAULT_EXIT_URL;
}

export function wipe(storage) {
  try {
    for (var i = storage.length - 1; i >= 0; i -= 1) {
      var key = storage.key(i);
      if (key && key.indexOf("guichet") === 0) storage.removeItem(key);
    }
  } catch (e) {
    /* storage unavailable (private mode): nothing to wipe */
  }
}

function wipeAll() {
  wipe(window.sessionStorage);
  wipe(window.localStorage);
}

function markLeft(value) {
  try {
    if (value) window.sessionStorage.setItem(LEFT_KEY, "1");
    else window.sessionStorage.removeItem(LEFT_KEY);
  } catch (e) {
    /* storage unavailable: Back will show the page again */
  }
}

function hasLeft() {
  try {
    return window.sessionStorage.getItem(LEFT_KEY) === "1";
  } catch (e) {
    return false;
  }
}

/** Go to the neutral site, replacing this history entry. */
function go() {
  document.documentElement.classList.add(LEAVING_CLASS);
  window.location.replace(exitUrl());
}

function leave() {
  wipeAll(); // again: something may have been written while the chat was ending
  document.dispatchEvent(new CustomEvent("guichet:quick-exit"));
  markLeft(true);
  try {
    document.title = "";
    window.history.replaceState(null, "", "/");
  } catch (ignored) {
    /* the address stays as it was: it is replaced just below anyway */
  }
  go();
}

/**
 * fn() is called when the citizen leaves; it may return a promise (the chat ending its conversation).
 * The exit waits for it at most maxWaitMs.
 */
export function beforeLeaving(fn, maxWaitMs) {
  hooks.push({ fn: fn, maxWaitMs: maxWaitMs || 0 });
}

export function quickExit(event) {
  if (event) event.preventDefault();
  if (leaving) return;
  leaving = true;
  document.documentElement.classList.add(LEAVING_CLASS); // nothing stays on screen while it ends
  wipeAll();
  var waits = [];
  var longest = 0;
  hooks.forEach(function (hook) {
    var result = null;
    try {
      result = hook.fn();
    } catch (ignored) {
      result = null;
    }
    if (result && typeof result.then === "function") {
      waits.push(result);
      longest = Math.max(longest, hook.maxWaitMs);
    }
  });
  if (!waits.length) {
    leave();
    return;
  }
  var done = false;
  function once() {
    if (done) return;
    done = true;
    leave();
  }
  Promise.all(waits).then(once, once);
  window.setTimeout(once, longest);
}

document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
  if (target) quickExit(event);
});

// Back or Forward into this tab after a quick exit: leave again. Opening Guichet anew forgets the exit.
function navigationType() {
  var entries = window.performance && window.performance.getEntriesByType ? window.performance.getEntriesByType("navigation") : [];
  return entries && entries[0] ? entries[0].type : "navigate";
}

if (hasLeft()) {
  if (navigationType() === "back_forward") go();
  else markLeft(false);
}
window.addEventListener("pageshow", function (event) {
  if (event.persisted && hasLeft()) go(); // restored from the back-forward cache
});
