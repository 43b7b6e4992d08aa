/*
 * One report's detail: what the citizen wrote (as text), its triage history (who, when, note, unit), the
 * next steps this officer may take, and its contact details — only on "Afficher les coordonnées", only for
 * its handler or a supervisor (the server refuses anyone else and writes every view to the audit trail).
 * Contact details are never kept: closing or changing the report forgets them.
 */
import { make, setText } from "../dom/dom.js";
import {
  STEP_LABELS,
  contactState,
  detailText,
  DETAIL_LABELS,
  errorMessage,
  formatWhen,
  historyLine,
  kindLabel,
  nextSteps,
  statusLabel,
} from "./inbox-format.js";

export function createInboxDetail(i) {
  const { el } = i;
  let report = null;
  let units = [];

  function current() {
    return report ? report.reference : null;
  }

  async function loadUnits() {
    const answer = await i.api.units();
    if (!answer.ok) return;
    units = answer.units;
    el.triageUnit.replaceChildren(make("option", null, "— choisir une unité —"));
    el.triageUnit.firstChild.value = "";
    units.forEach((unit) => {
      const option = make("option", null, unit.name);
      option.value = unit.id;
      el.triageUnit.appendChild(option);
    });
  }

  function forgetContact() {
    ["contactName", "contactEmail", "contactPhone"].forEach((name) => setText(el[name], ""));
    el.contactShown.hidden = true;
  }

  function renderContact() {
    forgetContact();
    const state = contactState(report);
    el.contactAnonymous.hidden = state !== "anonymous";
    el.contactNotYours.hidden = state !== "not_yours";
    el.contactHidden.hidden = state !== "hidden";
  }

  function renderSteps() {
    const steps = nextSteps(report, i.officer);
    el.triageSteps.querySelectorAll(".choice").forEach((node) => node.remove());
    steps.forEach((status, index) => {
      const label = make("label", "choice");
      const input = make("input");
      input.type = "radio";
      input.name = "triage-step";
      input.value = status;
      input.checked = index === 0;
      label.append(input, " " + STEP_LABELS[status]);
      el.triageSteps.appendChild(label);
    });
    el.triageForm.hidden = steps.length === 0;
    el.triageNone.hidden = steps.length > 0;
    if (report.status === "closed") setText(el.triageNone, "Signalement clos : plus rien à faire.");
    else setText(el.triageNone, "Seul l'agent qui traite ce signalement (ou un superviseur) peut le faire avancer.");
    el.triageNote.value = "";
    el.triageUnit.value = "";
    clearErrors();
    syncUnitField();
  }

  function chosenStep() {
    const checked = el.triageSteps.querySelector("input:checked");
    return checked ? checked.value : null;
  }

  function syncUnitField() {
    el.triageUnitField.hidden = chosenStep() !== "forwarded";
  }

  function clearErrors() {
    setText(el.triageUnitError, "");
    setText(el.triageNoteError, "");
    el.triageUnit.removeAttribute("aria-invalid");
    el.triageNote.removeAttribute("aria-invalid");
  }

  function render() {
    setText(el.reportTitle, "Signalement " + report.reference);
    setText(el.reportKind, kindLabel(report.kind));
    setText(el.reportStatus, statusLabel(report.status));
    el.reportStatus.dataset.status = report.status;
    setText(el.reportCreated, formatWhen(report.created_at));
    const place = [report.place.commune + (report.place.postcode ? ` (${report.place.postcode})` : "")];
    if (report.place.description) place.push(report.place.description);
    setText(el.reportPlace, place.join(" — "));
    setText(el.reportWhen, report.when || "Non précisé");
    setText(el.reportHandler, report.handler ? report.handler.display_name : "Personne pour l'instant");
    setText(el.reportUnit, report.unit ? report.unit.name : "—");
    setText(el.reportDescription, report.description);
    el.reportDetails.replaceChildren();
    Object.entries(report.details || {}).forEach(([key, value]) => {
      el.reportDetails.append(make("dt", null, DETAIL_LABELS[key] || key), make("dd", "report-text", detailText(value)));
    });
    el.reportHistory.replaceChildren();
    report.history.forEach((step) => {
      const line = make("li", "report-history__step");
      line.appendChild(make("p", "report-history__what", historyLine(step)));
      if (step.note) line.appendChild(make("p", "report-history__note report-text", step.note));
      el.reportHistory.appendChild(line);
    });
    el.historyEmpty.hidden = report.history.length > 0;
    el.reportAudit.hidden = !Array.isArray(report.audit);
    el.auditList.replaceChildren();
    (report.audit || []).forEach((entry) => {
      const what = entry.action === "export_contact" ? "export CSV avec coordonnées" : "affichage des coordonnées";
      el.auditList.appendChild(make("li", null, `${formatWhen(entry.at)} — ${entry.agent_id} : ${what}`));
    });
    el.auditEmpty.hidden = (report.audit || []).length > 0;
    renderContact();
    renderSteps();
    i.list.markOpen(report.reference);
  }

  async function open(reference, { focus = true } = {}) {
    i.alert("");
    const answer = await i.api.read(reference);
    if (!answer.ok) {
      if (answer.status === 401) return i.sessionLost();
      i.alert(errorMessage(answer.code));
      return;
    }
    report = answer.report;
    el.reportDetail.hidden = false;
    render();
    if (focus) el.reportTitle.focus();
  }

  function hide() {
    const was = current();
    report = null;
    forgetContact();
    el.reportDetail.hidden = true;
    i.list.markOpen(null);
    return was;
  }

  async function showContact() {
    if (!report) return;
    const answer = await i.api.contact(report.reference);
    if (!answer.ok) {
      if (answer.status === 401) return i.sessionLost();
      i.alert(errorMessage(answer.code));
      return;
    }
    const contact = answer.contact;
    setText(el.contactName, contact.name || "Non indiqué");
    setText(el.contactEmail, contact.email || "Non indiqué");
    setText(el.contactPhone, contact.phone || "Non indiqué");
    el.contactHidden.hidden = true;
    el.contactShown.hidden = false;
    i.announce("Coordonnées affichées. Cet affichage est inscrit au journal des accès.");
  }

  async function submit(event) {
    event.preventDefault();
    if (!report) return;
    clearErrors();
    const status = chosenStep();
    if (!status) return;
    const change = { status, note: el.triageNote.value.trim() };
    if (status === "forwarded") {
      if (!el.triageUnit.value) {
        setText(el.triageUnitError, "Choisissez l'unité à qui transmettre le signalement.");
        el.triageUnit.setAttribute("aria-invalid", "true");
        el.triageUnit.focus();
        return;
      }
      change.unit_id = el.triageUnit.value;
    }
    el.triageSubmit.disabled = true;
    const answer = await i.api.change(report.reference, change);
    el.triageSubmit.disabled = false;
    if (!answer.ok) {
      if (answer.status === 401) return i.sessionLost();
      if (answer.code === "invalid_fields" && answer.fields) {
        if (answer.fields.note) setText(el.triageNoteError, answer.fields.note);
        if (answer.fields.unit_id) setText(el.triageUnitError, answer.fields.unit_id);
      }
      i.alert(errorMessage(answer.code));
      if (answer.code === "report_changed" || answer.code === "invalid_transition") open(report.reference);
      return;
    }
    report = answer.report;
    render();
    i.announce(`Signalement ${report.reference} : ${statusLabel(report.status).toLowerCase()}.`);
    el.reportTitle.focus();
    i.list.reload();
  }

  function install() {
    el.contactShow.addEventListener("click", showContact);
    el.triageForm.addEventListener("submit", submit);
    el.triageSteps.addEventListener("change", syncUnitField);
    el.reportClose.addEventListener("click", () => i.list.focusLine(hide()));
  }

  return { install, open, hide, current, loadUnits };
}
