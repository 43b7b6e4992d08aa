/*
 * Guided orientation ("Je suis victime / Je signale / Je m'informe"): one question at a time,
 * read from /data/orientation.json, ending on an outcome card (information sheet, external
 * service from /data/external-services.json, unit locator, report form, chat with an officer,
 * or the emergency numbers).
 *
 * Each answer pushes a history entry so the browser's back button goes back one question. The
 * URL itself never changes: the path of answers lives only in history.state, so the sensitive
 * steps (violences…) do not land in the browser's list of visited addresses. States carry a
 * token kept in sessionStorage; "Quitter rapidement" wipes it, which makes every earlier state
 * of this tab meaningless if someone comes back with the back button.
 *
 * Every text from the data files is inserted with textContent, never as HTML.
 */
import { make, setText } from "../dom/dom.js";

var TREE_URL = "/data/orientation.json";
var SERVICES_URL = "/data/external-services.json";
var TOKEN_KEY = "guichet.orientation.session";
var KINDS = ["sheet", "external", "unit", "report", "chat", "emergency"];

var el = {};
var data = null;
var start = null;
var choices = [];
var token = null;

// ---- session token (wiped by the quick exit) --------------------------------------------

function sessionToken() {
  var value = null;
  try {
    value = window.sessionStorage.getItem(TOKEN_KEY);
    if (!value) {
      value = String(Date.now()) + "-" + String(Math.random()).slice(2, 10);
      window.sessionStorage.setItem(TOKEN_KEY, value);
    }
  } catch (ignored) {
    value = "no-storage";
  }
  return value;
}

// ---- data ---------------------------------------------------------------------------------

function fetchJson(url) {
  return fetch(url, { credentials: "same-origin" }).then(function (answer) {
    if (!answer.ok) throw new Error(url + " answered " + answer.status);
    return answer.json();
  });
}

function byId(items) {
  var map = {};
  items.forEach(function (item) {
    map[item.id] = item;
  });
  return map;
}

function prepare(tree, registry) {
  return {
    entry: tree.entry,
    roots: tree.roots || [],
    nodes: byId(tree.nodes || []),
    outcomes: byId(tree.outcomes || []),
    services: byId(registry.services || []),
  };
}

/** The steps taken from `from` following answer indexes, and where they lead (stops at the first invalid one). */
function walk(from, indexes) {
  var steps = [];
  var node = data.nodes[from];
  var outcome = null;
  for (var i = 0; i < indexes.length && node; i += 1) {
    var answer = node.answers[indexes[i]];
    if (!answer) break;
    steps.push({ node: node, answer: answer, index: indexes[i] });
    if (data.nodes[answer.to]) {
      node = data.nodes[answer.to];
    } else if (data.outcomes[answer.to]) {
      outcome = data.outcomes[answer.to];
      node = null;
    } else {
      steps.pop();
      break;
    }
  }
  return { steps: steps, node: node, outcome: outcome };
}

// ---- history --------------------------------------------------------------------------------

function stateFor(indexes) {
  return { orientation: true, token: token, start: start, choices: indexes.slice() };
}

function choicesFrom(state) {
  if (!state || !state.orientation || state.token !== token || state.start !== start) return [];
  if (!Array.isArray(state.choices)) return [];
  return state.choices.filter(function (n) {
    return typeof n === "number" && n >= 0;
  });
}

function go(indexes) {
  window.history.pushState(stateFor(indexes), "", window.location.href);
  show(indexes, true);
}

// ---- rendering ----------------------------------------------------------------------------

function heading(text) {
  var title = make("h2", "orientation-step__title", text);
  title.id = "orientation-heading";
  title.tabIndex = -1;
  return title;
}

function announce(text) {
  setText(el.status, "");
  window.setTimeout(function () {
    setText(el.status, text);
  }, 100);
}

function renderTrail(steps) {
  el.trailList.replaceChildren();
  steps.forEach(function (step) {
    var item = make("li", "orientation-trail__item");
    item.appendChild(make("span", "orientation-trail__question", step.node.question));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(make("span", "orientation-trail__answer", step.answer.label));
    el.trailList.appendChild(item);
  });
  el.trail.hidden = steps.length === 0;
}

