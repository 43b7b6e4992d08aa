/*
 * The context of a conversation on its panel (context.js): the line under its label, and the separators
 * "Avant votre arrivée" / "Depuis votre arrivée" in its log, put once the messages are shown.
 */
import { make, setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { part } from "../pick-dialog/pick-dialog.js";
import { arrivalMarks, contextLine } from "./context.js";

/** Show a CONVERSATION's context on its panel (sync, assigned): idempotent. */
export function showContext(conv, data, doc = document) {
  if (!conv || !conv.els || !data) return;
  const line = part(conv.els.panel, "context");
  const text = contextLine(data);
  setText(line, text);
  line.hidden = !text;
  markArrival(conv.els.logNode, arrivalMarks(data.messages, data.assigned_at), doc);
}

/** The separators in a log (role="log"), before the rows of these message ids. */
export function markArrival(log, marks, doc = document) {
  log.querySelectorAll(".log-arrival").forEach((node) => node.remove());
  const put = (id, text) => {
    const row = id && log.querySelector('[data-message-id="' + id + '"]');
    if (!row) return;
    const separator = make("p", "msg msg--system log-arrival", text, doc);
    row.before(separator);
  };
  put(marks.before, t("context_before_arrival"));
  put(marks.after, t("context_since_arrival"));
  if (marks.before) {
    log.querySelectorAll("[data-message-id]").forEach((row) => {
      const id = row.getAttribute("data-message-id");
      row.classList.toggle("msg--before-arrival", id >= marks.before && (!marks.after || id < marks.after));
    });
  }
}
