/*
 * The citizen's status check (/suivi-signalement.html): the reference and the follow-up code in, the
 * report's status and the date of its last change out — nothing else. POST /api/reports/status, so the code
 * never goes into a URL; the words are status-words.js's.
 */
import { make, setText } from "../dom/dom.js";
import { answerFor, checkBody, missingFields } from "./status-words.js";

function init(doc) {
  const form = doc.getElementById("status-form");
  if (!form) return;
  const answerBox = doc.getElementById("status-answer");
  const submitButton = doc.getElementById("status-submit");
  const inputs = { reference: doc.getElementById("status-reference"), secret: doc.getElementById("status-secret") };
  let sending = false;

  function fieldError(name, message) {
    const error = doc.getElementById(`status-${name}-error`);
    setText(error, message || "");
    error.hidden = !message;
    if (message) inputs[name].setAttribute("aria-invalid", "true");
    else inputs[name].removeAttribute("aria-invalid");
  }

  function show(answer) {
    answerBox.replaceChildren();
    answerBox.className = "status-answer status-answer--" + answer.kind;
    answerBox.appendChild(make("p", "status-answer__text", answer.text));
    if (answer.detail) answerBox.appendChild(make("p", "status-answer__detail", answer.detail));
    if (answer.status) answerBox.dataset.status = answer.status;
    else delete answerBox.dataset.status;
  }

  async function submit(event) {
    event.preventDefault();
    if (sending) return;
    const body = checkBody(inputs.reference.value, inputs.secret.value);
    fieldError("reference", "");
    fieldError("secret", "");
    const missing = missingFields(body);
    if (Object.keys(missing).length) {
      Object.entries(missing).forEach(([name, message]) => fieldError(name, message));
      inputs[Object.keys(missing)[0]].focus();
      return;
    }
    sending = true;
    submitButton.disabled = true;
    answerBox.replaceChildren();
    let status = 0;
    let data = null;
    try {
      const base = (globalThis.GUICHET_CONFIG && globalThis.GUICHET_CONFIG.apiBase) || "/api";
      const response = await fetch(base + "/reports/status", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
      status = response.status;
      data = await response.json().catch(() => null);
    } catch (ignored) {
      status = 0;
    }
    sending = false;
    submitButton.disabled = false;
    const answer = answerFor(status, data);
    if (answer.kind === "fields") {
      Object.entries(answer.fields).forEach(([name, message]) => {
        if (inputs[name]) fieldError(name, message);
      });
    }
    show(answer);
  }

  form.addEventListener("submit", submit);
  form.setAttribute("data-report-status-init", "");
}

if (typeof document !== "undefined") init(document);
