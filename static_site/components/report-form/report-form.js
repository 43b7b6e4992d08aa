/* Guichet — report form (/signaler.html): kind from ?type=, anonymous by default, idempotent submit,
 * the server's field errors beside each field and in a summary, the reference and its follow-up code once stored.
 * Every server text goes into the page through textContent (make / setText, from ../dom/dom.js). */
import { make, setText } from "../dom/dom.js";

var KINDS = ["point-de-deal", "rodeo", "maltraitance-animale", "autre"];
var KEY_STORAGE = "guichet.report.clientKey";
var MESSAGES = {
  network:
    "Le signalement n'a pas pu être envoyé. Vérifiez votre connexion puis réessayez : ce que vous avez saisi est conservé.",
  server:
    "Le signalement n'a pas pu être enregistré à cause d'un problème de notre côté. Réessayez dans quelques minutes : ce que vous avez saisi est conservé.",
  invalid: "Le formulaire n'a pas pu être lu. Rechargez la page puis réessayez.",
  tooLarge: "Le signalement est trop long. Raccourcissez la description puis réessayez.",
  rateLimited:
    "Merci pour votre vigilance. Plusieurs signalements ont déjà été envoyés depuis votre connexion en peu de temps : réessayez {wait}. En cas d'urgence, appelez le 17 ou le 112.",
  otherField: "Rechargez la page puis envoyez à nouveau le formulaire."
};

var form, submitButton, summary, summaryList, formAlert, intro, done, sending = false;

function byId(id) {
  return document.getElementById(id);
}

/* ---- the client key: one per report, kept until the server has stored it ------------------ */

function randomKey() {
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map
    .call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    })
    .join("");
}

function clientKey() {
  var key = null;
  try {
    key = window.sessionStorage.getItem(KEY_STORAGE);
    if (!key) {
      key = randomKey();
      window.sessionStorage.setItem(KEY_STORAGE, key);
    }
  } catch (e) {
    /* storage unavailable (private mode): keep the key for this page only */
    key = form.dataset.clientKey || randomKey();
  }
  form.dataset.clientKey = key;
  return key;
}

function forgetClientKey() {
  delete form.dataset.clientKey;
  try {
    window.sessionStorage.removeItem(KEY_STORAGE);
  } catch (e) {
    /* nothing kept */
  }
}

/* ---- kind and identity ---------------------------------------------------------------------- */

function selectedKind() {
  var checked = form.querySelector('input[name="kind"]:checked');
  return checked ? checked.value : null;
}

function showDetailsFor(kind) {
  var groups = form.querySelectorAll(".report-details");
  for (var i = 0; i < groups.length; i += 1) {
    groups[i].hidden = groups[i].getAttribute("data-kind") !== kind;
  }
}

function preselectKind() {
  var type = new URLSearchParams(window.location.search).get("type");
  if (type && KINDS.indexOf(type) !== -1) byId("kind-" + type).checked = true;
  showDetailsFor(selectedKind());
}

function syncContact() {
  var anonymous = byId("anonymous").checked;
  byId("contact-fields").hidden = anonymous;
}

function updateCount() {
  setText(byId("description-count"), byId("description").value.length);
}

/* ---- the request body -------------------------------------------------------------------- */

function value(id) {
  return byId(id).value.trim();
}

/* Put the non-empty fields of a list of [name, value] pairs into an object. */
function filled(pairs) {
  var out = {};
  pairs.forEach(function (pair) {
    if (pair[1] !== "" && pair[1] != null) out[pair[0]] = pair[1];
  });
  return out;
}

/* "14/07/2024" becomes the ISO date the server checks; anything else stays free text. */
function whenValue() {
  var text = value("when");
  var match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!match) return text;
  return match[3] + "-" + ("0" + match[2]).slice(-2) + "-" + ("0" + match[1]).slice(-2);
}

function details(kind) {
  if (kind === "point-de-deal") {
    return filled([["hours", value("deal-hours")], ["people", value("deal-people")]]);
  }
  if (kind === "rodeo") {
    var vehicles = Array.prototype.map.call(
      form.querySelectorAll('input[name="details.vehicles"]:checked'),
      function (box) {
        return box.value;
      }
    );
    return filled([
      ["vehicles", vehicles.length ? vehicles : ""],
      ["frequency", value("rodeo-frequency")],
      ["plates", value("rodeo-plates")]
    ]);
  }
  if (kind === "maltraitance-animale") {
    return filled([["species", value("animal-species")], ["situation", value("animal-situation")]]);
  }
  if (kind === "autre") return filled([["subject", value("other-subject")]]);
  return {};
}

