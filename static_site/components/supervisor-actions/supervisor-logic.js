/*
 * The "Piloter" panel's pure logic (node-tested): who is a supervisor, the lists of officers and chats read
 * from a `board` frame (the board's, live) or a `supervision` frame (the answer to `supervise_list`), who a
 * chat may be reassigned to, and the French wording of the panel and of the audit trail.
 */

export const MIN_CAPACITY = 1;
export const MAX_CAPACITY = 5;

export const WORDS = {
  watch: "Observer",
  join: "Rejoindre",
  take_over: "Prendre en charge",
  reassign: "Réattribuer",
  reassign_to: "Réattribuer à…",
  set_away: "Mettre en pause",
  capacity: "Capacité",
  apply: "Appliquer",
  unwatch: "Arrêter d'observer",
  no_officer: "Aucun agent en ligne.",
  no_chat: "Aucune conversation en cours.",
  no_target: "Aucun agent disponible avec une place libre.",
  no_audit: "Aucune action aujourd'hui.",
  audit_unavailable: "Le journal est indisponible pour le moment.",
  status_available: "disponible",
  status_away: "en pause",
  supervisor: "superviseur·e",
  watching_title: "Observation en lecture seule : {alias}",
  officer_of_chat: "avec {name}",
  assigned_for: "depuis {duration}",
  awaiting_for: "attend une réponse depuis {duration}",
  done_watch: "Vous observez {alias} (lecture seule).",
  done_join: "Vous avez rejoint {alias} : elle apparaît parmi vos conversations.",
  done_unwatch: "Vous n'observez plus {alias}.",
  done_take_over: "{alias} est maintenant votre conversation.",
  done_reassign: "{alias} est réattribuée à {name}.",
  done_set_away: "{name} est en pause : aucune nouvelle conversation ne lui est attribuée.",
  done_set_capacity: "Capacité de {name} : {n} conversation(s) à la fois.",
  watched_closed: "La conversation observée est terminée.",
  error: "Action refusée : {reason}",
  citizen: "Citoyen",
  officer: "Agent",
  system: "Guichet",
};

const AUDIT_WORDS = {
  watch: "a observé",
  unwatch: "a cessé d'observer",
  join: "a rejoint",
  take_over: "a pris en charge",
  reassign: "a réattribué",
  set_away: "a mis en pause",
  set_capacity: "a changé la capacité de",
  desk_notices: "a modifié les annonces du tchat",
  opening_hours: "a modifié les horaires du tchat",
};

const ERRORS = {
  forbidden: "réservé aux superviseurs.",
  not_found: "conversation ou agent introuvable.",
  not_assigned: "aucun agent ne tient cette conversation.",
  conversation_closed: "la conversation est terminée.",
  colleague_unavailable: "cet agent ne peut pas la recevoir (hors ligne, en pause ou sans place libre).",
  agent_unavailable: "vous n'avez pas de place libre.",
  officer_offline: "cet agent n'est pas connecté.",
  invalid_field: "valeur invalide.",
};

/** Fill `{name}` placeholders. */
export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** Whether an ID token's claims are a supervisor's (`cognito:groups` holds "supervisors"). */
export function isSupervisorClaims(claims) {
  const groups = claims && claims["cognito:groups"];
  return Array.isArray(groups) && groups.includes("supervisors");
}

/**
 * The lists a frame gives: `board` (the live board, with a `version` that only grows) or `supervision`.
 * Returns null for a board frame older than `shownVersion` (it arrived late: nothing changes).
 */
