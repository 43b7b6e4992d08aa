/*
 * What the transfer and re-queue parts of the console say and decide, as pure functions of values
 * (docs/protocol.md, "colleagues", "transfer", "transfer_result", "unassigned", "reply_reminder").
 */
import { t } from "../agent-console/strings.js";

/** The colleagues as the dialog lists them: supervisors first, then by name (the server's order kept otherwise). */
export function sortColleagues(colleagues) {
  return (colleagues || [])
    .map((colleague, index) => ({ colleague, index }))
    .sort((a, b) => {
      const rank = Number(!!b.colleague.supervisor) - Number(!!a.colleague.supervisor);
      if (rank) return rank;
      const byName = String(a.colleague.display_name).localeCompare(String(b.colleague.display_name), "fr");
      return byName || a.index - b.index;
    })
    .map((entry) => entry.colleague);
}

/** "Capitaine Hélène R. — superviseure·ur, absent·e, 2 places libres": one colleague's line in the dialog. */
export function colleagueDetail(colleague) {
  const parts = [];
  if (colleague.supervisor) parts.push(t("transfer_supervisor"));
  parts.push(t(colleague.status === "available" ? "transfer_available" : "transfer_away"));
  const n = colleague.free_slots;
  if (typeof n === "number") parts.push(t(n === 1 ? "transfer_slots_one" : "transfer_slots_many", { n }));
  return parts.join(", ");
}

/** Whole seconds left until a deadline (epoch ms), never below 0. */
export function secondsLeft(deadlineMs, nowMs = Date.now()) {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

/** What the holder is told of the offer's answer. */
export function resultText(outcome, name, alias) {
  const key = { accepted: "transfer_accepted", declined: "transfer_declined", expired: "transfer_expired" }[outcome];
  return t(key || "transfer_ended", { name: name || t("transfer_colleague"), alias });
}

/** Why a conversation left the officer's workspace (an `unassigned` frame's reason). */
export function unassignedText(reason, alias, topic, to) {
  if (reason === "transferred") return t("unassigned_transferred", { alias, topic, name: to || t("transfer_colleague") });
  if (reason === "no_reply") return t("unassigned_no_reply", { alias, topic });
  if (reason === "taken_over") return t("unassigned_taken_over", { alias, topic });
  if (reason === "reassigned") return t("unassigned_reassigned", { alias, topic });
  return t("unassigned_other", { alias, topic });
}

/** The reply reminder's warning: the citizen waits, and the conversation goes back to the queue in n seconds. */
export function reminderText(requeueInS) {
  return t("reply_reminder", { n: Math.max(0, Math.round(requeueInS || 0)) });
}