function payload() {
  var kind = selectedKind();
  var anonymous = byId("anonymous").checked;
  var body = {
    client_key: clientKey(),
    consent: byId("consent").checked,
    anonymous: anonymous,
    place: filled([
      ["commune", value("place-commune")],
      ["postcode", value("place-postcode")],
      ["description", value("place-description")]
    ]),
    description: value("description")
  };
  if (kind) {
    body.kind = kind;
    body.details = details(kind);
  }
  var when = whenValue();
  if (when) body.when = when;
  if (!anonymous) {
    body.contact = filled([
      ["name", value("contact-name")],
      ["email", value("contact-email")],
      ["phone", value("contact-phone")]
    ]);
  }
  return body;
}

/* ---- checked in the page first, with the server's rule and wording (report_request.py) ---- */

/* Characters as the server counts them: a pair of UTF-16 surrogates is one character. */
function charCount(text) {
  return text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "_").length;
}

/* Fields of the chosen kind whose text is longer than their data-max-chars: path -> message. */
function pageErrors() {
  var errors = {};
  var limited = form.querySelectorAll("[data-max-chars]");
  for (var i = 0; i < limited.length; i += 1) {
    var control = limited[i];
    var max = parseInt(control.getAttribute("data-max-chars"), 10);
    if (control.closest("[hidden]") || charCount(control.value.trim()) <= max) continue;
    errors[control.closest("[data-field]").getAttribute("data-field")] = max + " caractères au maximum.";
  }
  return errors;
}

/* ---- errors ------------------------------------------------------------------------------ */

function describedBy(control, errorId, on) {
  var ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
    return id && id !== errorId;
  });
  if (on) ids.unshift(errorId);
  if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
  else control.removeAttribute("aria-describedby");
}

function clearErrors() {
  var marked = form.querySelectorAll(".report-field--error");
  for (var i = 0; i < marked.length; i += 1) marked[i].classList.remove("report-field--error");
  var messages = form.querySelectorAll(".report-field-error");
  for (var j = 0; j < messages.length; j += 1) {
    messages[j].hidden = true;
    setText(messages[j], "");
  }
  var invalid = form.querySelectorAll('[aria-invalid="true"]');
  for (var k = 0; k < invalid.length; k += 1) {
    invalid[k].removeAttribute("aria-invalid");
    var error = invalid[k].getAttribute("data-error-id");
    if (error) describedBy(invalid[k], error, false);
  }
  summary.hidden = true;
  summaryList.textContent = "";
  setText(formAlert, "");
}

/* The wrapper of a field path: "details.vehicles" -> [data-field="details.vehicles"]. */
function wrapperOf(path) {
  return form.querySelector('[data-field="' + CSS.escape(path) + '"]');
}

function ownError(wrapper) {
  for (var i = 0; i < wrapper.children.length; i += 1) {
    if (wrapper.children[i].classList.contains("report-field-error")) return wrapper.children[i];
  }
  return null;
}

function showFieldError(path, message) {
  var wrapper = wrapperOf(path);
  if (!wrapper) return null;
  if (wrapper.closest("[hidden]")) return null; // e.g. contact fields while anonymous
  var error = ownError(wrapper);
  var controls = wrapper.matches("fieldset, .report-contact")
    ? []
    : wrapper.querySelectorAll("input, select, textarea");
  var focus = wrapper.getAttribute("data-focus");
  var target = focus ? byId(focus) : wrapper.querySelector("input, select, textarea");
  wrapper.classList.add("report-field--error");
  if (error) {
    var prefix = make("span", "visually-hidden", "Erreur : ");
    error.textContent = "";
    error.appendChild(prefix);
    error.appendChild(document.createTextNode(message));
    error.hidden = false;
  }
  for (var i = 0; i < controls.length; i += 1) {
    controls[i].setAttribute("aria-invalid", "true");
    if (error) {
      controls[i].setAttribute("data-error-id", error.id);
      describedBy(controls[i], error.id, true);
    }
  }
  return { target: target, label: wrapper.getAttribute("data-label") || "" };
}

