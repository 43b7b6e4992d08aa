/*
 * The desk editor (agent.html's #desk-notices, supervisors only): the surge notice and the pinned answer in French
 * and English with their links, previewed as the citizen's widget shows them (../desk-notice/), and the opening
 * hours per weekday. Reads GET /api/supervisor/desk, saves with PUT /api/supervisor/desk-notices and
 * PUT /api/supervisor/opening-hours, with the officer's ID token. The section shows only for an ID token in the
 * `supervisors` group (the server checks it again on every request).
 */
import { make, setText } from "../dom/dom.js";
import { claimsOf } from "../agent-console/token.js";
import { nextOpeningWords } from "../desk-notice/desk-notice-data.js";
import { renderNotices } from "../desk-notice/desk-notice.js";
import { DAYS, fieldErrorLines, hoursBody, hoursRows, linksText, noticeBody } from "./desk-notices-form.js";

const KINDS = ["surge", "pinned"];
const PREVIEW_LABELS = {
  fr: { pinned: "Réponse à la question la plus posée", surge: "Information du moment", newWindow: "(s'ouvre dans une nouvelle fenêtre)" },
  en: { pinned: "Answer to the most asked question", surge: "Current information", newWindow: "(opens in a new window)" },
};

/** Whether an ID token's groups make a supervisor (display only: the routes check the verified token). */
export function isSupervisorToken(token) {
  const groups = claimsOf(token || "")["cognito:groups"];
  return Array.isArray(groups) ? groups.includes("supervisors") : groups === "supervisors";
}

