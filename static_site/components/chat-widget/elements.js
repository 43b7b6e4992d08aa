/*
 * The widget's elements, from the markup sitegen renders (site_src/components/chat-widget/): floating,
 * the launcher and the panel inside #chat-widget; in the chat page, the panel inside the page's
 * [data-chat-widget-slot] and no launcher.
 */

const BY_ID = {
  title: "cw-title",
  pageAlert: "cw-page-alert",
  topicStep: "cw-topics",
  offlineTopics: "cw-offline-topics",
  notices: "cw-notices",
  deskClosed: "cw-desk-closed",
  deskReopens: "cw-desk-reopens",
  chat: "cw-chat",
  topicLine: "cw-topic-line",
  queue: "cw-queue",
  offlineQueue: "cw-offline-queue",
  agentLine: "cw-agent",
  log: "cw-log",
  connection: "cw-connection",
  agentPresence: "cw-agent-presence",
  typing: "cw-typing",
  chatAlert: "cw-chat-alert",
  composer: "cw-composer",
  message: "cw-message",
  sendButton: "cw-send",
  endButton: "cw-end",
  endConfirm: "cw-end-confirm",
  endYes: "cw-end-yes",
  endNo: "cw-end-no",
  closedPanel: "cw-closed",
  closedText: "cw-closed-text",
  survey: "cw-survey",
  surveyTitle: "cw-survey-title",
  surveyComment: "cw-survey-comment",
  surveyAlert: "cw-survey-alert",
  surveyThanks: "cw-survey-thanks",
  newChat: "cw-new",
  launcher: "cw-launcher", // floating only
  announce: "cw-announce", // floating only
};

const IN_PANEL = {
  body: ".cw-body",
  foot: ".cw-foot", // floating only
  minimise: ".cw-minimise", // floating only
  topicList: "[data-cw=topic-list]",
  topicLoading: "[data-cw=topics-loading]",
  topicIntro: "[data-cw=topics-intro]",
  topicRetry: "[data-cw=topics-retry]",
  composerActions: "[data-cw=composer-actions]",
  surveySend: "[data-cw=survey-send]",
};

/** {mount, slot, panel, …every part by name}, or null when the page has no chat widget. */
export function findElements(doc = globalThis.document) {
  const mount = doc.getElementById("chat-widget");
  const panel = doc.getElementById("cw-panel");
  if (!mount || !panel) return null;
  const el = { mount, panel, slot: doc.querySelector("[data-chat-widget-slot]") };
  Object.keys(BY_ID).forEach((name) => {
    el[name] = doc.getElementById(BY_ID[name]);
  });
  el.badge = el.launcher ? el.launcher.querySelector(".cw-launcher__badge") : null;
  Object.keys(IN_PANEL).forEach((name) => {
    el[name] = panel.querySelector(IN_PANEL[name]);
  });
  return el;
}