function showErrors(fields) {
  var order = Array.prototype.map.call(form.querySelectorAll("[data-field]"), function (node) {
    return node.getAttribute("data-field");
  });
  var paths = Object.keys(fields).sort(function (a, b) {
    var ia = order.indexOf(a), ib = order.indexOf(b);
    return (ia === -1 ? 1e6 : ia) - (ib === -1 ? 1e6 : ib);
  });
  paths.forEach(function (path) {
    var shown = showFieldError(path, fields[path]);
    var item = make("li");
    if (shown && shown.target) {
      var link = make("a", null, shown.label + " : " + fields[path]);
      link.href = "#" + shown.target.id;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        shown.target.focus();
        shown.target.closest("[data-field]").scrollIntoView({ block: "center" });
      });
      item.appendChild(link);
    } else {
      setText(item, MESSAGES.otherField);
    }
    summaryList.appendChild(item);
  });
  summary.hidden = false;
  summary.focus();
}

function showAlert(message) {
  setText(formAlert, message);
  formAlert.scrollIntoView({ block: "center" });
}

function waitText(seconds) {
  var minutes = Math.ceil((seconds || 3600) / 60);
  if (minutes <= 1) return "dans une minute";
  if (minutes < 60) return "dans " + minutes + " minutes";
  return "dans une heure environ";
}

/* ---- submit and result --------------------------------------------------------------------- */

function showDone(answer) {
  forgetClientKey();
  setText(byId("report-reference"), answer.reference);
  // Shown once: the page keeps it nowhere else, and "Faire un autre signalement" wipes it.
  setText(byId("report-secret"), answer.secret || "");
  var list = byId("report-next-steps");
  list.textContent = "";
  (answer.next_steps || []).forEach(function (step) {
    list.appendChild(make("li", null, step));
  });
  form.hidden = true;
  intro.hidden = true;
  done.hidden = false;
  byId("report-done-title").focus();
}

function handleAnswer(status, body) {
  if ((status === 200 || status === 201) && body && body.reference) return showDone(body);
  if (status === 400 && body && body.code === "invalid_fields" && body.fields) return showErrors(body.fields);
  if (status === 429) return showAlert(MESSAGES.rateLimited.replace("{wait}", waitText(body && body.retry_after_s)));
  if (status === 413) return showAlert(MESSAGES.tooLarge);
  if (status >= 400 && status < 500) return showAlert(MESSAGES.invalid);
  return showAlert(MESSAGES.server);
}

function submit(event) {
  event.preventDefault();
  if (sending) return; // a double click sends once; a later retry reuses the same client key
  clearErrors();
  var local = pageErrors();
  if (Object.keys(local).length) return showErrors(local); // no round trip for what the page can tell
  sending = true;
  submitButton.disabled = true;
  submitButton.setAttribute("aria-busy", "true");
  var base = (window.GUICHET_CONFIG && window.GUICHET_CONFIG.apiBase) || "/api";
  fetch(base + "/reports", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(payload()),
    credentials: "same-origin"
  })
    .then(function (response) {
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (body) {
          handleAnswer(response.status, body);
        });
    })
    .catch(function () {
      showAlert(MESSAGES.network);
    })
    .then(function () {
      sending = false;
      submitButton.disabled = false;
      submitButton.removeAttribute("aria-busy");
    });
}

function startAgain() {
  setText(byId("report-reference"), "");
  setText(byId("report-secret"), "");
  form.reset();
  clearErrors();
  forgetClientKey();
  preselectKind();
  syncContact();
  updateCount();
  done.hidden = true;
  intro.hidden = false;
  form.hidden = false;
  var first = form.querySelector('input[name="kind"]:checked') || form.querySelector('input[name="kind"]');
  first.focus();
}

function init() {
  form = byId("report-form");
  if (!form) return;
  submitButton = byId("report-submit");
  summary = byId("error-summary");
  summaryList = byId("error-summary-list");
  formAlert = byId("form-alert");
  intro = byId("report-intro");
  done = byId("report-done");

  preselectKind();
  syncContact();
  updateCount();
  form.addEventListener("change", function (event) {
    if (event.target.name === "kind") showDetailsFor(selectedKind());
    if (event.target.id === "anonymous") syncContact();
  });
  byId("description").addEventListener("input", updateCount);
  form.addEventListener("submit", submit);
  byId("report-again").addEventListener("click", startAgain);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
