/*
 * How a conversation is labelled in the workspace, so an officer never confuses two: the citizen's alias,
 * the topic, how long ago the citizen came and how long their last message has waited for an answer,
 * and the citizen's presence (online, connection lost, left). Pure functions of values, tested by node.
 */
import { t } from "./strings.js";

/** "moins d'1 min", "4 min", "1 h 05": a duration in seconds, as the labels show it. */
export function durationText(seconds) {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  if (minutes < 1) return t("duration_under_minute");
  if (minutes < 60) return t("duration_minutes", { n: minutes });
  return t("duration_hours", { h: Math.floor(minutes / 60), mm: String(minutes % 60).padStart(2, "0") });
}

/**
 * Since when the citizen waits for an answer (epoch seconds), after this message: a citizen's message
 * starts the wait unless one is running, the officer's (text or card) ends it, a system line changes nothing.
 */
export function nextAwaiting(current, message) {
  if (message.author === "citizen") return current == null ? message.sent_at : current;
  if (message.author === "agent") return null;
  return current;
}

/**
 * The citizen's presence as the label says it: "left" (they ended it, or gave up waiting), "closed"
 * (closed by the officer or automatically), "unknown" while the console's own link is down, else
 * "online" or "offline" (their connection was lost).
 */
export function presenceOf(conv, linkUp) {
  if (conv.status === "closed") return conv.closedBy === "citizen" || conv.outcome === "abandoned" ? "left" : "closed";
  if (!linkUp) return "unknown";
  return conv.citizenOnline ? "online" : "offline";
}

/** "1 nouveau", "3 nouveaux", or "" when nothing is unseen. */
export function unseenText(n) {
  if (!n) return "";
  return t(n > 1 ? "unseen_many" : "unseen_one", { n });
}

/** The wait line: "depuis 12 min · sans réponse depuis 2 min" (the second part while the citizen waits for an answer). */
export function waitLine(conv, nowMs = Date.now()) {
  const now = nowMs / 1000;
  const since = t("since", { d: durationText(now - conv.createdAt) });
  if (conv.status === "closed" || conv.awaitingSince == null) return since;
  return since + " · " + t("awaiting", { d: durationText(now - conv.awaitingSince) });
}

/** Whether the citizen's last message has waited long enough to be shown as urgent (the platform aims for 2 min). */
export function answerOverdue(conv, nowMs = Date.now(), limitS = 120) {
  return conv.status !== "closed" && conv.awaitingSince != null && nowMs / 1000 - conv.awaitingSince >= limitS;
}
