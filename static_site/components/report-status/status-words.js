/*
 * What the citizen's status check says (pure, tested by node): the request it sends, and one sentence per
 * answer. An unknown reference and a wrong code get the same words, as the server answers them alike.
 */

import { DESK_TIME_ZONE, deskDateTime } from "../i18n/i18n.js";

export const STATUS_SENTENCES = {
  new: "Votre signalement a bien été reçu. Il n'a pas encore été examiné.",
  in_progress: "Votre signalement est en cours d'examen par les policiers.",
  forwarded: "Votre signalement a été transmis au service de police ou de gendarmerie compétent.",
  closed: "Le traitement de votre signalement est terminé.",
};

export const NOT_FOUND =
  "Aucun signalement ne correspond à cette référence et à ce code de suivi. Vérifiez-les (lettres, chiffres, tirets) puis réessayez.";

/** The body sent: the reference trimmed and in capitals, the code as typed (the server ignores case, spaces, dashes). */
export function checkBody(reference, secret) {
  return { reference: String(reference || "").trim().toUpperCase(), secret: String(secret || "").trim() };
}

/** What the page checks before asking: each field filled in. */
export function missingFields(body) {
  const fields = {};
  if (!body.reference) fields.reference = "Indiquez la référence reçue, par exemple SIG-2026-AB3DEF.";
  if (!body.secret) fields.secret = "Indiquez le code de suivi reçu avec la référence.";
  return fields;
}

/** A date of the desk: "le 02/12/2026 à 10:53". */
export function lastChange(epochSeconds, timeZone = DESK_TIME_ZONE) {
  return `le ${deskDateTime(epochSeconds, timeZone)}`;
}

function waitText(seconds) {
  const minutes = Math.ceil((seconds || 3600) / 60);
  if (minutes <= 1) return "dans une minute";
  if (minutes < 60) return `dans ${minutes} minutes`;
  return "dans une heure environ";
}

/**
 * The page's answer to the server's: {kind: "status"|"not_found"|"fields"|"error", text, fields?, status?}.
 * Nothing from the body is shown but the status's own sentence and its date.
 */
export function answerFor(httpStatus, body) {
  if (httpStatus === 200 && body && STATUS_SENTENCES[body.status]) {
    return {
      kind: "status",
      status: body.status,
      text: STATUS_SENTENCES[body.status],
      detail: typeof body.updated_at === "number" ? `Dernier changement ${lastChange(body.updated_at)}.` : "",
    };
  }
  if (httpStatus === 404) return { kind: "not_found", text: NOT_FOUND };
  if (httpStatus === 400 && body && body.code === "invalid_fields" && body.fields) {
    return { kind: "fields", text: "Vérifiez les champs signalés.", fields: body.fields };
  }
  if (httpStatus === 429) {
    return {
      kind: "error",
      text: `Trop de vérifications depuis votre connexion : réessayez ${waitText(body && body.retry_after_s)}.`,
    };
  }
  if (httpStatus === 0) return { kind: "error", text: "La vérification n'a pas pu être envoyée. Vérifiez votre connexion puis réessayez." };
  return { kind: "error", text: "La vérification n'a pas pu aboutir à cause d'un problème de notre côté. Réessayez dans quelques minutes." };
}
