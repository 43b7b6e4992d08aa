/*
 * The desk's notices and opening hours in the widget (GET /api/desk): the surge notice and the pinned answer above
 * the topics and while the citizen waits, in the page's language; while the desk is closed, no topics and no queue
 * but the alternatives and when it opens again. A waiting citizen's queue frames carry the notices' revision
 * (`notice_version`): a revision the widget does not show is read again (`?v=` keys CloudFront's cache on it).
 */
import { setText } from "../dom/dom.js";
import { needsNotices, nextOpeningWords, showsClosed } from "../desk-notice/desk-notice-data.js";
import { renderNotices } from "../desk-notice/desk-notice.js";
import { hasConversation } from "./state.js";

export function createDesk(w) {
  const { el, t } = w;
  let desk = null; // the last GET /api/desk answer
  let asked = null; // the revision a read is under way for
  let loading = false;
  let drawn = null; // the answer whose notices are in the page: drawn again only when it changes (aria-live)
  let drawnCount = 0;
  const labels = { pinned: t("notice_pinned"), surge: t("notice_surge"), newWindow: t("card_new_window") };

  function load(revision) {
    if (loading && revision == null) return;
    loading = true;
    asked = revision == null ? asked : revision;
    const query = revision == null ? "" : "?v=" + encodeURIComponent(String(revision));
    // no-cache: the browser asks each time (CloudFront's few seconds of cache still spare the origin).
    fetch(w.config.apiBase + "/desk" + query, { headers: { Accept: "application/json" }, cache: "no-cache" })
      .then((answer) => {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.json();
      })
      .then((data) => {
        desk = data;
        render();
      })
      .catch(() => {}) // the widget works without: no notice, the server still refuses a start while closed
      .then(() => {
        loading = false;
      });
  }

  /** A queue-state frame named this revision of the notices. */
  function noticeVersion(revision) {
    if (needsNotices(revision, desk ? desk.revision : null, asked)) load(revision);
  }

  /** The server refused a start: the desk is closed (until `nextOpening`). */
  function closedNow(nextOpening) {
    desk = { ...(desk || { notices: {} }), open: false, next_opening: nextOpening == null ? null : nextOpening };
    loading = false;
    load("closed-" + Date.now()); // a key no cache holds: the hours and notices as the server has them now
  }

  function render() {
    const state = w.state;
    const waitingOrChoosing = !hasConversation(state) || state.startTopic || state.status === "waiting";
    if (desk && desk !== drawn) {
      drawnCount = renderNotices(el.notices, desk.notices, w.lang, labels);
      drawn = desk;
    }
    el.notices.hidden = !(drawnCount > 0 && waitingOrChoosing && !state.exited);
    const closed = showsClosed(desk, hasConversation(state));
    el.deskClosed.hidden = !closed;
    el.topicList.hidden = closed;
    el.topicIntro.hidden = closed;
    if (closed) {
      el.topicLoading.hidden = true;
      el.offlineTopics.hidden = true;
      const when = nextOpeningWords(desk, w.lang, Date.now(), { today: t("desk_today"), tomorrow: t("desk_tomorrow") });
      const line = when ? t("desk_reopens", when) : t("desk_no_opening");
      if (el.deskReopens.textContent !== line) setText(el.deskReopens, line);
    }
  }

  return { load, noticeVersion, closedNow, render, isClosed: () => showsClosed(desk, false) };
}
