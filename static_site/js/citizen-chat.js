/*
 * The citizen's chat: pick a topic, wait in the queue (position and estimate shown live),
 * talk with the officer who joins, end. Nothing is lost across drops and reloads: the
 * conversation id, resume token, last message id and unacknowledged messages live in
 * sessionStorage; on each (re)connection the page resumes and re-sends what was not acknowledged,
 * with the same client_msg_id (the server deduplicates).
 *
 * Every text that comes from a person is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var config = window.GUICHET_CONFIG || { apiBase: "/api", wsUrl: null };
  var STORE_KEY = "guichet.citizen.chat";
  var TYPING_THROTTLE_MS = 3000;
  var TYPING_SHOWN_MS = 5000;
  var MAX_TEXT = 4000;

  var CLOSED_TEXT = {
    agent: "Le policier a clos la conversation.",
    citizen: "Vous avez terminé la conversation.",
    system: "La conversation a été close.",
  };
  var ERROR_TEXT = {
    conversation_closed: "Cette conversation est close : votre message n'a pas été envoyé.",
    text_too_long: "Votre message est trop long (4 000 caractères au plus).",
    invalid_field: "Ce message n'a pas pu être envoyé.",
    unknown_topic: "Ce sujet n'existe plus. Choisissez-en un autre.",
    already_started: "Une conversation est déjà ouverte.",
  };

  var el = {};
  var socket = null;
  var state = {
    topics: {},
    topicId: null,
    conversationId: null,
    resumeToken: null,
    status: null,
    agentName: null,
    startTopic: null,
    ready: false,
    resumedOnce: false,
    shown: {},
    pending: [],
    lastTypingSentAt: 0,
    typingTimer: null,
  };

  // ---- storage ---------------------------------------------------------------------------

  function loadStore() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
    } catch (ignored) {
      return null;
    }
  }

  function saveStore() {
    if (!state.conversationId) return;
    var data = {
      conversation_id: state.conversationId,
      resume_token: state.resumeToken,
      last_message_id: watermark(),
      pending: state.pending.map(function (p) {
        return { client_msg_id: p.id, text: p.text };
      }),
    };
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(data));
    } catch (ignored) {
      /* private mode or full: the chat still works, only a reload would lose it */
    }
  }

  function clearStore() {
    try {
      window.sessionStorage.removeItem(STORE_KEY);
    } catch (ignored) {
      /* nothing stored */
    }
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

  // ---- rendering -------------------------------------------------------------------------

  var text = GuichetDom.text;
  var make = GuichetDom.make;
  var timeOf = GuichetDom.timeOf;

  function authorName(author) {
    if (author === "citizen") return "Vous";
    if (author === "agent") return state.agentName || "Le policier";
    return "Guichet";
  }

  function messageNode(author, body, sentAt) {
    var item = make("div", "msg msg--" + author);
    var meta = make("p", "msg__meta");
    meta.appendChild(make("span", "msg__author", authorName(author)));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(make("span", "msg__time", timeOf(sentAt)));
    item.appendChild(meta);
    item.appendChild(make("p", "msg__text", body));
    return item;
  }

  function scrollLog() {
    el.log.scrollTop = el.log.scrollHeight;
  }

  /** Insert a stored message in id order, unless it is already displayed. */
  function showMessage(frame) {
    if (!frame.message_id || state.shown[frame.message_id]) return;
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
    if (frame.author === "agent") hideTyping();
    scrollLog();
  }

  function showSystemLine(value) {
    el.log.appendChild(make("p", "msg msg--system", value));
    scrollLog();
  }

  function pendingNode(body) {
    var node = messageNode("citizen", body, null);
    node.classList.add("msg--pending");
    node.appendChild(make("p", "msg__state", "Envoi en cours…"));
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
    if (stateLine) text(stateLine, "Non envoyé");
  }

  function setAlert(target, value) {
    text(target, value || "");
  }

  function setConnection(value, kind) {
    text(el.connection, value);
    el.connection.className = "connection connection--" + kind;
  }

  function showQueue(position, waitS) {
    if (state.status !== "waiting") {
      text(el.queue, "");
      return;
    }
    var where = "Vous êtes n° " + position + " dans la file";
    if (waitS == null) {
      text(el.queue, where + " — Aucun agent disponible pour le moment. Votre demande reste dans la file.");
    } else {
      var minutes = Math.max(1, Math.ceil(waitS / 60));
      text(el.queue, where + " — attente estimée ~ " + minutes + " min");
    }
  }

  function showAgent(name) {
    state.agentName = name;
    text(el.queue, "");
    text(el.agentLine, "Vous échangez avec " + name + " — une personne de l'équipe de police, pas un robot.");
    el.agentLine.hidden = false;
  }

  function showTopic(topicId) {
    state.topicId = topicId;
    var label = state.topics[topicId] || topicId || "";
    text(el.chatTopic, label ? "Sujet : " + label : "");
  }

  function setComposerEnabled(enabled) {
    el.message.disabled = !enabled;
    el.sendButton.disabled = !enabled;
    el.endButton.disabled = !enabled;
  }

  function showTyping() {
    text(el.typing, "L'agent écrit…");
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
  }

  function hideTyping() {
    clearTimeout(state.typingTimer);
    text(el.typing, "");
  }

  function openChatPanel() {
    el.topicStep.hidden = true;
    el.chat.hidden = false;
    el.closedPanel.hidden = true;
    el.composer.hidden = false;
  }

  // ---- protocol --------------------------------------------------------------------------

  function send(frame) {
    return !!socket && socket.send(frame);
  }

  function flushPending() {
    if (!state.ready || state.status === "closed") return;
    state.pending.forEach(function (p) {
      send({ action: "send", client_msg_id: p.id, text: p.text });
    });
  }

  function onOpen() {
    state.ready = false;
    setConnection("Connecté", "ok");
    if (state.conversationId) {
      // A fresh page shows nothing yet: ask for every message; a reconnection asks for what it missed.
      send({
        action: "resume",
        conversation_id: state.conversationId,
        resume_token: state.resumeToken,
        after: state.resumedOnce ? watermark() : null,
      });
    } else if (state.startTopic) {
      send({ action: "start", topic: state.startTopic, lang: "fr" });
    }
  }

  function onStatus(status) {
    if (status === "open") return;
    state.ready = false;
    if (status === "connecting") setConnection("Connexion…", "wait");
    else if (status === "reconnecting") setConnection("Connexion perdue, reconnexion…", "lost");
    else setConnection("", "off");
  }

  var handlers = {
    queued: function (f) {
      if (!state.startTopic && !state.conversationId) {
        send({ action: "end" }); // the citizen cancelled before the conversation existed
        return;
      }
      state.conversationId = f.conversation_id;
      state.resumeToken = f.resume_token;
      state.status = "waiting";
      state.startTopic = null;
      state.ready = true;
      state.resumedOnce = true;
      saveStore();
      setComposerEnabled(true);
      showQueue(f.position, f.estimated_wait_s);
      flushPending();
    },
    queue: function (f) {
      if (f.conversation_id === state.conversationId) showQueue(f.position, f.estimated_wait_s);
    },
    agent_joined: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      state.status = "assigned";
      showAgent(f.agent.display_name);
      showSystemLine(f.agent.display_name + " a rejoint la conversation");
    },
    resumed: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      state.status = f.status;
      state.ready = true;
      state.resumedOnce = true;
      showTopic(f.topic);
      if (f.agent && f.agent.display_name) showAgent(f.agent.display_name);
      if (f.status === "waiting") showQueue(f.position, f.estimated_wait_s);
      if (f.status !== "closed") {
        setComposerEnabled(true);
        flushPending();
      }
    },
    message: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      showMessage(f);
      saveStore();
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
      saveStore();
    },
    typing: function (f) {
      if (f.conversation_id === state.conversationId && f.author === "agent") showTyping();
    },
    closed: function (f) {
      if (f.conversation_id !== state.conversationId) return;
      state.status = "closed";
      hideTyping();
      text(el.queue, "");
      state.pending.splice(0).forEach(function (p) {
        markFailed(p.node);
      });
      saveStore();
      setComposerEnabled(false);
      el.composer.hidden = true;
      var why = CLOSED_TEXT[f.by] || CLOSED_TEXT.system;
      showSystemLine("Conversation terminée. " + why);
      text(el.closedText, why + " Merci de votre message.");
      el.closedPanel.hidden = false;
    },
    error: function (f) {
      if (f.code === "invalid_resume_token") {
        resetToTopics("Cette conversation n'est plus disponible. Vous pouvez en commencer une nouvelle.");
        return;
      }
      if (f.code === "unknown_connection" && socket) {
        socket.stop();
        socket.start();
        return;
      }
      if (f.client_msg_id) {
        var index = findPending(f.client_msg_id);
        if (index >= 0) {
          markFailed(state.pending.splice(index, 1)[0].node);
          saveStore();
        }
      }
      setAlert(el.chatAlert, ERROR_TEXT[f.code] || "Une erreur est survenue. Réessayez dans un instant.");
    },
  };

  function onFrame(frame) {
    var handler = frame && handlers[frame.type];
    if (handler) handler(frame);
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

  // ---- user actions ----------------------------------------------------------------------

  function startChat(topicId) {
    setAlert(el.pageAlert, "");
    state.startTopic = topicId;
    state.status = null;
    openChatPanel();
    showTopic(topicId);
    text(el.queue, "Mise en relation…");
    // The citizen may write at once: messages wait as "sending…" until the conversation exists.
    setComposerEnabled(true);
    ensureSocket();
    el.message.focus();
  }

  function submitMessage(event) {
    event.preventDefault();
    setAlert(el.chatAlert, "");
    var body = el.message.value;
    if (!body.trim()) {
      setAlert(el.chatAlert, "Écrivez un message avant d'envoyer.");
      return;
    }
    if (body.length > MAX_TEXT) {
      setAlert(el.chatAlert, ERROR_TEXT.text_too_long);
      return;
    }
    var pending = { id: window.GuichetWs.newId(), text: body, node: pendingNode(body) };
    state.pending.push(pending);
    saveStore();
    el.message.value = "";
    if (state.ready) send({ action: "send", client_msg_id: pending.id, text: body });
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
    send({ action: "typing" });
  }

  function endChat() {
    if (!state.conversationId) {
      resetToTopics("");
      return;
    }
    if (!send({ action: "end" })) {
      setAlert(el.chatAlert, "Connexion perdue : réessayez quand la connexion sera rétablie.");
    }
  }

  function resetToTopics(message) {
    clearStore();
    state.conversationId = null;
    state.resumeToken = null;
    state.status = null;
    state.agentName = null;
    state.startTopic = null;
    state.ready = false;
    state.resumedOnce = false;
    state.shown = {};
    state.pending = [];
    el.log.replaceChildren();
    text(el.queue, "");
    text(el.chatTopic, "");
    text(el.agentLine, "");
    el.agentLine.hidden = true;
    hideTyping();
    setAlert(el.chatAlert, "");
    setComposerEnabled(false);
    el.chat.hidden = true;
    el.topicStep.hidden = false;
    setAlert(el.pageAlert, message || "");
    var first = el.topicList.querySelector("button");
    if (first) first.focus();
  }

  // ---- topics ----------------------------------------------------------------------------

  function loadTopics() {
    el.topicLoading.hidden = false;
    el.topicRetry.hidden = true;
    return fetch(config.apiBase + "/topics", { headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.json();
      })
      .then(function (data) {
        el.topicList.replaceChildren();
        data.topics.forEach(function (topic) {
          state.topics[topic.id] = topic.label;
          var item = document.createElement("li");
          var button = make("button", "topic-button", topic.label);
          button.type = "button";
          button.setAttribute("data-topic", topic.id);
          button.addEventListener("click", function () {
            startChat(topic.id);
          });
          item.appendChild(button);
          el.topicList.appendChild(item);
        });
        el.topicLoading.hidden = true;
        if (state.topicId) showTopic(state.topicId);
      })
      .catch(function () {
        el.topicLoading.hidden = true;
        el.topicRetry.hidden = false;
        setAlert(el.pageAlert, "Impossible de charger les sujets. Vérifiez votre connexion puis réessayez.");
      });
  }

  // ---- start -----------------------------------------------------------------------------

  function init() {
    [
      "page-alert", "topic-step", "topic-loading", "topic-list", "topic-retry", "chat", "connection",
      "chat-topic", "queue-status", "agent-line", "log", "typing", "chat-alert", "composer", "message",
      "send-button", "end-button", "closed-panel", "closed-text", "new-chat",
    ].forEach(function (id) {
      el[id.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); })] = document.getElementById(id);
    });
    el.queue = el.queueStatus;

    el.composer.addEventListener("submit", submitMessage);
    el.message.addEventListener("keydown", onComposerKey);
    el.message.addEventListener("input", onComposerInput);
    el.endButton.addEventListener("click", endChat);
    el.newChat.addEventListener("click", function () {
      resetToTopics("");
    });
    el.topicRetry.addEventListener("click", loadTopics);

    var stored = loadStore();
    if (stored && stored.conversation_id && stored.resume_token) {
      state.conversationId = stored.conversation_id;
      state.resumeToken = stored.resume_token;
      openChatPanel();
      setComposerEnabled(true);
      text(el.queue, "Reprise de votre conversation…");
      (stored.pending || []).forEach(function (p) {
        state.pending.push({ id: p.client_msg_id, text: p.text, node: pendingNode(p.text) });
      });
      ensureSocket();
    }
    loadTopics();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
