/*
 * Guichet — live search of the information sheets on /fiches/.
 * Progressive enhancement: without JavaScript the full grouped list stays visible and the search form stays hidden.
 * Accent- and case-insensitive; every query word must match (word starts, so "arnaq" finds "arnaque");
 * title and keyword hits rank first. Text from the index only ever goes in through textContent.
 */
(function () {
  "use strict";

  var INDEX_URL = "/data/fiches-index.json";
  var STATUS_DELAY_MS = 350; // let the reader finish a word before the live region speaks
  var WEIGHTS = { title: 10, keywords: 8, summary: 4, words: 1 };
  // Same list as sitegen/sheets.py STOPWORDS: words too common to help.
  var STOPWORDS = (
    "a au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui ma mais me mes mon ne " +
    "nous on ou par pas pour qu que qui sa se ses si son sur ta te tes ton tu un une vos votre vous y"
  ).split(" ");

  function fold(text) {
    return String(text == null ? "" : text)
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  }

  function make(tag, className, value) {
    if (window.GuichetDom) return window.GuichetDom.make(tag, className, value);
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (value != null) node.textContent = String(value);
    return node;
  }

  function significant(words) {
    return words.filter(function (t) {
      return t.length > 1 && STOPWORDS.indexOf(t) === -1;
    });
  }

  // A light plural fold: "arnaques" searches like "arnaque", "vols" like "vol".
  function singular(word) {
    return word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
  }

  // "les cartes d'identité" → "carte identite": the words that carry meaning, for whole-phrase comparisons.
  function core(text) {
    return significant(fold(text).split(" ")).map(singular).join(" ");
  }

  function queryTokens(query) {
    var all = fold(query).split(" ").filter(Boolean);
    var useful = significant(all);
    return (useful.length ? useful : all).map(singular);
  }

  function startsAWord(haystack, token) {
    // haystack is folded: words separated by single spaces, with a leading space added.
    return haystack.indexOf(" " + token) !== -1;
  }

  function prepare(sheet) {
    return {
      slug: sheet.slug,
      url: sheet.url,
      title: sheet.title,
      summary: sheet.summary,
      theme: sheet.theme_label || "",
      titleCore: core(sheet.title),
      keywordCores: (sheet.keywords || []).map(core),
      keywordList: (sheet.keywords || []).map(function (k) {
        return " " + fold(k);
      }),
      fields: {
        title: " " + fold(sheet.title),
        keywords: " " + fold((sheet.keywords || []).join(" , ")),
        summary: " " + fold(sheet.summary),
        words: " " + fold(sheet.words || sheet.excerpt || ""),
      },
    };
  }

  function keywordHits(entry, token) {
    return entry.keywordList.filter(function (k) {
      return startsAWord(k, token);
    }).length;
  }

  // The whole query is the title or a keyword ("carte identite", "main courante"): that sheet first,
  // the sheet's first (main) keywords before its later ones.
  function phraseBonus(entry, phrase) {
    if (entry.titleCore === phrase) return 40;
    var bonus = 0;
    for (var i = 0; i < entry.keywordCores.length; i += 1) {
      var candidate = entry.keywordCores[i];
      if (candidate === phrase) bonus = Math.max(bonus, 30 - Math.min(i, 10));
      else if (candidate.indexOf(phrase + " ") === 0) bonus = Math.max(bonus, 10);
    }
    if (entry.titleCore.indexOf(phrase + " ") === 0) bonus = Math.max(bonus, 15);
    return bonus;
  }

  function score(entry, tokens, phrase) {
    var total = 0;
    for (var i = 0; i < tokens.length; i += 1) {
      var best = 0;
      for (var field in WEIGHTS) {
        if (WEIGHTS[field] > best && startsAWord(entry.fields[field], tokens[i])) best = WEIGHTS[field];
      }
      if (best === 0) return 0; // every word of the query must be found somewhere
      // A word found in several keywords ("chien maltraité", "chien enfermé") is central to the sheet.
      total += best + 2 * Math.max(Math.min(keywordHits(entry, tokens[i]), 3) - 1, 0);
    }
    return total + phraseBonus(entry, phrase);
  }

  function search(entries, query) {
    var tokens = queryTokens(query);
    if (!tokens.length) return null;
    var phrase = tokens.join(" ");
    return entries
      .map(function (entry) {
        return { entry: entry, score: score(entry, tokens, phrase) };
      })
      .filter(function (hit) {
        return hit.score > 0;
      })
      .sort(function (a, b) {
        return b.score - a.score || a.entry.title.localeCompare(b.entry.title, "fr");
      })
      .map(function (hit) {
        return hit.entry;
      });
  }

  function countText(n, total) {
    if (n === null) return total + " fiches";
    return n + (n > 1 ? " fiches trouvées" : " fiche trouvée");
  }

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
})();
