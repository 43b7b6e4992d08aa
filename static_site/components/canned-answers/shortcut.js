/*
 * Canned answers without the page: the `/shortcut` being typed in the reply box, the answers it matches,
 * the reply once one is inserted, the text in the conversation's language, who may change an answer, and
 * the editor's checks (the server's rules, docs/protocol.md "Canned answers": it checks them again).
 */
import { fold } from "../sheet-search/search.js";

export const SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const LIMITS = { title: 80, shortcut: 32, text: 4000 };
const MAX_SUGGESTIONS = 8;

/**
 * The `/word` the officer is typing: a slash at the start of the reply or after a space, then shortcut
 * characters up to the caret. {query, start, end} (start is the slash's index), or null.
 */
export function slashQuery(text, caret = text.length) {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([a-z0-9-]*)$/i.exec(before);
  if (!match) return null;
  const start = caret - match[2].length - 1;
  return { query: match[2].toLowerCase(), start, end: caret };
}

/**
 * The answers a typed shortcut suggests, at most 8: shortcuts that start with it first (the officer's own
 * before the shared ones, as listed), then those whose shortcut or title holds it. An empty query lists
 * the first ones.
 */
export function suggest(answers, query, limit = MAX_SUGGESTIONS) {
  const q = fold(query);
  const starts = [];
  const holds = [];
  answers.forEach((answer) => {
    const shortcut = answer.shortcut.toLowerCase();
    if (!q || shortcut.startsWith(query.toLowerCase())) starts.push(answer);
    else if (fold(shortcut).includes(q) || fold(answer.title).includes(q)) holds.push(answer);
  });
  return starts.concat(holds).slice(0, limit);
}

/** Whether an answer holds every word of a search (title, shortcut, texts; accents and case ignored). */
export function matchesSearch(answer, search) {
  const haystack = fold([answer.title, answer.shortcut, answer.text, answer.text_en || ""].join(" "));
  return fold(search)
    .split(" ")
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The answer's text for a conversation in this language: the English one when there is one, else French. */
export function answerText(answer, lang) {
  return lang === "en" && answer.text_en ? answer.text_en : answer.text;
}

/**
 * The reply with an answer inserted: in place of the `/shortcut` being typed (range {start, end}), or at
 * the caret (range {start: caret, end: caret}). {text, caret}: the caret goes after what was inserted.
 */
export function insertText(reply, range, inserted) {
  const before = reply.slice(0, range.start);
  const after = reply.slice(range.end);
  const text = before + inserted + after;
  return { text, caret: before.length + inserted.length };
}

/** Whether this officer may change or delete the answer: their own, or a shared one for a supervisor. */
export function canManage(answer, isSupervisor) {
  return answer.scope === "personal" || (answer.scope === "shared" && !!isSupervisor);
}

/** Whether the officer's groups (the ID token's cognito:groups) make them a supervisor. */
export function isSupervisorOf(claims) {
  const groups = claims && claims["cognito:groups"];
  return Array.isArray(groups) && groups.includes("supervisors");
}

/** The editor's fields checked as the server does: {field: the key of its message in strings.js}; empty when all is well. */
export function draftErrors(draft) {
  const errors = {};
  const title = (draft.title || "").trim();
  const shortcut = (draft.shortcut || "").trim();
  const text = (draft.text || "").trim();
  if (!title) errors.title = "canned_error_title_missing";
  else if (title.length > LIMITS.title) errors.title = "canned_error_title_long";
  if (!shortcut) errors.shortcut = "canned_error_shortcut_missing";
  else if (!SHORTCUT_PATTERN.test(shortcut)) errors.shortcut = "canned_error_shortcut_pattern";
  if (!text) errors.text = "canned_error_text_missing";
  else if (text.length > LIMITS.text) errors.text = "canned_error_text_long";
  if ((draft.text_en || "").length > LIMITS.text) errors.text_en = "canned_error_text_long";
  return errors;
}

/** The request body for a draft: trimmed, an empty English text as null, the scope only when creating. */
export function draftBody(draft, creating) {
  const body = {
    title: draft.title.trim(),
    shortcut: draft.shortcut.trim(),
    text: draft.text.trim(),
    text_en: draft.text_en && draft.text_en.trim() ? draft.text_en.trim() : null,
  };
  if (creating) body.scope = draft.scope === "shared" ? "shared" : "personal";
  return body;
}
