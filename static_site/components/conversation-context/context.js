/*
 * What an officer needs to know when a conversation reaches them (docs/protocol.md, "assigned_at",
 * "waited_s", "resumed_count", "requeued_count", "transferred_from"): a line in the panel's head, and a
 * separator "Avant votre arrivée" over the messages written before an officer joined.
 */
import { durationText } from "../agent-console/chat-label.js";
import { t } from "../agent-console/strings.js";

/** "A attendu 4 min · revenu·e 1 fois · transférée par Lt Martin" from a CONVERSATION, or "" before any officer took it. */
export function contextLine(data) {
  if (!data || data.assigned_at == null) return "";
  const parts = [t("context_waited", { d: durationText(data.waited_s || 0) })];
  const resumed = data.resumed_count || 0;
  if (resumed) parts.push(t(resumed === 1 ? "context_resumed_one" : "context_resumed_many", { n: resumed }));
  const requeued = data.requeued_count || 0;
  if (requeued) parts.push(t(requeued === 1 ? "context_requeued_one" : "context_requeued_many", { n: requeued }));
  if (data.transferred_from && data.transferred_from.display_name) {
    parts.push(t("context_transferred", { name: data.transferred_from.display_name }));
  }
  return parts.join(" · ");
}

/**
 * Where the arrival separators go: the id of the first message written before `assignedAt` (null when
 * there is none) and of the first one written after (null when none yet).
 */
export function arrivalMarks(messages, assignedAt) {
  if (assignedAt == null) return { before: null, after: null };
  const stored = (messages || []).filter((m) => m.message_id).sort((a, b) => (a.message_id < b.message_id ? -1 : 1));
  const first = stored.find((m) => m.sent_at < assignedAt);
  if (!first) return { before: null, after: null };
  const next = stored.find((m) => m.sent_at >= assignedAt);
  return { before: first.message_id, after: next ? next.message_id : null };
}
