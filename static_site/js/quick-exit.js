/* Guichet — quick exit: wipe what this site keeps on the device and leave for a neutral site. */
(function () {
  "use strict";

  var DEFAULT_EXIT_URL = "https://meteofrance.com/";

  function wipe(storage) {
    try {
      for (var i = storage.length - 1; i >= 0; i -= 1) {
        var key = storage.key(i);
        if (key && key.indexOf("guichet") === 0) storage.removeItem(key);
      }
    } catch (e) {
      /* storage unavailable (private mode): nothing to wipe */
    }
  }

  function quickExit(event) {
    if (event) event.preventDefault();
    wipe(window.sessionStorage);
    wipe(window.localStorage);
    document.dispatchEvent(new CustomEvent("guichet:quick-exit"));
    var config = window.GUICHET_CONFIG || {};
    // replace(): the back button does not come back here.
    window.location.replace(config.quickExitUrl || DEFAULT_EXIT_URL);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (target) quickExit(event);
  });

  window.GuichetQuickExit = { exit: quickExit, wipe: wipe };
})();