export function listsOf(frame, shownVersion = -1) {
  if (!frame || (frame.type !== "board" && frame.type !== "supervision")) return null;
  if (frame.type === "board" && typeof frame.version === "number" && frame.version < shownVersion) return null;
  const officers = (frame.officers || []).map((o) => ({
    agent_id: o.agent_id,
    display_name: o.display_name || o.agent_id,
    status: o.status,
    capacity: o.capacity,
    open_chats: o.open_chats ?? 0,
    supervisor: o.supervisor === true,
  }));
  const chats = (frame.chats || []).map((ch) => ({
    conversation_id: ch.conversation_id,
    topic: ch.topic,
    agent_id: ch.agent_id,
    display_name: ch.display_name || ch.agent_id,
    assigned_s: ch.assigned_s ?? null,
    awaiting_reply_s: ch.awaiting_reply_s ?? null,
  }));
  officers.sort((a, b) => a.display_name.localeCompare(b.display_name, "fr") || a.agent_id.localeCompare(b.agent_id));
  return { officers, chats, version: frame.type === "board" ? frame.version : shownVersion };
}

/** Who a chat may be reassigned to: online, not its officer, a free slot, and available (or a supervisor). */
export function reassignTargets(officers, chat) {
  return officers.filter(
    (o) =>
      o.agent_id !== chat.agent_id &&
      o.open_chats < o.capacity &&
      (o.status === "available" || o.supervisor),
  );
}

/** "4 min", "45 s", "1 h 05": a duration in seconds, short. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  if (s < 60) return s + " s";
  if (s < 3600) return Math.floor(s / 60) + " min";
  return Math.floor(s / 3600) + " h " + String(Math.floor((s % 3600) / 60)).padStart(2, "0");
}

/** An officer's line: "disponible · 2/3" (and superviseur·e). */
export function officerDetail(officer) {
  const status = officer.status === "available" ? WORDS.status_available : WORDS.status_away;
  const parts = [status, officer.open_chats + "/" + officer.capacity];
  if (officer.supervisor) parts.unshift(WORDS.supervisor);
  return parts.join(" · ");
}

/** A chat's line: "avec Brigadier Martin · depuis 5 min · attend une réponse depuis 20 s". */
export function chatDetail(chat) {
  const parts = [fill(WORDS.officer_of_chat, { name: chat.display_name })];
  if (chat.assigned_s != null) parts.push(fill(WORDS.assigned_for, { duration: duration(chat.assigned_s) }));
  if (chat.awaiting_reply_s != null) parts.push(fill(WORDS.awaiting_for, { duration: duration(chat.awaiting_reply_s) }));
  return parts.join(" · ");
}

/** What the supervisor is told once an action is done (`supervised` or `watching`/`unwatched` frames). */
export function doneText(action, values) {
  const key = "done_" + action;
  return key in WORDS ? fill(WORDS[key], values) : "";
}

/** An error frame's code, as the panel says it. */
export function errorText(code) {
  return fill(WORDS.error, { reason: ERRORS[code] || "réessayez." });
}

/** "14:05" in Paris time, from epoch seconds. */
export function clockOf(epochSeconds, locale = "fr-FR") {
  return new Date(epochSeconds * 1000).toLocaleTimeString(locale, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Paris",
  });
}

/**
 * One audit entry as a sentence: "14:05 — Capitaine Hélène R. a réattribué Citoyen·ne 0RT (de agent1 à agent2)".
 * `alias(conversationId)` names a conversation; `nameOf(agentId)` an officer (their id if unknown).
 */
export function auditLine(entry, alias, nameOf = (id) => id) {
  const verb = AUDIT_WORDS[entry.action] || entry.action;
  const who = entry.actor && (entry.actor.display_name || entry.actor.agent_id);
  let what = "";
  if (entry.action === "set_capacity") what = nameOf(entry.agent_id) + " : " + entry.value;
  else if (entry.action === "set_away") what = nameOf(entry.agent_id);
  else if (entry.action === "desk_notices" || entry.action === "opening_hours") what = "(version " + entry.value + ")";
  else if (entry.conversation_id) {
    what = alias(entry.conversation_id);
    if (entry.action === "reassign" || entry.action === "take_over") {
      what += " (de " + nameOf(entry.agent_id) + " à " + nameOf(entry.value) + ")";
    }
  } else if (entry.agent_id) what = nameOf(entry.agent_id);
  return clockOf(entry.at) + " — " + who + " " + verb + (what ? " " + what : "");
}
