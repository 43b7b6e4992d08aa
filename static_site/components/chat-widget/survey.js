/*
 * The end-of-chat survey (did you find us easily, did you understand, a rating, a comment): sent once,
 * then thanks; the socket closes once it is answered (the history stays until a new conversation).
 */
import { setText } from "../dom/dom.js";

export const MAX_COMMENT = 1000;
const QUESTIONS = ["cw-found", "cw-understood", "cw-rating"];
// Error codes that answer a survey (a survey frame has no client_msg_id).
export const SURVEY_ERRORS = ["not_closed", "survey_already_answered", "invalid_field", "no_conversation"];

/** The survey frame from the answers (name → value, null if unanswered); null when a question is unanswered. */
export function surveyFrame(answers, comment) {
  if (QUESTIONS.some((name) => !answers[name])) return null;
  const frame = {
    action: "survey",
    found_easily: answers["cw-found"] === "yes",
    understood: answers["cw-understood"] === "yes",
    rating: parseInt(answers["cw-rating"], 10),
  };
  const trimmed = (comment || "").trim().slice(0, MAX_COMMENT);
  if (trimmed) frame.comment = trimmed;
  return frame;
}

export function createSurvey(w) {
  const { el, t } = w;

  function checkedValue(name) {
    const checked = el.survey.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function submit(event) {
    event.preventDefault();
    setText(el.surveyAlert, "");
    const answers = {};
    QUESTIONS.forEach((name) => {
      answers[name] = checkedValue(name);
    });
    const frame = surveyFrame(answers, el.surveyComment.value);
    if (!frame) {
      setText(el.surveyAlert, t("survey_missing"));
      const missing = QUESTIONS.find((name) => !answers[name]);
      el.survey.querySelector('input[name="' + missing + '"]').focus();
      return;
    }
    if (!w.state.ready || !w.connection.send(frame)) {
      setText(el.surveyAlert, t("survey_offline"));
      return;
    }
    w.state.surveyInFlight = true;
    el.surveySend.disabled = true;
  }

  /** The survey is answered: thank the citizen and close the socket (the history stays until a new conversation). */
  function finished(message) {
    const focusWasInSurvey = el.survey.contains(document.activeElement);
    w.state.surveyInFlight = false;
    w.state.surveyDone = true;
    el.survey.hidden = true;
    el.surveySend.disabled = false;
    setText(el.surveyThanks, message);
    w.storage.saveConversation();
    w.connection.stopSocket();
    if (focusWasInSurvey) el.newChat.focus();
  }

  /** An error frame while the survey was being sent: true if it was the survey's answer. */
  function onError(frame) {
    if (!w.state.surveyInFlight || frame.client_msg_id || !SURVEY_ERRORS.includes(frame.code)) return false;
    w.state.surveyInFlight = false;
    el.surveySend.disabled = false;
    if (frame.code === "survey_already_answered") finished(t("survey_already"));
    else setText(el.surveyAlert, t("survey_error"));
    return true;
  }

  function install() {
    el.survey.addEventListener("submit", submit);
  }

  return { install, finished, onError };
}