function renderQuestion(node, number) {
  var fieldset = make("fieldset", "orientation-question");
  var legend = make("legend", "orientation-question__legend");
  legend.appendChild(make("span", "orientation-question__count", "Question " + number));
  legend.appendChild(heading(node.question));
  fieldset.appendChild(legend);
  if (node.help) {
    var help = make("p", "hint orientation-question__help", node.help);
    help.id = "orientation-help";
    fieldset.setAttribute("aria-describedby", help.id);
    fieldset.appendChild(help);
  }
  var list = make("ul", "orientation-answers");
  node.answers.forEach(function (answer, index) {
    var item = make("li");
    var button = make("button", "orientation-answer", answer.label);
    button.type = "button";
    button.setAttribute("data-answer", String(index));
    item.appendChild(button);
    list.appendChild(item);
  });
  fieldset.appendChild(list);
  return fieldset;
}

function link(href, text, className) {
  var anchor = make("a", className || "button", text);
  anchor.href = href;
  return anchor;
}

function sheetHref(slug) {
  return "/fiches/" + encodeURIComponent(slug) + ".html";
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch (ignored) {
    return "";
  }
}

function externalAction(box, outcome) {
  var service = data.services[outcome.service];
  if (!service || String(service.url).indexOf("https://") !== 0) {
    box.appendChild(make("p", null, "Ce service n'est pas disponible pour le moment."));
    return;
  }
  var anchor = make("a", "button orientation-external");
  anchor.href = service.url;
  anchor.target = "_blank";
  anchor.rel = "noopener";
  anchor.setAttribute("data-service", service.id);
  anchor.appendChild(document.createTextNode(service.name + " "));
  anchor.appendChild(make("span", "orientation-external__mention", "(site externe)"));
  box.appendChild(anchor);
  box.appendChild(
    make("p", "hint", "Site officiel : " + hostOf(service.url) + " — s'ouvre dans un nouvel onglet.")
  );
}

function chatAction(box, outcome) {
  var button = make("button", "button", outcome.label || "Parler à un policier");
  button.type = "button";
  button.setAttribute("data-open-chat", outcome.topic);
  box.appendChild(button);
  var hint = make("p", "hint", "La discussion est privée et s'ouvre sur cette page. Vous pouvez aussi ouvrir la ");
  hint.appendChild(link("/chat.html", "page de discussion", "orientation-inline-link"));
  hint.appendChild(document.createTextNode("."));
  box.appendChild(hint);
}

function emergencyAction(box) {
  var list = make("ul", "orientation-emergency");
  [
    ["tel:17", "Appeler le 17", "police secours"],
    ["tel:112", "Appeler le 112", "numéro d'urgence européen"],
    ["sms:114", "SMS au 114", "si vous ne pouvez pas parler, ou êtes sourd ou malentendant"],
  ].forEach(function (entry) {
    var item = make("li", "orientation-emergency__item");
    item.appendChild(link(entry[0], entry[1], "button button--danger orientation-emergency__call"));
    item.appendChild(make("span", "orientation-emergency__note", entry[2]));
    list.appendChild(item);
  });
  box.appendChild(list);
}

function renderOutcome(outcome) {
  var kind = KINDS.indexOf(outcome.kind) >= 0 ? outcome.kind : "unit";
  var card = make("section", "orientation-outcome orientation-outcome--" + kind);
  card.setAttribute("aria-labelledby", "orientation-heading");
  card.setAttribute("data-outcome", outcome.id);
  card.setAttribute("data-kind", kind);
  card.appendChild(make("p", "orientation-outcome__eyebrow", kind === "emergency" ? "Urgence" : "Notre conseil"));
  card.appendChild(heading(outcome.title));
  card.appendChild(make("p", "orientation-outcome__text", outcome.text));

  var box = make("div", "orientation-outcome__action");
  if (kind === "sheet") {
    box.appendChild(link(sheetHref(outcome.sheet), outcome.label || "Lire la fiche pratique"));
  } else if (kind === "external") {
    externalAction(box, outcome);
  } else if (kind === "unit") {
    box.appendChild(link("/unites.html", outcome.label || "Trouver un commissariat ou une gendarmerie"));
  } else if (kind === "report") {
    box.appendChild(
      link("/signaler.html?type=" + encodeURIComponent(outcome.report), outcome.label || "Faire le signalement")
    );
  } else if (kind === "chat") {
    chatAction(box, outcome);
  } else {
    emergencyAction(box);
  }
  card.appendChild(box);

  if (outcome.also && outcome.also.length) {
    card.appendChild(make("h3", "orientation-outcome__also-title", "À lire aussi"));
    var list = make("ul", "orientation-outcome__also");
    outcome.also.forEach(function (entry) {
      var item = make("li");
      item.appendChild(link(sheetHref(entry.sheet), entry.label, "orientation-inline-link"));
      list.appendChild(item);
    });
    card.appendChild(list);
  }
  return card;
}