export function createDeskNotices(c, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const section = $("desk-notices");
  if (!section) return { install() {}, signedIn() {}, signedOut() {} };
  const noticesForm = $("desk-notices-form");
  const hoursForm = $("desk-hours-form");
  const hoursList = $("desk-hours-days");
  const base = (c.config.apiBase || "/api") + "/supervisor";

  const field = (kind, part) => $("desk-" + kind + "-" + part);

  async function call(method, path, body) {
    const token = c.signIn.idToken();
    if (!token) return { ok: false, status: 401, data: {} };
    try {
      const answer = await fetch(base + path, {
        method,
        headers: { Authorization: "Bearer " + token, Accept: "application/json", "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
      return { ok: answer.ok, status: answer.status, data: await answer.json().catch(() => ({})) };
    } catch (ignored) {
      return { ok: false, status: 0, data: {} };
    }
  }

  function noticeValues(kind) {
    return {
      enabled: field(kind, "enabled").checked,
      textFr: field(kind, "text-fr").value,
      textEn: field(kind, "text-en").value,
      links: field(kind, "links").value,
    };
  }

  function preview() {
    const notices = {};
    KINDS.forEach((kind) => {
      const body = noticeBody(noticeValues(kind));
      notices[kind] = body.enabled ? body : null;
    });
    ["fr", "en"].forEach((lang) => {
      const shown = renderNotices($("desk-preview-" + lang), notices, lang, PREVIEW_LABELS[lang]);
      if (!shown) $("desk-preview-" + lang).appendChild(make("p", "hint", "Aucune annonce affichée.", doc));
    });
  }

  function buildHours() {
    hoursList.replaceChildren();
    DAYS.forEach(([day, name]) => {
      const row = make("li", "desk-hours__day", null, doc);
      const open = make("input", null, null, doc);
      open.type = "checkbox";
      open.id = "desk-hours-" + day + "-open";
      const openLabel = make("label", "choice desk-hours__name", null, doc);
      openLabel.append(open, " " + name + " : ouvert");
      row.appendChild(openLabel);
      ["opens", "closes"].forEach((part) => {
        const input = make("input", "desk-hours__time", null, doc);
        input.type = "text";
        input.id = "desk-hours-" + day + "-" + part;
        input.inputMode = "numeric";
        input.maxLength = 5;
        input.setAttribute("pattern", "[0-2][0-9]:[0-5][0-9]");
        input.setAttribute("aria-describedby", "desk-hours-hint");
        const label = make("label", "desk-hours__label", (part === "opens" ? "de" : "à") + " ", doc);
        label.setAttribute("for", input.id);
        label.appendChild(make("span", "visually-hidden", name + (part === "opens" ? ", ouverture" : ", fermeture"), doc));
        row.append(label, input);
      });
      open.addEventListener("change", () => syncDay(day));
      hoursList.appendChild(row);
    });
  }

  function syncDay(day) {
    const open = $("desk-hours-" + day + "-open").checked;
    ["opens", "closes"].forEach((part) => {
      $("desk-hours-" + day + "-" + part).disabled = !open;
    });
  }

  function showState(desk) {
    let line = desk.open ? "Le tchat est ouvert en ce moment." : "Le tchat est fermé en ce moment.";
    const when = nextOpeningWords(desk, "fr", Date.now(), { today: "aujourd'hui", tomorrow: "demain" });
    if (!desk.open) line += when ? " Il rouvre " + when.day + " à " + when.time + "." : " Aucune ouverture n'est prévue.";
    if (desk.updated_by) line += " Dernière modification par " + desk.updated_by + ".";
    setText($("desk-state"), line);
  }

  function fill(desk) {
    KINDS.forEach((kind) => {
      const notice = (desk.notices && desk.notices[kind]) || {};
      field(kind, "enabled").checked = !!notice.enabled;
      field(kind, "text-fr").value = notice.text_fr || "";
      field(kind, "text-en").value = notice.text_en || "";
      field(kind, "links").value = linksText(notice.links);
    });
    hoursRows(desk.hours).forEach((row) => {
      $("desk-hours-" + row.day + "-open").checked = row.open;
      $("desk-hours-" + row.day + "-opens").value = row.opens;
      $("desk-hours-" + row.day + "-closes").value = row.closes;
      syncDay(row.day);
    });
    showState(desk);
    preview();
  }

  function failure(answer, errors) {
    if (answer.status === 401) return "Votre session a pris fin : reconnectez-vous.";
    if (answer.status === 403) return "Réservé aux superviseurs.";
    if (answer.data && answer.data.fields) {
      const list = make("ul", null, null, doc);
      fieldErrorLines(answer.data.fields).forEach((line) => list.appendChild(make("li", null, line, doc)));
      errors.replaceChildren(make("p", null, "Corrigez ces champs :", doc), list);
      return "";
    }
    return answer.status === 0 ? "Le serveur ne répond pas : réessayez." : "L'enregistrement a échoué : réessayez.";
  }

  async function save(event, form, path, body, done) {
    event.preventDefault();
    const errors = form.querySelector("[data-part=errors]");
    const status = form.querySelector("[data-part=status]");
    errors.replaceChildren();
    setText(status, "Enregistrement…");
    const answer = await call("PUT", path, body);
    if (answer.ok) {
      setText(status, done);
      showState(answer.data);
      return;
    }
    setText(status, "");
    const message = failure(answer, errors);
    if (message) errors.appendChild(make("p", null, message, doc));
  }

  /** The forms wait for the settings as saved: nothing typed before they come is overwritten. */
  function setBusy(busy) {
    [noticesForm, hoursForm].forEach((form) => {
      form.setAttribute("aria-busy", busy ? "true" : "false");
      form.querySelectorAll("input, textarea, button").forEach((control) => {
        control.disabled = busy;
      });
    });
    if (!busy) DAYS.forEach(([day]) => syncDay(day));
  }

  async function load() {
    setBusy(true);
    setText($("desk-state"), "Chargement…");
    const answer = await call("GET", "/desk");
    if (answer.ok) fill(answer.data);
    else setText($("desk-state"), failure(answer, noticesForm.querySelector("[data-part=errors]")));
    setBusy(false);
  }

  function install() {
    buildHours();
    noticesForm.addEventListener("input", preview);
    noticesForm.addEventListener("change", preview);
    noticesForm.addEventListener("submit", (event) => {
      const body = { surge: noticeBody(noticeValues("surge")), pinned: noticeBody(noticeValues("pinned")) };
      save(event, noticesForm, "/desk-notices", body, "Annonces publiées : les citoyens qui attendent les voient dans quelques secondes.");
    });
    hoursForm.addEventListener("submit", (event) => {
      const rows = DAYS.map(([day]) => ({
        day,
        open: $("desk-hours-" + day + "-open").checked,
        opens: $("desk-hours-" + day + "-opens").value,
        closes: $("desk-hours-" + day + "-closes").value,
      }));
      save(event, hoursForm, "/opening-hours", hoursBody(rows), "Horaires enregistrés.");
    });
    preview();
  }

  /** Signed in: the section shows for supervisors only, with the settings as saved. */
  function signedIn() {
    const supervisor = isSupervisorToken(c.signIn.idToken());
    section.hidden = !supervisor;
    if (supervisor) load();
  }

  function signedOut() {
    section.hidden = true;
  }

  return { install, signedIn, signedOut };
}
