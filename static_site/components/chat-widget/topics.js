/*
 * Choosing a topic: the topics from GET /api/topics (one button each, the suggested one marked), and
 * whether officers answer now (GET /api/availability, refreshed while the topics are shown): when they
 * do not, the alternatives are shown beside the topics, and in the queue while no estimate can be given.
 */
import { make, setText } from "../dom/dom.js";
import { hasConversation } from "./state.js";

const AVAILABILITY_REFRESH_MS = 30000;

function getJson(url) {
  return fetch(url, { headers: { Accept: "application/json" } }).then((answer) => {
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    return answer.json();
  });
}

export function createTopics(w) {
  const { el, t } = w;

  function label(id) {
    const topic = w.state.topics && w.state.topics[id];
    if (!topic) return id || "";
    return w.lang === "en" && topic.label_en ? topic.label_en : topic.label;
  }

  function button(topicId) {
    if (!topicId) return null;
    return Array.from(el.topicList.querySelectorAll("[data-topic]")).find(
      (candidate) => candidate.getAttribute("data-topic") === topicId
    ) || null;
  }

  function topicItem(topic) {
    const topicButton = make("button", "topic-button");
    topicButton.type = "button";
    topicButton.setAttribute("data-topic", topic.id);
    topicButton.appendChild(make("span", "topic-button__label", label(topic.id)));
    topicButton.addEventListener("click", () => w.conversation.start(topic.id));
    const item = make("li");
    item.appendChild(topicButton);
    return item;
  }

  function load() {
    const state = w.state;
    if (state.topics || state.topicsLoading) return;
    state.topicsLoading = true;
    el.topicLoading.hidden = false;
    el.topicRetry.hidden = true;
    setText(el.pageAlert, "");
    getJson(w.config.apiBase + "/topics")
      .then((data) => {
        w.state.topicsLoading = false;
        w.state.topics = {};
        el.topicList.replaceChildren();
        data.topics.forEach((topic) => {
          w.state.topics[topic.id] = topic;
          el.topicList.appendChild(topicItem(topic));
        });
        el.topicLoading.hidden = true;
        w.view.showTopicLine();
        markSuggestion();
      })
      .catch(() => {
        w.state.topicsLoading = false;
        el.topicLoading.hidden = true;
        el.topicRetry.hidden = false;
        setText(el.pageAlert, t("topics_error"));
      });
  }

  function suggest(topicId) {
    w.state.suggestedTopic = topicId;
    markSuggestion();
  }

  function markSuggestion() {
    const state = w.state;
    el.topicList.querySelectorAll("[data-topic]").forEach((candidate) => {
      const suggested = candidate.getAttribute("data-topic") === state.suggestedTopic;
      candidate.classList.toggle("topic-button--suggested", suggested);
      const tag = candidate.querySelector(".topic-button__tag");
      if (suggested && !tag) candidate.appendChild(make("span", "topic-button__tag", t("topic_suggested")));
      if (!suggested && tag) tag.remove();
      if (suggested && state.focusSuggestion && document.activeElement === el.title) candidate.focus();
    });
    state.focusSuggestion = false;
  }

  function refreshAvailability() {
    stopAvailabilityRefresh();
    w.desk.load(); // notices and opening hours, refreshed with the availability while the topics are shown
    getJson(w.config.apiBase + "/availability")
      .then((data) => {
        w.state.answering = !!data.answering;
      })
      .catch(() => {
        w.state.answering = null; // unknown: say nothing rather than something wrong
      })
      .then(() => {
        const state = w.state;
        showOffline();
        if ((state.open || w.pageMode) && !hasConversation(state) && !state.exited) {
          state.availabilityTimer = setTimeout(refreshAvailability, AVAILABILITY_REFRESH_MS);
        }
      });
  }

  function stopAvailabilityRefresh() {
    clearTimeout(w.state.availabilityTimer);
    w.state.availabilityTimer = null;
  }

  /** The alternatives: beside the topics when nobody answers, in the queue while no estimate can be given. */
  function showOffline() {
    const state = w.state;
    el.offlineTopics.hidden = state.answering !== false;
    el.offlineQueue.hidden = !(state.status === "waiting" && state.waitUnknown);
    w.desk.render(); // the notices follow the conversation; a closed desk replaces the topics
  }

  function install() {
    el.topicRetry.addEventListener("click", load);
  }

  return { install, label, button, load, suggest, markSuggestion, refreshAvailability, stopAvailabilityRefresh, showOffline };
}