function show(indexes, moveFocus) {
  var path = walk(start, indexes);
  choices = path.steps.map(function (step) {
    return step.index;
  });
  renderTrail(path.steps);
  el.step.replaceChildren();
  var spoken;
  if (path.outcome) {
    el.step.appendChild(renderOutcome(path.outcome));
    spoken = "Résultat : " + path.outcome.title;
  } else {
    el.step.appendChild(renderQuestion(path.node, choices.length + 1));
    spoken = "Question " + (choices.length + 1) + " : " + path.node.question;
  }
  el.step.hidden = false;
  el.controls.hidden = choices.length === 0;
  if (moveFocus) {
    document.getElementById("orientation-heading").focus();
    announce(spoken);
  }
}

// ---- events -------------------------------------------------------------------------------

function onAnswer(event) {
  var button = event.target.closest ? event.target.closest("[data-answer]") : null;
  if (!button) return;
  go(choices.concat([Number(button.getAttribute("data-answer"))]));
}

function onPopState(event) {
  if (!data) return;
  if (!event.state || !event.state.orientation) {
    // An entry this script did not make (the skip link's #contenu…): it keeps the current step.
    window.history.replaceState(stateFor(choices), "", window.location.href);
    return;
  }
  show(choicesFrom(event.state), true);
}

function onPageShow(event) {
  // Back from another site (bfcache): after a quick exit the token is gone, so start over.
  if (!event.persisted || !data) return;
  var current = sessionToken();
  if (current !== token) {
    token = current;
    window.history.replaceState(stateFor([]), "", window.location.href);
    show([], false);
  }
}

function onQuickExit() {
  el.step.replaceChildren();
  el.trailList.replaceChildren();
  try {
    window.history.replaceState(null, "", window.location.pathname);
  } catch (ignored) {
    /* nothing to forget */
  }
}

function arrivedBy() {
  try {
    var entry = window.performance.getEntriesByType("navigation")[0];
    return entry ? entry.type : "navigate";
  } catch (ignored) {
    return "navigate";
  }
}

function markNav() {
  var current = document.querySelector('.site-nav a[href="/orientation.html?start=' + start + '"]');
  if (current) current.setAttribute("aria-current", "page");
}

function fail() {
  setText(el.alert, "Le questionnaire n'a pas pu être chargé. Utilisez les liens ci-dessous ou réessayez plus tard.");
  el.fallback.hidden = false;
}

function init() {
  el.alert = document.getElementById("orientation-alert");
  el.fallback = document.getElementById("orientation-fallback");
  el.trail = document.getElementById("orientation-trail");
  el.trailList = document.getElementById("orientation-trail-list");
  el.step = document.getElementById("orientation-step");
  el.controls = document.getElementById("orientation-controls");
  el.back = document.getElementById("orientation-back");
  el.restart = document.getElementById("orientation-restart");
  el.status = document.getElementById("orientation-status");
  if (!el.step) return;

  token = sessionToken();
  el.step.addEventListener("click", onAnswer);
  el.back.addEventListener("click", function () {
    if (choices.length) window.history.back();
  });
  el.restart.addEventListener("click", function () {
    go([]);
  });
  window.addEventListener("popstate", onPopState);
  window.addEventListener("pageshow", onPageShow);
  document.addEventListener("guichet:quick-exit", onQuickExit);

  Promise.all([fetchJson(TREE_URL), fetchJson(SERVICES_URL)])
    .then(function (loaded) {
      data = prepare(loaded[0], loaded[1]);
      var wanted = new URLSearchParams(window.location.search).get("start");
      start = data.roots.indexOf(wanted) >= 0 ? wanted : data.entry;
      if (!data.nodes[start]) throw new Error("no start node " + start);
      el.fallback.hidden = true;
      markNav();
      // A reload or a return with the back button resumes; following a link (the menu's
      // "Je suis victime" while already here) starts afresh, even though Chrome keeps the state.
      show(arrivedBy() === "navigate" ? [] : choicesFrom(window.history.state), false);
      window.history.replaceState(stateFor(choices), "", window.location.href);
    })
    .catch(fail);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
