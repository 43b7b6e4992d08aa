/*
 * The citizen's place in the queue, as words. Queue-state frames (queued, queue, resumed) carry a
 * version that only grows: one older than the newest seen is stale (frames can overtake each other).
 */

/**
 * The queue line for a position and an estimate: estimate null means no officer is available, 0 that an
 * officer's slot is free for this position. Returns {text, waitUnknown}.
 */
export function queueLine(t, position, waitS) {
  const where = t("queue_position", { n: position });
  if (waitS == null) return { text: t("queue_no_officer", { where }), waitUnknown: true };
  if (waitS <= 0) return { text: t("queue_now", { where }), waitUnknown: false };
  return { text: t("queue_wait", { where, min: Math.max(1, Math.ceil(waitS / 60)) }), waitUnknown: false };
}

/**
 * Whether a queue-state frame is to be shown, given the newest version seen (null: none yet); returns
 * {fresh, version} with the version to keep. A frame without a version (an older server) is always shown.
 */
export function checkQueueVersion(frame, seenVersion) {
  if (typeof frame.version !== "number") return { fresh: true, version: seenVersion };
  if (seenVersion != null && frame.version < seenVersion) return { fresh: false, version: seenVersion };
  return { fresh: true, version: frame.version };
}
