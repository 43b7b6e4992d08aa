/* Guichet — small DOM helpers shared by every page. User text only ever goes in through textContent. */
(function () {
  "use strict";

  function text(node, value) {
    node.textContent = value == null ? "" : String(value);
    return node;
  }

  function make(tag, className, value) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (value != null) text(node, value);
    return node;
  }

  function timeOf(epochSeconds) {
    var date = epochSeconds ? new Date(epochSeconds * 1000) : new Date();
    return date.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  }

  window.GuichetDom = { text: text, make: make, timeOf: timeOf };
})();
