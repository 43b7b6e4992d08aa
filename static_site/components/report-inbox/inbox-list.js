/*
 * The inbox's list: the filters' form, one status's reports newest first (a line each, from the page's
 * template), "Afficher les suivants" while the server gives a cursor, and which report is open.
 */
import { setText } from "../dom/dom.js";
import { cleanFilters, errorMessage, formatWhen, kindLabel, statusLabel } from "./inbox-format.js";

const FIELDS = ["status", "kind", "commune", "from", "to"];

export function createInboxList(i) {
  const { el } = i;
  let cursor = null;
  let shown = 0;
  let loading = 0; // the last request's number: an older answer arriving late is dropped

  function field(name) {
    return el["filter" + name[0].toUpperCase() + name.slice(1)];
  }

  /** The filters as the form holds them now (the export uses the same). */
  function filters() {
    const values = {};
    FIELDS.forEach((name) => (values[name] = field(name).value));
    return cleanFilters(values);
  }

  function clearFieldErrors() {
    ["commune", "from", "to"].forEach((name) => {
      const error = el["filter" + name[0].toUpperCase() + name.slice(1) + "Error"];
      if (error) setText(error, "");
      field(name).removeAttribute("aria-invalid");
    });
  }

  function showFieldErrors(fields) {
    Object.entries(fields || {}).forEach(([name, message]) => {
      const error = i.el["filter" + name[0].toUpperCase() + name.slice(1) + "Error"];
      if (error) {
        setText(error, message);
        field(name).setAttribute("aria-invalid", "true");
      }
    });
  }

  function item(report) {
    const node = el.inboxItemTemplate.content.firstElementChild.cloneNode(true);
    const part = (name) => node.querySelector(`[data-part="${name}"]`);
    node.dataset.reference = report.reference;
    setText(part("reference"), report.reference);
    setText(part("kind"), kindLabel(report.kind));
    setText(part("where"), report.postcode ? `${report.commune} (${report.postcode})` : report.commune);
    setText(part("when"), formatWhen(report.created_at));
    setText(part("excerpt"), report.excerpt);
    const who = [statusLabel(report.status)];
    if (report.handler) who.push("traité par " + report.handler.display_name);
    if (report.unit) who.push("transmis à " + report.unit.name);
    if (!report.anonymous) who.push("coordonnées laissées");
    setText(part("who"), who.join(" · "));
    part("open").addEventListener("click", () => i.detail.open(report.reference));
    return node;
  }

  function render(reports, append) {
    if (!append) {
      el.inboxList.replaceChildren();
      shown = 0;
    }
    reports.forEach((report) => el.inboxList.appendChild(item(report)));
    shown += reports.length;
    el.inboxEmpty.hidden = shown > 0;
    el.inboxMore.hidden = !cursor;
    setText(el.inboxCount, `(${shown}${cursor ? "+" : ""})`);
    markOpen(i.detail.current());
  }

  async function load(append) {
    const ticket = ++loading;
    i.alert("");
    const answer = await i.api.list(filters(), append ? cursor : null);
    if (ticket !== loading) return;
    if (!answer.ok) {
      if (answer.status === 401) return i.sessionLost();
      if (answer.code === "invalid_fields") showFieldErrors(answer.fields);
      i.alert(errorMessage(answer.code));
      return;
    }
    cursor = answer.cursor;
    render(answer.reports, append);
    const label = statusLabel(filters().status).toLowerCase();
    i.announce(`${shown} signalement${shown > 1 ? "s" : ""} (${label}) affiché${shown > 1 ? "s" : ""}.`);
  }

  /** Read the first page again with the current filters. */
  function reload() {
    clearFieldErrors();
    cursor = null;
    return load(false);
  }

  /** Show which line is open (aria-current). */
  function markOpen(reference) {
    el.inboxList.querySelectorAll(".inbox-item").forEach((node) => {
      const button = node.querySelector('[data-part="open"]');
      if (node.dataset.reference === reference) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    });
  }

  /** Focus the line of this report (after the detail closes), or the list's title. */
  function focusLine(reference) {
    const node = [...el.inboxList.querySelectorAll(".inbox-item")].find((n) => n.dataset.reference === reference);
    if (node) node.querySelector('[data-part="open"]').focus();
    else el.inboxListTitle.focus();
  }

  function clear() {
    el.inboxList.replaceChildren();
    cursor = null;
    shown = 0;
    setText(el.inboxCount, "");
  }

  function install() {
    el.inboxFilters.addEventListener("submit", (event) => {
      event.preventDefault();
      reload();
    });
    el.filterReset.addEventListener("click", () => {
      el.inboxFilters.reset();
      reload();
    });
    el.inboxMore.addEventListener("click", () => load(true));
  }

  return { install, reload, filters, markOpen, focusLine, clear };
}
