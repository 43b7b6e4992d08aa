/*
 * Guichet chat widget, on every citizen page: a "Talk to an officer" button opens a panel where
 * the citizen picks a topic, waits in the queue (position and estimate shown live), talks with the
 * officer who joins, ends, and answers the end-of-chat survey. On /chat.html (and /en/chat.html)
 * the panel is open and large, inside the page ([data-chat-widget-slot]).
 *
 * Nothing is lost across drops, reloads and navigation between pages: the conversation id, resume
 * token, last message id and unacknowledged messages live in sessionStorage (keys starting with
 * "guichet", which the quick exit wipes); on each (re)connection the widget resumes and re-sends
 * what was not acknowledged with the same client_msg_id (the server deduplicates).
 *
 * Strings come from chat-widget-i18n.js (the page's language). Every text that comes from a person
 * or the server is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var config = window.GUICHET_CONFIG || { apiBase: "/api", wsUrl: null };
  var CONVERSATION_KEY = "guichet.chat.conversation";
  var PANEL_KEY = "guichet.chat.panel";
  var TYPING_THROTTLE_MS = 3000;
  var TYPING_SHOWN_MS = 6000;
  var CONNECTED_SHOWN_MS = 5000;
  var AGENT_BACK_SHOWN_MS = 6000;
  // The quick exit waits this long at most for the server to confirm the end of the chat.
  var QUICK_EXIT_END_WAIT_MS = 400;
  var AVAILABILITY_REFRESH_MS = 30000;
  var MAX_TEXT = 4000;
  var MAX_COMMENT = 1000;
  var CHAT_PATHS = ["/chat.html", "/en/chat.html"];
  var SURVEY_ERRORS = ["not_closed", "survey_already_answered", "invalid_field", "no_conversation"];

  var dictionaries = window.GuichetChatI18n || {};
  var lang = (document.documentElement.lang || "fr").slice(0, 2).toLowerCase();
  if (!dictionaries[lang]) lang = "fr";
  var strings = dictionaries[lang] || {};
  var fallback = dictionaries.fr || {};

  /** The string for a key in the page's language, with {placeholders} filled. */
  function t(key, params) {
    var value = strings[key] != null ? strings[key] : fallback[key] != null ? fallback[key] : key;
    return value.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return params && params[name] != null ? String(params[name]) : whole;
    });
  }

  var text = function (node, value) {
    node.textContent = value == null ? "" : String(value);
    return node;
  };

  /** An element with attributes ("text" sets textContent) and children (strings become text nodes). */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value == null || value === false) return;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name === "hidden") node.hidden = true;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child == null) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function timeOf(epochSeconds) {
    var date = epochSeconds ? new Date(epochSeconds * 1000) : new Date();
    return date.toLocaleTimeString(lang === "en" ? "en-GB" : "fr-FR", { hour: "2-digit", minute: "2-digit" });
  }

  var el = {};
  var socket = null;
  var pageMode = false;
  var leaving = false; // the quick exit started: nothing is written to storage any more
  var state;

  function freshState() {
    return {
      open: false,
      exited: false,
      topics: null,
      topicsLoading: false,
      topicId: null,
      suggestedTopic: null,
      focusSuggestion: false,
      answering: null,
      conversationId: null,
      resumeToken: null,
      status: null,
      waitUnknown: false,
      queueVersion: null,
      linkLost: false,
      connectedTimer: null,
      agentOffline: false,
      agentPresenceTimer: null,
      onClosed: null,
      agentName: null,
      startTopic: null,
      startId: null,
      ready: false,
      resumedOnce: false,
      closedShown: false,
      surveyInFlight: false,
      surveyDone: false,
      shown: {},
      pending: [],
      unread: 0,
      replayUpTo: null,
      lastTypingSentAt: 0,
      typingTimer: null,
      availabilityTimer: null,
      quietTimer: null,
      opener: null,
    };
  }

  // ---- storage (sessionStorage, keys starting with "guichet") ---------------------------------

  function readStore(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (ignored) {
      return null;
    }
  }

  function writeStore(key, value) {
    if (state.exited || leaving) return; // the quick exit wipes everything: never write again on this page
    try {
      if (value == null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (ignored) {
      /* private mode or full: the chat still works, only a reload would lose it */
    }
  }

  function loadConversation() {
    try {
      return JSON.parse(readStore(CONVERSATION_KEY) || "null");
    } catch (ignored) {
      return null;
    }
  }

  function saveConversation() {
    if (!state.conversationId) return;
    writeStore(
      CONVERSATION_KEY,
      JSON.stringify({
        conversation_id: state.conversationId,
        resume_token: state.resumeToken,
        last_message_id: watermark(),
        topic: state.topicId,
        unread: state.unread,
        closed: state.status === "closed",
        survey_done: state.surveyDone,
        pending: state.pending.map(function (p) {
          return { client_msg_id: p.id, text: p.text };
        }),
      })
    );
  }

  function clearConversation() {
    writeStore(CONVERSATION_KEY, null);
  }

  /** The last message id up to which every message is displayed (ids are a gap-free sequence). */
  function watermark() {
    var n = 0;
    while (state.shown[messageId(n + 1)]) n += 1;
    return n === 0 ? null : messageId(n);
  }

  function messageId(seq) {
    var s = String(seq);
    while (s.length < 10) s = "0" + s;
    return s;
  }

  // ---- building the widget ----------------------------------------------------------------------

  function emergencyBlock() {
    return h("div", { class: "chat__emergency cw-emergency" }, [
      h("p", {}, [
        h("strong", {}, [
          t("emergency_call"),
          h("a", { href: "tel:17", text: "17" }),
          t("emergency_or"),
          h("a", { href: "tel:112", text: "112" }),
          t("emergency_sms"),
          h("a", { href: "sms:114", text: "114" }),
          t("emergency_sms_who"),
        ]),
      ]),
      h("p", { text: t("emergency_note") }),
    ]);
  }

  function offlineBlock(id, introKey, withTitle) {
    var french = t("offline_french");
    function link(href, key) {
      var a = h("a", { href: href, text: t(key) + french });
      if (lang !== "fr") a.setAttribute("hreflang", "fr");
      return h("li", {}, [a]);
    }
    return h("div", { id: id, class: "cw-offline", hidden: true }, [
      withTitle ? h("h3", { class: "cw-offline__title", text: t("offline_title") }) : null,
      h("p", { text: t(introKey) }),
      h("ul", { class: "cw-offline__list" }, [
        h("li", {}, [emergencyLinks(t("offline_emergency"))]),
        link("/fiches/pre-plainte-en-ligne.html", "offline_preplainte"),
        link("/signaler.html", "offline_report"),
        link("/unites.html", "offline_units"),
        link("/fiches/", "offline_sheets"),
      ]),
    ]);
  }

  /** A sentence whose emergency numbers become tel:/sms: links. */
  function emergencyLinks(sentence) {
    var span = h("span");
    sentence.split(/(17|112|114)/).forEach(function (part) {
      if (part === "17" || part === "112") span.appendChild(h("a", { href: "tel:" + part, text: part }));
      else if (part === "114") span.appendChild(h("a", { href: "sms:114", text: part }));
      else if (part) span.appendChild(document.createTextNode(part));
    });
    return span;
  }

  function radio(name, value, label) {
    return h("label", { class: "choice" }, [h("input", { type: "radio", name: name, value: value }), label]);
  }

  function yesNo(name, legendKey) {
    return h("fieldset", { class: "cw-question" }, [
      h("legend", { text: t(legendKey) }),
      radio(name, "yes", t("yes")),
      radio(name, "no", t("no")),
    ]);
  }

  function build(mount, slot) {
    var panelChildren = [];
    var head = h("div", { class: "cw-head" }, [
      (el.title = h("h2", { id: "cw-title", class: "cw-title", tabindex: "-1", text: t(slot ? "panel_title_page" : "panel_title") })),
      h("div", { class: "cw-head__actions" }, [
        // On a phone the panel covers the page's header: it carries its own quick exit (the page's is visible on chat.html).
        slot
          ? null
          : h("button", { type: "button", class: "cw-exit", "data-quick-exit": true, title: t("quick_exit_hint"), text: t("quick_exit") }),
        slot
          ? null
          : (el.minimise = h("button", {
              type: "button",
              class: "cw-minimise",
              "aria-label": t("minimise_label"),
              text: t("minimise"),
            })),
      ]),
    ]);
    panelChildren.push(head);

    el.topicList = h("ul", { class: "topic-list cw-topic-list" });
    el.topicLoading = h("p", { class: "hint", text: t("topics_loading") });
    el.topicRetry = h("button", { type: "button", class: "button button--secondary", hidden: true, text: t("topics_retry") });
    el.offlineTopics = offlineBlock("cw-offline-topics", "offline_wait", true);
    el.topicStep = h("section", { id: "cw-topics", class: "cw-topics", "aria-labelledby": "cw-topics-title" }, [
      h("h3", { id: "cw-topics-title", class: "cw-subtitle", text: t("topics_title") }),
      el.offlineTopics,
      h("p", { class: "cw-intro", text: t("topics_intro") }),
      el.topicLoading,
      el.topicList,
      el.topicRetry,
    ]);

    el.connection = h("p", { id: "cw-connection", class: "connection cw-link", role: "status", "aria-atomic": "true" });
    el.agentPresence = h("p", { id: "cw-agent-presence", class: "cw-notice", role: "status", "aria-atomic": "true" });
    el.topicLine = h("p", { id: "cw-topic-line", class: "chat__topic" });
    el.queue = h("p", { id: "cw-queue", class: "queue", role: "status" });
    el.offlineQueue = offlineBlock("cw-offline-queue", "offline_wait_queued", false);
    el.agentLine = h("p", { id: "cw-agent", class: "agent-line", hidden: true });
    el.log = h("div", {
      id: "cw-log",
      class: "cw-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": t("log_label"),
      tabindex: "0",
    });
    el.typing = h("p", { id: "cw-typing", class: "typing", "aria-live": "polite", "aria-atomic": "true" });
    el.chatAlert = h("div", { id: "cw-chat-alert", class: "alert", role: "alert" });
    el.message = h("textarea", {
      id: "cw-message",
      name: "message",
      rows: "3",
      maxlength: String(MAX_TEXT),
      "aria-describedby": "cw-message-hint",
      disabled: true,
    });
    el.sendButton = h("button", { type: "submit", id: "cw-send", class: "button", disabled: true, text: t("send") });
    el.endButton = h("button", {
      type: "button",
      id: "cw-end",
      class: "button button--secondary",
      disabled: true,
      text: t("end"),
    });
    // "Terminer" asks first, inside the widget: one tap next to "Envoyer" must not end the chat.
    el.endYes = h("button", { type: "button", id: "cw-end-yes", class: "button button--danger", text: t("end_confirm_yes") });
    el.endNo = h("button", { type: "button", id: "cw-end-no", class: "button button--secondary", text: t("end_confirm_no") });
    el.endConfirm = h(
      "div",
      { id: "cw-end-confirm", class: "cw-confirm", role: "group", "aria-labelledby": "cw-end-question", hidden: true },
      [h("p", { id: "cw-end-question", class: "cw-confirm__question", text: t("end_confirm_question") }), h("div", { class: "actions" }, [el.endYes, el.endNo])]
    );
    el.composerActions = h("div", { class: "actions" }, [el.sendButton, el.endButton]);
    el.composer = h("form", { id: "cw-composer", class: "cw-composer", novalidate: true }, [
      h("label", { for: "cw-message", class: "label", text: t("message_label") }),
      el.message,
      h("p", { id: "cw-message-hint", class: "hint", text: t("message_hint") }),
      el.composerActions,
      el.endConfirm,
    ]);

    el.surveyAlert = h("div", { id: "cw-survey-alert", class: "alert", role: "alert" });
    el.surveyComment = h("textarea", {
      id: "cw-survey-comment",
      name: "comment",
      rows: "3",
      maxlength: String(MAX_COMMENT),
      "aria-describedby": "cw-survey-comment-hint",
    });
    el.surveySend = h("button", { type: "submit", class: "button", text: t("survey_send") });
    el.surveyTitle = h("h3", { id: "cw-survey-title", class: "cw-subtitle", tabindex: "-1", text: t("survey_title") });
    el.survey = h("form", { id: "cw-survey", class: "cw-survey", novalidate: true, "aria-labelledby": "cw-survey-title" }, [
      el.surveyTitle,
      yesNo("cw-found", "survey_found"),
      yesNo("cw-understood", "survey_understood"),
      h("fieldset", { class: "cw-question cw-rating" }, [
        h("legend", { text: t("survey_rating") }),
        radio("cw-rating", "1", t("rating_1")),
        radio("cw-rating", "2", t("rating_2")),
        radio("cw-rating", "3", t("rating_3")),
        radio("cw-rating", "4", t("rating_4")),
        radio("cw-rating", "5", t("rating_5")),
      ]),
      h("label", { for: "cw-survey-comment", class: "label", text: t("survey_comment") }),
      el.surveyComment,
      h("p", { id: "cw-survey-comment-hint", class: "hint", text: t("survey_comment_hint") }),
      el.surveyAlert,
      h("div", { class: "actions" }, [el.surveySend]),
    ]);
    el.surveyThanks = h("p", { id: "cw-survey-thanks", class: "cw-thanks", role: "status" });
    el.closedText = h("p", { id: "cw-closed-text", class: "cw-closed-text" });
    el.newChat = h("button", { type: "button", id: "cw-new", class: "button button--secondary", text: t("new_chat") });
    el.closedPanel = h("div", { id: "cw-closed", class: "closed-panel cw-closed", hidden: true }, [
      el.closedText,
      el.survey,
      el.surveyThanks,
      h("div", { class: "actions" }, [el.newChat]),
    ]);

    // Floating, the message box stays at the bottom of the panel while the rest scrolls; in the page, it follows the log.
    // The connection and the officer's presence sit by the message box, always in sight.
    var composing = [el.connection, el.agentPresence, el.typing, el.chatAlert, el.composer];
    el.chat = h(
      "div",
      { id: "cw-chat", class: "cw-chat", hidden: true },
      [el.topicLine, el.queue, el.offlineQueue, el.agentLine, el.log]
        .concat(slot ? composing : [])
        .concat([el.closedPanel])
    );
    el.foot = slot ? null : h("div", { class: "cw-foot", hidden: true }, composing);

    el.pageAlert = h("div", { id: "cw-page-alert", class: "alert", role: "alert" });
    el.body = h("div", { class: "cw-body" }, [
      emergencyBlock(),
      h("p", { class: "privacy cw-privacy", text: t("privacy") }),
      h("p", { id: "cw-exit-limits", class: "cw-privacy cw-exit-limits", text: t("quick_exit_limits") }),
      el.pageAlert,
      el.topicStep,
      el.chat,
    ]);
    panelChildren.push(el.body);
    if (el.foot) panelChildren.push(el.foot);

    el.panel = h(
      "section",
      { id: "cw-panel", class: "cw-panel" + (slot ? " cw-panel--page" : ""), "aria-labelledby": "cw-title", hidden: !slot },
      panelChildren
    );

    mount.classList.add("cw");
    if (slot) {
      mount.classList.add("cw--page");
      slot.appendChild(el.panel);
    } else {
      el.badge = h("span", { class: "cw-launcher__badge", hidden: true });
      el.launcher = h(
        "button",
        { type: "button", id: "cw-launcher", class: "cw-launcher", "aria-expanded": "false", "aria-controls": "cw-panel" },
        [h("span", { class: "cw-launcher__label", text: t("launcher") }), el.badge]
      );
      el.announce = h("p", { id: "cw-announce", class: "visually-hidden", role: "status" });
      mount.appendChild(el.launcher);
      mount.appendChild(el.announce);
      mount.appendChild(el.panel);
      document.documentElement.classList.add("cw-has-launcher");
    }
  }

  // ---- panel: open, collapse, launcher --------------------------------------------------------

  function isVisible(node) {
    return !!node && document.contains(node) && !!(node.offsetWidth || node.offsetHeight || node.getClientRects().length);
  }

  /** options: focus (move focus inside), topic (preselect it), opener (gets focus back on collapse). */
  function openPanel(options) {
    options = options || {};
    if (state.exited) return;
    if (!pageMode) {
      if (options.opener) state.opener = options.opener;
      el.panel.hidden = false;
      el.launcher.hidden = true;
      el.launcher.setAttribute("aria-expanded", "true");
      writeStore(PANEL_KEY, "open");
    }
    state.open = true;
    state.unread = 0;
    updateLauncher();
    saveConversation();
    if (!hasConversation()) {
      loadTopics();
      refreshAvailability();
    } else {
      if (!state.topics) loadTopics(); // for the topic's label
      if (!socket && state.conversationId && !state.closedShown) ensureSocket(); // a closed one's history
    }
    if (options.topic && !hasConversation()) suggestTopic(options.topic);
    if (options.focus) focusInside();
    if (hasConversation()) scrollBodyToEnd();
    else scrollPanelTop();
  }

  function collapsePanel() {
    if (pageMode || el.panel.hidden) return;
    el.panel.hidden = true;
    el.launcher.hidden = false;
    el.launcher.setAttribute("aria-expanded", "false");
    writeStore(PANEL_KEY, "closed");
    state.open = false;
    stopAvailabilityRefresh();
    updateLauncher();
    var back = isVisible(state.opener) ? state.opener : el.launcher;
    state.opener = null;
    back.focus();
  }

  function scrollPanelTop() {
    if (!pageMode) el.body.scrollTop = 0;
  }

  /** Where focus goes when the panel opens: the message box in a conversation, else the suggested topic or the title. */
  function focusInside() {
    if (hasConversation() && !el.composer.hidden && !el.message.disabled) {
      el.message.focus();
      return;
    }
    var suggested = topicButton(state.suggestedTopic);
    if (suggested) {
      suggested.focus();
      return;
    }
    // Topics not loaded yet: the suggested one takes focus when it appears, unless the citizen moved on.
    state.focusSuggestion = !!state.suggestedTopic && !state.topics;
    el.title.focus();
  }

  function topicButton(topicId) {
    if (!topicId) return null;
    return (
      Array.prototype.filter.call(el.topicList.querySelectorAll("[data-topic]"), function (button) {
        return button.getAttribute("data-topic") === topicId;
      })[0] || null
    );
  }

  function hasConversation() {
    return !!(state.conversationId || state.startTopic);
  }

  function updateLauncher() {
    if (pageMode) return;
    var active = hasConversation() && state.status !== "closed";
    var label = "";
    if (state.unread === 1) label = t("launcher_unread_one");
    else if (state.unread > 1) label = t("launcher_unread_many", { n: state.unread });
    else if (active) label = t("launcher_ongoing");
    text(el.badge, label);
    el.badge.hidden = !label;
    el.launcher.classList.toggle("cw-launcher--active", active || state.unread > 0);
    // Where the page column leaves no room, the launcher only floats during a conversation; the page then keeps room for it.
    document.documentElement.classList.toggle("cw-chat-ongoing", active || state.unread > 0);
  }

  /** Said politely when the panel is collapsed (its own live regions are hidden then). */
  function announce(message) {
    if (pageMode || state.open || !el.announce) return;
    text(el.announce, "");
    window.setTimeout(function () {
      text(el.announce, message);
    }, 50);
  }

  // ---- topics and availability -------------------------------------------------------------------

  function topicLabel(id) {
    var topic = state.topics && state.topics[id];
    if (!topic) return id || "";
    return lang === "en" && topic.label_en ? topic.label_en : topic.label;
  }

  function loadTopics() {
    if (state.topics || state.topicsLoading) return;
    state.topicsLoading = true;
    el.topicLoading.hidden = false;
    el.topicRetry.hidden = true;
    text(el.pageAlert, "");
    fetch(config.apiBase + "/topics", { headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.json();
      })
      .then(function (data) {
        state.topicsLoading = false;
        state.topics = {};
        el.topicList.replaceChildren();
        data.topics.forEach(function (topic) {
          state.topics[topic.id] = topic;
          var button = h("button", { type: "button", class: "topic-button", "data-topic": topic.id }, [
            h("span", { class: "topic-button__label", text: topicLabel(topic.id) }),
          ]);
          button.addEventListener("click", function () {
            startChat(topic.id);
          });
          el.topicList.appendChild(h("li", {}, [button]));
        });
        el.topicLoading.hidden = true;
        showTopicLine();
        markSuggestion();
      })
      .catch(function () {
        state.topicsLoading = false;
        el.topicLoading.hidden = true;
        el.topicRetry.hidden = false;
        text(el.pageAlert, t("topics_error"));
      });
  }

  function suggestTopic(topicId) {
    state.suggestedTopic = topicId;
    markSuggestion();
  }

  function markSuggestion() {
    Array.prototype.forEach.call(el.topicList.querySelectorAll("[data-topic]"), function (button) {
      var suggested = button.getAttribute("data-topic") === state.suggestedTopic;
      button.classList.toggle("topic-button--suggested", suggested);
      var tag = button.querySelector(".topic-button__tag");
      if (suggested && !tag) button.appendChild(h("span", { class: "topic-button__tag", text: t("topic_suggested") }));
      if (!suggested && tag) tag.remove();
      if (suggested && state.focusSuggestion && document.activeElement === el.title) button.focus();
    });
    state.focusSuggestion = false;
  }

  function refreshAvailability() {
    stopAvailabilityRefresh();
    fetch(config.apiBase + "/availability", { headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.json();
      })
      .then(function (data) {
        state.answering = !!data.answering;
      })
      .catch(function () {
        state.answering = null; // unknown: say nothing rather than something wrong
      })
      .then(function () {
        showOffline();
        if ((state.open || pageMode) && !hasConversation() && !state.exited) {
          state.availabilityTimer = window.setTimeout(refreshAvailability, AVAILABILITY_REFRESH_MS);
        }
      });
  }

  function stopAvailabilityRefresh() {
    window.clearTimeout(state.availabilityTimer);
    state.availabilityTimer = null;
  }

  function showOffline() {
    el.offlineTopics.hidden = state.answering !== false;
    el.offlineQueue.hidden = !(state.status === "waiting" && state.waitUnknown);
  }

  // ---- rendering the conversation --------------------------------------------------------------

  function showView(view) {
    el.topicStep.hidden = view !== "topics";
    el.chat.hidden = view === "topics";
    if (el.foot) el.foot.hidden = view === "topics";
    el.chat.classList.remove("cw-chat--closed");
  }

  /** Floating panel in a conversation: show its latest part (the emergency numbers stay a scroll away). */
  function scrollBodyToEnd() {
    if (!pageMode) el.body.scrollTop = el.body.scrollHeight;
  }

  function authorName(author) {
    if (author === "citizen") return t("you");
    if (author === "agent") return state.agentName || t("agent_fallback");
    return t("system_author");
  }

  function messageNode(author, body, sentAt) {
    return h("div", { class: "msg msg--" + author }, [
      h("p", { class: "msg__meta" }, [
        h("span", { class: "msg__author", text: authorName(author) }),
        " ",
        h("span", { class: "msg__time", text: timeOf(sentAt) }),
      ]),
      h("p", { class: "msg__text", text: body }),
    ]);
  }

  function scrollLog() {
    el.log.scrollTop = el.log.scrollHeight;
  }

  /**
   * A new page replays the whole conversation: screen readers should not read it all out again.
   * The log stays quiet while the replay streams in, and speaks again once it has settled.
   */
  function quietLog() {
    window.clearTimeout(state.quietTimer);
    el.log.setAttribute("aria-live", "off");
  }

  function settleLog() {
    window.clearTimeout(state.quietTimer);
    state.quietTimer = window.setTimeout(function () {
      el.log.setAttribute("aria-live", "polite");
    }, 600);
  }

  /** Insert a stored message in id order, unless it is already displayed. */
  function showMessage(frame) {
    if (!frame.message_id || state.shown[frame.message_id]) return;
    if (el.log.getAttribute("aria-live") === "off") settleLog();
    state.shown[frame.message_id] = true;
    var node = messageNode(frame.author, frame.text, frame.sent_at);
    node.setAttribute("data-message-id", frame.message_id);
    var later = null;
    Array.prototype.some.call(el.log.children, function (child) {
      var id = child.getAttribute("data-message-id");
      if (id && id > frame.message_id) {
        later = child;
        return true;
      }
      return false;
    });
    // Unacknowledged messages of this page stay last: they will be stored after what is shown.
    el.log.insertBefore(node, later || el.log.querySelector(".msg--pending"));
    if (frame.author === "agent") {
      hideTyping();
      if (state.agentOffline && state.resumedOnce) showAgentPresence(true);
      if (!state.open && !pageMode && (!state.replayUpTo || frame.message_id > state.replayUpTo)) {
        state.unread += 1;
        updateLauncher();
        announce(t("announce_message", { name: authorName("agent") }));
      }
    }
    scrollLog();
  }

  function showSystemLine(value) {
    el.log.appendChild(h("p", { class: "msg msg--system", text: value }));
    scrollLog();
  }

  function pendingNode(body) {
    var node = messageNode("citizen", body, null);
    node.classList.add("msg--pending");
    node.appendChild(h("p", { class: "msg__state", text: t("sending") }));
    el.log.appendChild(node);
    scrollLog();
    return node;
  }

  function markSent(node, frame) {
    node.classList.remove("msg--pending");
    node.setAttribute("data-message-id", frame.message_id);
    var stateLine = node.querySelector(".msg__state");
    if (stateLine) stateLine.remove();
    var time = node.querySelector(".msg__time");
    if (time) text(time, timeOf(frame.sent_at));
  }

  function markFailed(node) {
    node.classList.remove("msg--pending");
    node.classList.add("msg--failed");
    var stateLine = node.querySelector(".msg__state");
    if (stateLine) text(stateLine, t("not_sent"));
  }

  function setConnection(value, kind) {
    window.clearTimeout(state.connectedTimer);
    if (el.connection.textContent !== value) text(el.connection, value); // the same words are not said twice
    el.connection.className = "connection cw-link connection--" + kind;
  }

  /** The officer's console dropped (online false) or came back; the conversation stays theirs meanwhile. */
  function showAgentPresence(online) {
    window.clearTimeout(state.agentPresenceTimer);
    var name = authorName("agent");
    if (!online) {
      hideTyping();
      state.agentOffline = true;
      text(el.agentPresence, t("agent_offline", { name: name }));
      el.agentPresence.className = "cw-notice cw-notice--warn";
      announce(t("agent_offline", { name: name }));
      return;
    }
    if (!state.agentOffline) return;
    state.agentOffline = false;
    text(el.agentPresence, t("agent_back", { name: name }));
    el.agentPresence.className = "cw-notice cw-notice--ok";
    announce(t("agent_back", { name: name }));
    state.agentPresenceTimer = window.setTimeout(clearAgentPresence, AGENT_BACK_SHOWN_MS);
  }

  function clearAgentPresence() {
    window.clearTimeout(state.agentPresenceTimer);
    state.agentOffline = false;
    if (el.agentPresence.textContent) text(el.agentPresence, "");
    el.agentPresence.className = "cw-notice";
  }

  /**
   * Queue frames (queued, queue, resumed) carry a version: one older than the newest seen is stale
   * (frames can overtake each other) and its position and estimate are dropped.
   */
  function freshQueueState(frame) {
    if (typeof frame.version !== "number") return true; // a server without versions
    if (state.queueVersion != null && frame.version < state.queueVersion) return false;
    state.queueVersion = frame.version;
    return true;
  }

  function showQueue(position, waitS) {
    if (state.status !== "waiting") {
      text(el.queue, "");
      state.waitUnknown = false;
      showOffline();
      return;
    }
    var where = t("queue_position", { n: position });
    state.waitUnknown = waitS == null;
    var value;
    if (state.waitUnknown) value = t("queue_no_officer", { where: where });
    else if (waitS <= 0) value = t("queue_now", { where: where }); // an officer's slot is free
    else value = t("queue_wait", { where: where, min: Math.max(1, Math.ceil(waitS / 60)) });
    if (el.queue.textContent !== value) text(el.queue, value);
    showOffline();
  }

  function showAgent(name) {
    state.agentName = name;
    state.waitUnknown = false;
    text(el.queue, "");
    showOffline();
    text(el.agentLine, t("agent_line", { name: name }));
    el.agentLine.hidden = false;
  }

  function showTopicLine() {
    var label = state.topicId ? topicLabel(state.topicId) : "";
    text(el.topicLine, label ? t("topic_line", { topic: label }) : "");
  }

  function setComposerEnabled(enabled) {
    el.message.disabled = !enabled;
    el.sendButton.disabled = !enabled;
    el.endButton.disabled = !enabled;
  }

  function showTyping() {
    var value = t("typing", { name: authorName("agent") });
    if (el.typing.textContent !== value) text(el.typing, value);
    window.clearTimeout(state.typingTimer);
    state.typingTimer = window.setTimeout(hideTyping, TYPING_SHOWN_MS);
  }

  function hideTyping() {
    window.clearTimeout(state.typingTimer);
    if (el.typing.textContent) text(el.typing, "");
  }

  function showClosed(by) {
    var why = t("closed_" + (by === "agent" || by === "citizen" ? by : "system"));
    var focusWasInComposer = el.composer.contains(document.activeElement);
    setComposerEnabled(false);
    el.composer.hidden = true;
    el.chat.classList.add("cw-chat--closed");
    showSystemLine(t("closed_line", { why: why }));
    text(el.closedText, t("closed_thanks", { why: why }));
    el.closedPanel.hidden = false;
    el.survey.hidden = state.surveyDone;
    announce(t("closed_line", { why: why }));
    // The message box just disappeared under the citizen's focus: give focus a sensible place.
    if (focusWasInComposer && state.open) el.surveyTitle.focus();
  }

  // ---- protocol ---------------------------------------------------------------------------------

  function send(frame) {
    return !!socket && socket.send(frame);
  }

  /** A send or typing frame names its conversation once the widget knows it (the server checks it). */
  function withConversation(frame) {
    if (state.conversationId) frame.conversation_id = state.conversationId;
    return frame;
  }

  function flushPending() {
    if (!state.ready || state.status === "closed") return;
    state.pending.forEach(function (p) {
      send(withConversation({ action: "send", client_msg_id: p.id, text: p.text }));
    });
  }

  function onOpen() {
    state.ready = false;
    var wasLost = state.linkLost;
    state.linkLost = false;
    setConnection(t("connected"), "ok");
    // "Connecté" is said once the link is back, then the line empties (no permanent noise).
    state.connectedTimer = window.setTimeout(function () {
      if (!state.linkLost) setConnection("", "off");
    }, wasLost ? CONNECTED_SHOWN_MS : CONNECTED_SHOWN_MS / 2);
    if (state.conversationId) {
      // A fresh page shows nothing yet: ask for every message; a reconnection asks for what it missed.
      send({
        action: "resume",
        conversation_id: state.conversationId,
        resume_token: state.resumeToken,
        after: state.resumedOnce ? watermark() : null,
      });
    } else if (state.startTopic) {
      // The same start_id on every try: if an answer was lost, the server finds the same conversation.
      send({ action: "start", topic: state.startTopic, lang: lang, start_id: state.startId });
    }
  }

  function onStatus(status) {
    if (status === "open") return;
    state.ready = false;
    if (status === "connecting") setConnection(t("connecting"), "wait");
    else if (status === "reconnecting") {
      state.linkLost = true;
      hideTyping(); // nobody knows while the link is down
      setConnection(t("reconnecting") + " " + t("link_lost_hint"), "lost");
    } else setConnection("", "off");
  }

  var handlers = {
    queued: function (f) {
      if (!state.startTopic && !state.conversationId) {
        send({ action: "end" }); // the citizen cancelled before the conversation existed
        stopSocket();
        return;
      }
      state.conversationId = f.conversation_id;
      state.resumeToken = f.resume_token;
      state.status = "waiting";
      state.startTopic = null;
      state.ready = true;
      state.resumedOnce = true;
      saveConversation();
      setComposerEnabled(true);
      if (freshQueueState(f)) showQueue(f.position, f.estimated_wait_s);
      updateLauncher();
      flushPending();
    },
    queue: function (f) {
      if (f.conversation_id === state.conversationId && state.status === "waiting" && freshQueueState(f)) {
        showQueue(f.position, f.estimated_wait_s);
      }
    },
    agent_joined: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      state.status = "assigned";
      var name = (f.agent && f.agent.display_name) || t("agent_fallback");
      showAgent(name);
      showSystemLine(t("agent_joined", { name: name }));
      announce(t("agent_joined", { name: name }));
      scrollBodyToEnd();
    },
    resumed: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      var first = !state.resumedOnce;
      state.status = f.status;
      state.ready = true;
      state.resumedOnce = true;
      state.topicId = f.topic || state.topicId;
      showTopicLine();
      if (f.agent && f.agent.display_name) showAgent(f.agent.display_name);
      if (f.status !== "waiting") showQueue(null, null);
      else if (freshQueueState(f)) showQueue(f.position, f.estimated_wait_s);
      if (f.status !== "closed") {
        setComposerEnabled(true);
        flushPending();
      }
      saveConversation();
      if (first) {
        window.setTimeout(scrollBodyToEnd, 0); // after the replayed messages
        if (el.log.getAttribute("aria-live") === "off") settleLog();
      }
    },
    message: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      showMessage(f);
      saveConversation();
    },
    ack: function (f) {
      var index = findPending(f.client_msg_id);
      if (index < 0) return;
      var pending = state.pending.splice(index, 1)[0];
      if (state.shown[f.message_id]) {
        pending.node.remove(); // the replay after a resume already showed it
      } else {
        state.shown[f.message_id] = true;
        markSent(pending.node, f);
      }
      saveConversation();
    },
    typing: function (f) {
      if (f.conversation_id === state.conversationId && f.author === "agent" && state.status !== "closed") showTyping();
    },
    agent_presence: function (f) {
      if (f.conversation_id !== state.conversationId || state.status === "closed") return;
      showAgentPresence(f.online === true);
    },
    closed: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      state.status = "closed";
      hideTyping();
      clearAgentPresence();
      hideEndConfirm(false);
      if (state.onClosed) {
        var leave = state.onClosed; // the quick exit waits for this close
        state.onClosed = null;
        leave();
      }
      showQueue(null, null);
      state.pending.splice(0).forEach(function (p) {
        markFailed(p.node);
      });
      saveConversation();
      updateLauncher();
      if (state.closedShown) return; // a resume replays the close: show it once
      state.closedShown = true;
      showClosed(f.by);
      if (state.surveyDone) stopSocket(); // only the history was needed: it is shown
    },
    survey_saved: function (f) {
      if (f.conversation_id && f.conversation_id !== state.conversationId) return;
      surveyFinished(t("survey_thanks"));
    },
    error: function (f) {
      if (f.code === "invalid_resume_token") {
        resetToTopics(t("error_resume"), false);
        return;
      }
      if (f.code === "unknown_connection" && socket) {
        socket.stop();
        socket.start();
        return;
      }
      if (state.surveyInFlight && !f.client_msg_id && SURVEY_ERRORS.indexOf(f.code) >= 0) {
        state.surveyInFlight = false;
        el.surveySend.disabled = false;
        if (f.code === "survey_already_answered") surveyFinished(t("survey_already"));
        else text(el.surveyAlert, t("survey_error"));
        return;
      }
      if (f.client_msg_id) {
        var index = findPending(f.client_msg_id);
        if (index >= 0) {
          markFailed(state.pending.splice(index, 1)[0].node);
          saveConversation();
        }
      }
      var key = "error_" + f.code;
      text(el.chatAlert, strings[key] || fallback[key] ? t(key) : t("error_generic"));
    },
  };

  function onFrame(frame) {
    var handler = frame && handlers[frame.type];
    if (handler && !state.exited) handler(frame);
  }

  function findPending(clientMsgId) {
    for (var i = 0; i < state.pending.length; i += 1) {
      if (state.pending[i].id === clientMsgId) return i;
    }
    return -1;
  }

  function ensureSocket() {
    if (socket) {
      if (socket.isOpen()) onOpen();
      return;
    }
    socket = new window.GuichetWs.ReconnectingSocket({
      url: function () {
        return window.GuichetWs.socketUrl(config);
      },
      onOpen: onOpen,
      onFrame: onFrame,
      onStatus: onStatus,
    });
    socket.start();
  }

  function stopSocket() {
    var current = socket;
    socket = null;
    state.ready = false;
    if (current) current.stop();
  }

  // ---- what the citizen does ----------------------------------------------------------------------

  function newStartId() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function startChat(topicId) {
    text(el.pageAlert, "");
    text(el.chatAlert, "");
    stopAvailabilityRefresh();
    state.startTopic = topicId;
    state.startId = newStartId();
    state.topicId = topicId;
    state.status = null;
    state.suggestedTopic = null;
    markSuggestion();
    showView("chat");
    showTopicLine();
    text(el.queue, t("connecting_chat"));
    // The citizen may write at once: messages wait as "sending…" until the conversation exists.
    el.composer.hidden = false;
    setComposerEnabled(true);
    writeStore(PANEL_KEY, "open"); // the conversation follows the citizen from page to page
    updateLauncher();
    ensureSocket();
    scrollBodyToEnd();
    el.message.focus();
  }

  function submitMessage(event) {
    event.preventDefault();
    text(el.chatAlert, "");
    var body = el.message.value;
    if (!body.trim()) {
      text(el.chatAlert, t("empty_message"));
      return;
    }
    if (body.length > MAX_TEXT) {
      text(el.chatAlert, t("error_text_too_long"));
      return;
    }
    var pending = { id: window.GuichetWs.newId(), text: body, node: pendingNode(body) };
    state.pending.push(pending);
    saveConversation();
    el.message.value = "";
    scrollBodyToEnd();
    if (state.ready) send(withConversation({ action: "send", client_msg_id: pending.id, text: body }));
  }

  function onComposerKey(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      el.composer.requestSubmit();
    }
  }

  function onComposerInput() {
    var now = Date.now();
    if (state.status !== "assigned" || !state.ready || now - state.lastTypingSentAt < TYPING_THROTTLE_MS) return;
    state.lastTypingSentAt = now;
    send(withConversation({ action: "typing" }));
  }

  /** "Terminer": ask first, in place of the buttons; focus goes to the confirmation. */
  function askEndChat() {
    text(el.chatAlert, "");
    el.composerActions.hidden = true;
    el.endConfirm.hidden = false;
    el.endYes.focus();
  }

  /** Leave the confirmation; back to "Terminer" when asked (cancel), else focus stays where the caller puts it. */
  function hideEndConfirm(focusEnd) {
    if (el.endConfirm.hidden) return;
    var focusWasInside = el.endConfirm.contains(document.activeElement);
    el.endConfirm.hidden = true;
    el.composerActions.hidden = false;
    if (focusEnd || focusWasInside) el.endButton.focus();
  }

  function onEndConfirmKey(event) {
    if (event.key === "Escape" && !event.isComposing) {
      event.preventDefault();
      event.stopPropagation(); // Escape cancels the question, it does not collapse the panel
      hideEndConfirm(true);
    }
  }

  function endChat() {
    hideEndConfirm(true);
    text(el.chatAlert, "");
    if (!state.conversationId) {
      resetToTopics("", true);
      return;
    }
    if (!send({ action: "end" })) text(el.chatAlert, t("end_offline"));
  }

  /**
   * The quick exit is leaving: end an open chat (the citizen chose to leave no conversation behind)
   * and give the exit a promise that settles when the server's "closed" arrives.
   */
  function endForQuickExit() {
    leaving = true;
    if (!state.conversationId || state.status === "closed" || !state.ready) return null;
    if (!send({ action: "end" })) return null;
    return new Promise(function (resolve) {
      state.onClosed = resolve;
    });
  }

  function checkedValue(name) {
    var checked = el.survey.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function submitSurvey(event) {
    event.preventDefault();
    text(el.surveyAlert, "");
    var names = ["cw-found", "cw-understood", "cw-rating"];
    var missing = names.filter(function (name) {
      return !checkedValue(name);
    });
    if (missing.length) {
      text(el.surveyAlert, t("survey_missing"));
      el.survey.querySelector('input[name="' + missing[0] + '"]').focus();
      return;
    }
    var frame = {
      action: "survey",
      found_easily: checkedValue("cw-found") === "yes",
      understood: checkedValue("cw-understood") === "yes",
      rating: parseInt(checkedValue("cw-rating"), 10),
    };
    var comment = el.surveyComment.value.trim().slice(0, MAX_COMMENT);
    if (comment) frame.comment = comment;
    if (!state.ready || !send(frame)) {
      text(el.surveyAlert, t("survey_offline"));
      return;
    }
    state.surveyInFlight = true;
    el.surveySend.disabled = true;
  }

  /** The survey is answered: thank the citizen and close the socket (the history stays until a new conversation). */
  function surveyFinished(message) {
    var focusWasInSurvey = el.survey.contains(document.activeElement);
    state.surveyInFlight = false;
    state.surveyDone = true;
    el.survey.hidden = true;
    el.surveySend.disabled = false;
    text(el.surveyThanks, message);
    saveConversation();
    stopSocket();
    if (focusWasInSurvey) el.newChat.focus();
  }

  /** Back to the topic choice, forgetting the conversation (after it closed, or when it is gone). */
  function resetToTopics(message, moveFocus) {
    clearConversation();
    var cancelling = !!state.startTopic && !state.conversationId;
    if (!cancelling) stopSocket(); // a start in flight keeps its socket: its "queued" gets an "end"
    hideTyping();
    stopAvailabilityRefresh();
    window.clearTimeout(state.quietTimer);
    window.clearTimeout(state.connectedTimer);
    clearAgentPresence();
    hideEndConfirm(false);
    var keep = { topics: state.topics, open: state.open, opener: state.opener };
    state = freshState();
    state.topics = keep.topics;
    state.open = keep.open;
    state.opener = keep.opener;
    el.log.replaceChildren();
    el.log.setAttribute("aria-live", "polite");
    [el.queue, el.topicLine, el.agentLine, el.chatAlert, el.surveyAlert, el.surveyThanks, el.closedText].forEach(function (node) {
      text(node, "");
    });
    el.agentLine.hidden = true;
    el.closedPanel.hidden = true;
    el.survey.reset();
    el.survey.hidden = false;
    el.composer.hidden = false;
    setComposerEnabled(false);
    setConnection("", "off");
    showOffline();
    showView("topics");
    text(el.pageAlert, message || "");
    updateLauncher();
    if (!state.topics) loadTopics();
    if (state.open || pageMode) refreshAvailability();
    scrollPanelTop();
    if (moveFocus) {
      var first = el.topicList.querySelector("button");
      (first || el.title).focus();
    }
  }

  /** The quick exit wiped the storage and is leaving: close the socket and forget everything here. */
  function onQuickExit() {
    stopSocket();
    stopAvailabilityRefresh();
    window.clearTimeout(state.typingTimer);
    state = freshState();
    state.exited = true;
    el.log.replaceChildren();
    el.message.value = "";
    el.surveyComment.value = "";
    if (!pageMode) {
      el.panel.hidden = true;
      el.launcher.hidden = false;
    }
  }

  // ---- triggers: data-open-chat, links to the chat page, #chat ------------------------------------

  function chatLink(target) {
    var link = target.closest ? target.closest("a[href]") : null;
    if (!link) return null;
    var url;
    try {
      url = new URL(link.href, window.location.href);
    } catch (ignored) {
      return null;
    }
    if (url.origin !== window.location.origin || CHAT_PATHS.indexOf(url.pathname) < 0 || url.hash) return null;
    return link;
  }

  function onDocumentClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (!target || !target.closest) return;
    var trigger = target.closest("[data-open-chat]") || chatLink(target);
    if (!trigger || el.panel.contains(trigger)) return;
    event.preventDefault();
    openPanel({ focus: true, topic: trigger.getAttribute("data-open-chat") || null, opener: trigger });
  }

  function fromHash() {
    var match = /^#chat(?:=([a-z-]+))?$/.exec(window.location.hash || "");
    if (!match) return;
    openPanel({ focus: true, topic: match[1] || null });
    try {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    } catch (ignored) {
      /* the hash stays: harmless */
    }
  }

  // ---- start ----------------------------------------------------------------------------------------

  function restore(stored) {
    state.conversationId = stored.conversation_id;
    state.resumeToken = stored.resume_token;
    state.topicId = stored.topic || null;
    state.unread = stored.unread || 0;
    state.replayUpTo = stored.last_message_id || null;
    state.surveyDone = !!stored.survey_done;
    quietLog();
    showView("chat");
    setComposerEnabled(!stored.closed);
    text(el.queue, t("resuming"));
    showTopicLine();
    (stored.pending || []).forEach(function (p) {
      state.pending.push({ id: p.client_msg_id, text: p.text, node: pendingNode(p.text) });
    });
    state.status = stored.closed ? "closed" : null;
    updateLauncher();
    // A closed conversation is only fetched again to be shown: wait until the panel opens.
    if (!stored.closed) ensureSocket();
  }

  function init() {
    var mount = document.getElementById("chat-widget");
    if (!mount || !window.GuichetWs) return;
    state = freshState();
    var slot = document.querySelector("[data-chat-widget-slot]");
    pageMode = !!slot;
    build(mount, slot);

    el.composer.addEventListener("submit", submitMessage);
    el.message.addEventListener("keydown", onComposerKey);
    el.message.addEventListener("input", onComposerInput);
    el.endButton.addEventListener("click", askEndChat);
    el.endYes.addEventListener("click", endChat);
    el.endNo.addEventListener("click", function () {
      hideEndConfirm(true);
    });
    el.endConfirm.addEventListener("keydown", onEndConfirmKey);
    if (window.GuichetQuickExit && window.GuichetQuickExit.beforeLeaving) {
      window.GuichetQuickExit.beforeLeaving(endForQuickExit, QUICK_EXIT_END_WAIT_MS);
    }
    el.newChat.addEventListener("click", function () {
      resetToTopics("", true);
    });
    el.topicRetry.addEventListener("click", loadTopics);
    el.survey.addEventListener("submit", submitSurvey);
    if (!pageMode) {
      el.launcher.addEventListener("click", function () {
        openPanel({ focus: true, opener: el.launcher });
      });
      el.minimise.addEventListener("click", collapsePanel);
      el.panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !event.isComposing) {
          event.preventDefault();
          collapsePanel();
        }
      });
    }
    document.addEventListener("click", onDocumentClick);
    document.addEventListener("guichet:quick-exit", onQuickExit);
    window.addEventListener("hashchange", fromHash);

    var stored = loadConversation();
    if (stored && stored.conversation_id && stored.resume_token) restore(stored);
    if (pageMode || readStore(PANEL_KEY) === "open") openPanel({ focus: false });
    else updateLauncher();
    fromHash();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
