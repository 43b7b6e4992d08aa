/*
 * The reports inbox's pure parts: French labels, dates in the desk's time zone, the list's and the export's
 * query strings, which triage steps an officer is offered, the export's file name. No DOM here: node tests it.
 */

import { DESK_TIME_ZONE, deskDateTime } from "../i18n/i18n.js";

export { DESK_TIME_ZONE };

export const STATUS_LABELS = {
  new: "Nouveau",
  in_progress: "En cours",
  forwarded: "Transmis à une unité",
  closed: "Clos",
};

export const KIND_LABELS = {
  "point-de-deal": "Point de deal",
  rodeo: "Rodéo motorisé",
  "maltraitance-animale": "Maltraitance animale",
  autre: "Autre fait",
};

// The labels of the details each kind may carry (chalicelib/protocol/report_request.py), and of their values.
export const DETAIL_LABELS = {
  hours: "Horaires",
  people: "Personnes présentes (environ)",
  vehicles: "Véhicules",
  frequency: "Fréquence",
  plates: "Plaques relevées",
  species: "Animal",
  situation: "Situation",
  subject: "Objet",
};

const DETAIL_VALUES = {
  "premiere-fois": "Première fois",
  "plusieurs-fois-par-mois": "Plusieurs fois par mois",
  "chaque-semaine": "Chaque semaine",
  "tous-les-jours": "Tous les jours",
  motos: "motos",
  quads: "quads",
  scooters: "scooters",
  voitures: "voitures",
  autres: "autres",
  violences: "Violences",
  abandon: "Abandon",
  "manque-de-soins": "Manque de soins",
  "conditions-de-detention": "Conditions de détention",
  autre: "Autre",
};

// What each next status is called on its button, and whether it needs a unit.
export const STEP_LABELS = {
  in_progress: "Prendre en charge",
  forwarded: "Transmettre à une unité",
  closed: "Clore",
};

const NEXT = { new: ["in_progress"], in_progress: ["forwarded", "closed"], forwarded: ["closed"], closed: [] };

const FILTER_KEYS = ["status", "kind", "commune", "from", "to"];

/** A date and time of the desk: "02/12/2026 à 10:53". */
export const formatWhen = deskDateTime;

/** A report kind's label (its id if unknown). */
export function kindLabel(kind) {
  return KIND_LABELS[kind] || kind;
}

/** A status's label (its id if unknown). */
export function statusLabel(status) {
  return STATUS_LABELS[status] || status;
}

/** A detail's value as text: lists joined, known ids named. */
export function detailText(value) {
  if (Array.isArray(value)) return value.map((v) => DETAIL_VALUES[v] || String(v)).join(", ");
  return DETAIL_VALUES[value] || String(value);
}

/** The filters as the server reads them: empty ones left out, the commune trimmed. */
export function cleanFilters(filters) {
  const clean = {};
  FILTER_KEYS.forEach((key) => {
    const value = filters && filters[key] != null ? String(filters[key]).trim() : "";
    if (value) clean[key] = value;
  });
  if (!clean.status) clean.status = "new";
  return clean;
}

/** The list's path: /agent/reports?status=…&kind=…&commune=…&from=…&to=…[&cursor=…]. */
export function listPath(apiBase, filters, cursor = null) {
  const params = new URLSearchParams(cleanFilters(filters));
  if (cursor) params.set("cursor", cursor);
  return `${apiBase || "/api"}/agent/reports?${params.toString()}`;
}

/** The export's path: the same filters, `contact=1` only when the supervisor asked for contact details. */
export function exportPath(apiBase, filters, withContact) {
  const params = new URLSearchParams(cleanFilters(filters));
  if (withContact) params.set("contact", "1");
  return `${apiBase || "/api"}/agent/report-export?${params.toString()}`;
}

/** The path of one report, or of one of its sub-resources ("contact", "status"). */
export function reportPath(apiBase, reference, part = "") {
  const base = `${apiBase || "/api"}/agent/reports/${encodeURIComponent(reference)}`;
  return part ? `${base}/${part}` : base;
}

/**
 * The steps this officer may take on this report: the next statuses of the state machine, for anyone when
 * it is new (taking it makes them its handler), else for its handler and supervisors only.
 */
export function nextSteps(report, officer) {
  const steps = NEXT[report.status] || [];
  if (report.status === "new") return steps;
  const isHandler = !!(report.handler && officer && report.handler.agent_id === officer.agentId);
  return isHandler || (officer && officer.supervisor) ? steps : [];
}

/** What the contact area of the detail says: "hidden" (a button shows them), "not_yours", or "anonymous". */
export function contactState(report) {
  if (!report.has_contact) return "anonymous";
  return report.may_see_contact ? "hidden" : "not_yours";
}

/** One line of a report's history: "En cours — 02/12/2026 à 10:53, par Brigadier Karim D." */
export function historyLine(step, timeZone = DESK_TIME_ZONE) {
  let line = `${statusLabel(step.status)} — ${formatWhen(step.at, timeZone)}, par ${step.by.display_name}`;
  if (step.unit) line += ` (vers ${step.unit.name})`;
  return line;
}

/** The file name of a Content-Disposition header, or a fallback. */
export function attachmentName(disposition, fallback = "signalements.csv") {
  const match = /filename="?([^";]+)"?/i.exec(disposition || "");
  const name = match ? match[1].trim() : "";
  return /^[\w.-]+$/.test(name) ? name : fallback;
}

/** The officer a verified ID token's claims name: id, display name, whether a supervisor. */
export function officerFromProfile(profile) {
  const groups = (profile && profile["cognito:groups"]) || [];
  const list = Array.isArray(groups) ? groups : String(groups).replace(/[[\]]/g, "").split(/[\s,]+/);
  return {
    agentId: (profile && (profile["cognito:username"] || profile.username || profile.sub)) || "",
    displayName: (profile && (profile.name || profile["cognito:username"])) || "",
    supervisor: list.includes("supervisors"),
  };
}

const ERRORS = {
  network: "Le serveur ne répond pas. Vérifiez la connexion puis réessayez.",
  not_found: "Ce signalement n'existe plus (sa durée de conservation est passée).",
  not_your_report: "Un autre agent traite ce signalement : seul lui (ou un superviseur) peut le faire avancer.",
  invalid_transition: "Ce signalement a déjà changé de statut : sa fiche vient d'être rechargée.",
  report_changed: "Un autre agent vient de modifier ce signalement : sa fiche vient d'être rechargée.",
  unknown_unit: "Choisissez l'unité destinataire dans la liste.",
  officer_only: "Cette action est réservée aux superviseurs.",
  invalid_fields: "Certains champs sont à corriger.",
  rate_limited: "Trop de demandes : réessayez dans une minute.",
};

/** The French sentence shown for an error code of the inbox's routes. */
export function errorMessage(code) {
  return ERRORS[code] || "Une erreur est survenue de notre côté. Réessayez dans un instant.";
}
