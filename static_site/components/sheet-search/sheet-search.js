/*
 * Guichet — live search of the information sheets on /fiches/.
 * Progressive enhancement: without JavaScript the full grouped list stays visible and the search form stays hidden.
 * Accent- and case-insensitive; every query word must match (word starts, so "arnaq" finds "arnaque");
 * title and keyword hits rank first. Text from the index only ever goes in through textContent.
 */
import { make } from "../dom/dom.js";
import { countText, prepare, search } from "./search.js";

var INDEX_URL = "/data/fiches-index.json";
var STATUS_DELAY_MS = 350; // let the reader finish a word before the live region speaks
function entriesFromList(list) {
  var entries = [];
  list.querySelectorAll(".sheet-group").forEach(function (group) {
    var heading = group.querySelector("h2");
    group.querySelectorAll(".sheet-list__item").forEach(function (item) {
      var link = item.querySelector("a");
      var summary = item.querySelector(".sheet-list__summary");
      entries.push(
        prepare({
          slug: item.getAttribute("data-slug"),
          url: link.getAttribute("href"),
          title: link.textContent,
          summary: summary ? summary.textContent : "",
          keywords: (item.getAttribute("data-keywords") || "").split(","),
          theme_label: heading ? heading.textContent : "",
        })
      );
    });
  });
  return entries;
}

function start() {
  var form = document.querySelector("[data-sheet-search]");
  var list = document.getElementById("fiches-list");
  if (!form || !list) return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("fiches-status");
  var results = document.getElementById("fiches-results");
  var empty = document.getElementById("fiches-empty");
  var entries = entriesFromList(list);
  var total = entries.length;
  var statusTimer = null;

  function announce(text) {
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () {
      status.textContent = text;
    }, STATUS_DELAY_MS);
  }

  function render(hits) {
    results.textContent = "";
    hits.forEach(function (entry) {
      var item = make("li", "sheet-results__item");
      var link = make("a", "sheet-results__link", entry.title);
      link.href = entry.url;
      item.appendChild(link);
      if (entry.summary) item.appendChild(make("p", "sheet-results__summary", entry.summary));
      if (entry.theme) item.appendChild(make("p", "sheet-results__theme", entry.theme));
      results.appendChild(item);
    });
  }

  function update() {
    var hits = search(entries, input.value);
    if (hits === null) {
      results.hidden = true;
      results.textContent = "";
      list.hidden = false;
      if (empty) empty.hidden = true;
    } else {
      render(hits);
      results.hidden = hits.length === 0;
      list.hidden = true;
      if (empty) empty.hidden = hits.length !== 0;
    }
    announce(countText(hits === null ? null : hits.length, total));
  }

  function resultLinks() {
    return Array.prototype.slice.call(results.querySelectorAll("a"));
  }

  input.addEventListener("input", update);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var links = resultLinks();
      if (links.length) {
        event.preventDefault();
        links[0].focus();
      }
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      update();
    }
  });
  results.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (at === -1) return;
    event.preventDefault();
    if (event.key === "ArrowDown" && at + 1 < links.length) links[at + 1].focus();
    else if (event.key === "ArrowUp") (at === 0 ? input : links[at - 1]).focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var links = resultLinks();
    if (!results.hidden && links.length) links[0].focus();
  });

  form.hidden = false;
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    update();
  }

  // The full index adds each sheet's text to the search; the list alone already covers titles and keywords.
  if (window.fetch) {
    window
      .fetch(INDEX_URL, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("index " + response.status);
        return response.json();
      })
      .then(function (data) {
        var sheets = (data && data.sheets) || [];
        if (!sheets.length) return;
        entries = sheets.map(prepare);
        total = entries.length;
        if (input.value) update();
      })
      .catch(function () {
        /* keep searching titles, summaries and keywords from the page itself */
      });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
