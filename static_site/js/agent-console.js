/*
 * The officer's console: sign in, go available or away, see the queue, take a conversation,
 * hold up to three at once (one tab each, with its own log, reply box and close form).
 *
 * The token lives in sessionStorage until logout. On every (re)connection the console asks for
 * a sync, merges what it gets, restores the status the officer chose, and re-sends replies that
 * were not acknowledged with the same client_msg_id (the server deduplicates).
 *
 * One console per officer: when the same officer opens it in a newer tab or device, this one gets
 * {"type":"session_replaced"} and is closed by the server. It then stays disconnected (reconnecting
 * by itself would take the console back, and two tabs would take it from each other for ever) and
 * offers "Utiliser ici", which reconnects and so replaces the other one.
 *
 * Every text that comes from a person is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var config = window.GUICHET_CONFIG || { apiBase: "/api", wsUrl: null };
  var TOKEN_KEY = "guichet.agent.token";
  var STATUS_KEY = "guichet.agent.status";
  var TYPING_THROTTLE_MS = 3000;
  var TYPING_SHOWN_MS = 5000;
  var MAX_TEXT = 4000;
  var REFUSED_AFTER_FAILURES = 3;

  var OUTCOMES = [
    ["resolved", "Réponse apportée"],
    ["oriented", "Orienté vers un service"],
    ["emergency_redirected", "Redirigé vers les urgences (17 / 112)"],
    ["no_reply", "Sans réponse du citoyen"],
    ["inappropriate", "Propos inappropriés"],
    ["other", "Autre"],
  ];
  var OUTCOME_LABELS = {
    abandoned: "abandon avant prise en charge",
    ended_by_citizen: "terminée par le citoyen",
  };
  OUTCOMES.forEach(function (o) {
    OUTCOME_LABELS[o[0]] = o[1].toLowerCase();
  });
  var PRESENCE_TEXT = {
    closed: "Conversation close",
    online: "Citoyen en ligne",
    offline: "Citoyen hors ligne",
    unknown: "Présence du citoyen inconnue (votre connexion est coupée)",
  };
  var ERROR_TEXT = {
    agent_unavailable: "Passez « Disponible », avec une place libre, pour prendre une conversation.",
    assignment_conflict: "Un collègue a déjà pris cette conversation.",
    not_waiting: "Cette conversation n'attend plus.",
    conversation_closed: "Cette conversation est close : le message n'a pas été envoyé.",
    forbidden: "Cette conversation ne vous est pas attribuée.",
    text_too_long: "Le message est trop long (4 000 caractères au plus).",
    invalid_field: "La demande est incomplète.",
    not_found: "Session introuvable : reconnectez-vous.",
  };

  var el = {};
  var socket = null;
  var state = {
    token: null,
    agent: null,
    desiredStatus: "away",
    topics: {},
    waiting: [],
    waitingTotal: 0,
    waitingVersion: 0,
    conversations: {},
    order: [],
    activeId: null,
    linkUp: false,
    replaced: false,
  };

  // ---- helpers ---------------------------------------------------------------------------

  var text = GuichetDom.text;
  var make = GuichetDom.make;
  var timeOf = GuichetDom.timeOf;

  function waitedFor(epochSeconds) {
    var minutes = Math.max(0, Math.floor((Date.now() / 1000 - epochSeconds) / 60));
    return minutes < 1 ? "moins d'une minute" : minutes + " min";
  }

  function topicLabel(id) {
    return state.topics[id] || id;
  }

  function store(key, value) {
    try {
      if (value == null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (ignored) {
      /* storage unavailable: the console still works until the page closes */
    }
  }

  function stored(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (ignored) {
      return null;
    }
  }

  /** The claims of a JWT (display only: the server verifies the signature). */
  function claimsOf(token) {
    try {
      var part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var json = decodeURIComponent(
        Array.prototype.map
          .call(atob(part), function (c) {
            return "%" + ("00" + c.charCodeAt(0).toString(16)).slice(-2);
          })
          .join("")
      );
      return JSON.parse(json);
    } catch (ignored) {
      return {};
    }
  }

  function tokenExpired(token) {
    var exp = claimsOf(token).exp;
    return typeof exp === "number" && exp * 1000 <= Date.now();
  }

  function alertText(value) {
    text(el.consoleAlert, value || "");
  }

  function announce(value) {
    text(el.announce, value);
  }

  function send(frame) {
    return !!socket && socket.send(frame);
  }

  // ---- login / logout --------------------------------------------------------------------

  function login(event) {
    event.preventDefault();
    alertText("");
    el.loginButton.disabled = true;
    fetch(config.apiBase + "/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ username: el.username.value, password: el.password.value }),
    })
      .then(function (answer) {
        if (answer.status === 401 || answer.status === 403) throw new Error("credentials");
        if (!answer.ok) throw new Error("http");
        return answer.json();
      })
      .then(function (data) {
        el.password.value = "";
        store(TOKEN_KEY, data.token);
        openConsole(data.token);
      })
      .catch(function (err) {
        alertText(
          err.message === "credentials"
            ? "Identifiant ou mot de passe incorrect."
            : "Connexion impossible pour le moment. Réessayez dans un instant."
        );
      })
      .then(function () {
        el.loginButton.disabled = false;
      });
  }

  function logout(message) {
    hideReplaced();
    if (socket && !state.replaced) {
      send({ action: "set_status", status: "away" });
      var closing = socket;
      socket = null;
      setTimeout(function () {
        closing.stop();
      }, 100);
    }
    store(TOKEN_KEY, null);
    store(STATUS_KEY, null);
    state.token = null;
    state.agent = null;
    state.desiredStatus = "away";
    state.waiting = [];
    state.waitingTotal = 0;
    state.waitingVersion = 0;
    state.conversations = {};
    state.order = [];
    state.activeId = null;
    el.tabs.replaceChildren();
    el.panels.replaceChildren();
    el.waitingList.replaceChildren();
    el.console.hidden = true;
    el.whoami.hidden = true;
    el.login.hidden = false;
    alertText(typeof message === "string" ? message : "");
    el.username.focus();
  }

  function openConsole(token) {
    state.token = token;
    hideReplaced();
    state.desiredStatus = stored(STATUS_KEY) === "available" ? "available" : "away";
    el.login.hidden = true;
    el.console.hidden = false;
    el.whoami.hidden = false;
    text(el.agentName, claimsOf(token).name || "");
    renderStatus();
    renderChats();
    renderWaiting();
    socket = new window.GuichetWs.ReconnectingSocket({
      url: socketUrl,
      onOpen: function () {
        send({ action: "sync" });
      },
      onFrame: onFrame,
      onStatus: onSocketStatus,
    });
    socket.start();
  }

  function socketUrl() {
    if (!state.token || tokenExpired(state.token)) {
      setTimeout(function () {
        logout("Votre session a expiré. Reconnectez-vous.");
      }, 0);
      return null;
    }
    return window.GuichetWs.socketUrl(config, { token: state.token });
  }

  /** Whether the console's own link is up: while it is down, the citizens' presence is not known. */
  function setLinkUp(up) {
    if (state.linkUp === up) return;
    state.linkUp = up;
    state.order.forEach(function (id) {
      renderConversation(state.conversations[id]);
    });
  }

  function onSocketStatus(status) {
    var node = el.connection;
    setLinkUp(status === "open");
    if (status === "open") {
      text(node, "Connecté");
      node.className = "connection connection--ok";
      return;
    }
    if (status === "stopped" && state.replaced) {
      text(node, "Console ouverte dans un autre onglet");
      node.className = "connection connection--lost";
      return;
    }
    if (status === "connecting") {
      text(node, "Connexion…");
      node.className = "connection connection--wait";
      return;
    }
    if (status !== "reconnecting") return;
    text(node, "Connexion perdue, reconnexion…");
    node.className = "connection connection--lost";
    // A handshake refused again and again while the site answers: the token is no longer accepted.
    if (socket && socket.failuresBeforeOpen() >= REFUSED_AFTER_FAILURES) {
      fetch(config.apiBase + "/health")
        .then(function (answer) {
          if (answer.ok && socket && socket.failuresBeforeOpen() >= REFUSED_AFTER_FAILURES) {
            logout("Votre session n'est plus valide. Reconnectez-vous.");
          }
        })
        .catch(function () {
          /* the network is down: keep retrying */
        });
    }
  }

  // ---- status and queue ------------------------------------------------------------------

  function openCount() {
    return state.order.filter(function (id) {
      return state.conversations[id].status !== "closed";
    }).length;
  }

  function renderStatus() {
    var status = state.agent ? state.agent.status : "away";
    el.statusAvailable.checked = status === "available";
    el.statusAway.checked = status !== "available";
    var capacity = state.agent ? state.agent.capacity : 3;
    text(el.load, "Conversations en cours : " + openCount() + " sur " + capacity);
    renderWaiting();
  }

  function chooseStatus(event) {
    state.desiredStatus = event.target.value;
    store(STATUS_KEY, state.desiredStatus);
    if (!send({ action: "set_status", status: state.desiredStatus })) {
      alertText("Connexion perdue : votre statut sera appliqué à la reconnexion.");
    }
  }

  function renderWaiting() {
    // The list is rebuilt on every change: keep the keyboard focus on the same row.
    var focused = document.activeElement;
    var focusedRow = focused && el.waitingList.contains(focused) ? focused.closest("li") : null;
    var focusedId = focusedRow ? focusedRow.getAttribute("data-conversation-id") : null;
    el.waitingList.replaceChildren();
    var total = Math.max(state.waitingTotal, state.waiting.length);
    text(el.waitingCount, total ? "(" + total + ")" : "");
    el.waitingEmpty.hidden = state.waiting.length > 0;
    el.waitingHint.hidden = !state.waiting.length;
    var canTake = !!state.agent && openCount() < (state.agent.capacity || 3);
    state.waiting.forEach(function (item) {
      var row = make("li", "waiting-item");
      row.setAttribute("data-conversation-id", item.conversation_id);
      var label = topicLabel(item.topic);
      var since = waitedFor(item.created_at);
      var info = make("p", "waiting-item__info");
      info.appendChild(make("strong", null, label));
      var place = item.position ? " n° " + item.position : " hors ligne";
      info.appendChild(make("span", "hint", place + " · attend depuis " + since));
      row.appendChild(info);
      var take = make("button", "button button--small", "Prendre");
      take.type = "button";
      take.setAttribute("aria-label", "Prendre : " + label + ", attend depuis " + since);
      take.disabled = !canTake;
      take.addEventListener("click", function () {
        alertText("");
        send({ action: "take", conversation_id: item.conversation_id });
      });
      row.appendChild(take);
      el.waitingList.appendChild(row);
      if (item.conversation_id === focusedId) take.focus();
    });
    if (total > state.waiting.length) {
      el.waitingList.appendChild(make("li", "hint", "… et " + (total - state.waiting.length) + " autres, servis dans l'ordre."));
    }
    if (focusedId && !el.waitingList.contains(document.activeElement)) el.waitingTitle.focus();
  }

  // ---- conversations ---------------------------------------------------------------------

  function ensureConversation(data) {
    var conv = state.conversations[data.conversation_id];
    if (!conv) {
      conv = {
        id: data.conversation_id,
        topic: data.topic,
        lang: data.lang,
        createdAt: data.created_at,
        status: data.status,
        citizenOnline: data.citizen_online,
        shown: {},
        pending: [],
        unread: 0,
        lastTypingSentAt: 0,
        typingTimer: null,
      };
      buildPanel(conv);
      state.conversations[conv.id] = conv;
      state.order.push(conv.id);
    } else {
      conv.status = data.status;
      conv.citizenOnline = data.citizen_online;
    }
    (data.messages || []).forEach(function (m) {
      showMessage(conv, m, true);
    });
    renderConversation(conv);
    return conv;
  }

  function buildPanel(conv) {
    var id = conv.id;
    var tab = make("button", "tab");
    tab.type = "button";
    tab.id = "tab-" + id;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", "panel-" + id);
    tab.setAttribute("data-conversation-id", id);
    tab.addEventListener("click", function () {
      selectConversation(id);
    });
    tab.addEventListener("keydown", onTabKey);

    var panel = make("section", "chat-panel");
    panel.id = "panel-" + id;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.setAttribute("data-conversation-id", id);
    panel.hidden = true;

    var meta = make("p", "chat-panel__meta");
    var presence = make("span", "presence");
    meta.appendChild(make("span", null, topicLabel(conv.topic) + " · langue : " + conv.lang + " · ouverte à " + timeOf(conv.createdAt) + " · "));
    meta.appendChild(presence);

    var log = make("div", "log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Messages : " + topicLabel(conv.topic));
    log.tabIndex = 0;

    var typing = make("p", "typing");
    typing.setAttribute("aria-live", "polite");

    var composer = make("form", "composer");
    composer.noValidate = true;
    var replyLabel = make("label", "label", "Votre réponse");
    replyLabel.htmlFor = "reply-" + id;
    var reply = make("textarea");
    reply.id = "reply-" + id;
    reply.rows = 3;
    reply.maxLength = MAX_TEXT;
    var sendButton = make("button", "button", "Envoyer");
    sendButton.type = "submit";
    var actions = make("div", "actions");
    actions.appendChild(sendButton);
    composer.appendChild(replyLabel);
    composer.appendChild(reply);
    composer.appendChild(actions);
    composer.addEventListener("submit", function (event) {
      event.preventDefault();
      submitReply(conv);
    });
    reply.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    reply.addEventListener("input", function () {
      var now = Date.now();
      if (conv.status === "closed" || now - conv.lastTypingSentAt < TYPING_THROTTLE_MS) return;
      conv.lastTypingSentAt = now;
      send({ action: "typing", conversation_id: id });
    });

    var closeForm = make("form", "close-form");
    var outcomeLabel = make("label", "label", "Issue de la conversation");
    outcomeLabel.htmlFor = "outcome-" + id;
    var outcome = make("select");
    outcome.id = "outcome-" + id;
    outcome.required = true;
    var placeholder = make("option", null, "— choisir —");
    placeholder.value = "";
    outcome.appendChild(placeholder);
    OUTCOMES.forEach(function (o) {
      var option = make("option", null, o[1]);
      option.value = o[0];
      outcome.appendChild(option);
    });
    var closeButton = make("button", "button button--danger", "Clore la conversation");
    closeButton.type = "submit";
    closeForm.appendChild(outcomeLabel);
    closeForm.appendChild(outcome);
    closeForm.appendChild(closeButton);
    closeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!outcome.value) {
        alertText("Choisissez l'issue de la conversation avant de la clore.");
        outcome.focus();
        return;
      }
      alertText("");
      if (!send({ action: "close", conversation_id: id, outcome: outcome.value })) {
        alertText("Connexion perdue : réessayez quand la connexion sera rétablie.");
      }
    });

    var closedNote = make("div", "closed-panel");
    closedNote.hidden = true;
    var closedText = make("p");
    var dismiss = make("button", "button button--secondary", "Retirer l'onglet");
    dismiss.type = "button";
    dismiss.addEventListener("click", function () {
      removeConversation(id);
    });
    closedNote.appendChild(closedText);
    closedNote.appendChild(dismiss);

    [meta, log, typing, composer, closeForm, closedNote].forEach(function (node) {
      panel.appendChild(node);
    });
    el.tabs.appendChild(tab);
    el.panels.appendChild(panel);
    conv.els = {
      tab: tab, panel: panel, presence: presence, log: log, typing: typing, composer: composer,
      reply: reply, closeForm: closeForm, closedNote: closedNote, closedText: closedText,
    };
  }

  function renderConversation(conv) {
    var e = conv.els;
    var closed = conv.status === "closed";
    e.tab.replaceChildren();
    e.tab.appendChild(make("span", null, topicLabel(conv.topic) + " · " + timeOf(conv.createdAt)));
    var flags = [];
    var presence = closed ? "closed" : !state.linkUp ? "unknown" : conv.citizenOnline ? "online" : "offline";
    if (closed) flags.push("close");
    else if (presence === "offline") flags.push("hors ligne");
    if (conv.unread) flags.push(conv.unread + " nouveau" + (conv.unread > 1 ? "x" : ""));
    if (flags.length) e.tab.appendChild(make("span", "tab__flag", " (" + flags.join(", ") + ")"));
    text(e.presence, PRESENCE_TEXT[presence]);
    e.presence.className = "presence presence--" + presence;
    e.composer.hidden = closed;
    e.closeForm.hidden = closed;
    e.closedNote.hidden = !closed;
    renderChats();
  }

  function renderChats() {
    el.noChat.hidden = state.order.length > 0;
    if (state.activeId && !state.conversations[state.activeId]) state.activeId = null;
    if (!state.activeId && state.order.length) state.activeId = state.order[0];
    state.order.forEach(function (id) {
      var conv = state.conversations[id];
      var active = id === state.activeId;
      conv.els.tab.setAttribute("aria-selected", active ? "true" : "false");
      conv.els.tab.tabIndex = active ? 0 : -1;
      conv.els.panel.hidden = !active;
    });
    var capacity = state.agent ? state.agent.capacity : 3;
    text(el.load, "Conversations en cours : " + openCount() + " sur " + capacity);
  }

  function selectConversation(id) {
    var conv = state.conversations[id];
    if (!conv) return;
    state.activeId = id;
    conv.unread = 0;
    renderConversation(conv);
  }

  function onTabKey(event) {
    var keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    var step = keys[event.key];
    if (!step && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    var index = state.order.indexOf(state.activeId);
    if (event.key === "Home") index = 0;
    else if (event.key === "End") index = state.order.length - 1;
    else index = (index + step + state.order.length) % state.order.length;
    selectConversation(state.order[index]);
    state.conversations[state.order[index]].els.tab.focus();
  }

  function removeConversation(id) {
    var conv = state.conversations[id];
    if (!conv) return;
    conv.els.tab.remove();
    conv.els.panel.remove();
    delete state.conversations[id];
    state.order = state.order.filter(function (other) {
      return other !== id;
    });
    if (state.activeId === id) state.activeId = null;
    renderChats();
    var next = state.activeId && state.conversations[state.activeId];
    if (next) next.els.tab.focus();
    else el.statusAvailable.focus();
  }

  function messageNode(author, body, sentAt) {
    var item = make("div", "msg msg--" + (author === "agent" ? "self" : author));
    var meta = make("p", "msg__meta");
    var who = author === "agent" ? "Vous" : author === "citizen" ? "Citoyen" : "Guichet";
    meta.appendChild(make("span", "msg__author", who));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(make("span", "msg__time", timeOf(sentAt)));
    item.appendChild(meta);
    item.appendChild(make("p", "msg__text", body));
    return item;
  }

  /** Insert a stored message in id order, unless it is already displayed. */
  function showMessage(conv, m, quiet) {
    if (!m.message_id || conv.shown[m.message_id]) return;
    conv.shown[m.message_id] = true;
    var node = messageNode(m.author, m.text, m.sent_at);
    node.setAttribute("data-message-id", m.message_id);
    var later = null;
    Array.prototype.some.call(conv.els.log.children, function (child) {
      var id = child.getAttribute("data-message-id");
      if (id && id > m.message_id) {
        later = child;
        return true;
      }
      return false;
    });
    conv.els.log.insertBefore(node, later || conv.els.log.querySelector(".msg--pending"));
    conv.els.log.scrollTop = conv.els.log.scrollHeight;
    if (m.author === "citizen") hideTyping(conv);
    if (!quiet && conv.id !== state.activeId && m.author === "citizen") {
      conv.unread += 1;
      renderConversation(conv);
    }
  }

  function submitReply(conv) {
    alertText("");
    var body = conv.els.reply.value;
    if (!body.trim()) {
      alertText("Écrivez une réponse avant d'envoyer.");
      return;
    }
    var node = messageNode("agent", body, null);
    node.classList.add("msg--pending");
    node.appendChild(make("p", "msg__state", "Envoi en cours…"));
    conv.els.log.appendChild(node);
    conv.els.log.scrollTop = conv.els.log.scrollHeight;
    var pending = { id: window.GuichetWs.newId(), text: body, node: node };
    conv.pending.push(pending);
    conv.els.reply.value = "";
    send({ action: "send", conversation_id: conv.id, client_msg_id: pending.id, text: body });
  }

  function findPending(clientMsgId) {
    for (var i = 0; i < state.order.length; i += 1) {
      var conv = state.conversations[state.order[i]];
      for (var j = 0; j < conv.pending.length; j += 1) {
        if (conv.pending[j].id === clientMsgId) return { conv: conv, index: j };
      }
    }
    return null;
  }

  function resendPending() {
    state.order.forEach(function (id) {
      var conv = state.conversations[id];
      if (conv.status === "closed") return;
      conv.pending.forEach(function (p) {
        send({ action: "send", conversation_id: conv.id, client_msg_id: p.id, text: p.text });
      });
    });
  }

  function markFailed(node) {
    node.classList.remove("msg--pending");
    node.classList.add("msg--failed");
    var line = node.querySelector(".msg__state");
    if (line) text(line, "Non envoyé");
  }

  function showTyping(conv) {
    text(conv.els.typing, "Le citoyen écrit…");
    clearTimeout(conv.typingTimer);
    conv.typingTimer = setTimeout(function () {
      hideTyping(conv);
    }, TYPING_SHOWN_MS);
  }

  function hideTyping(conv) {
    clearTimeout(conv.typingTimer);
    text(conv.els.typing, "");
  }

  function closeConversation(conv, by, outcome) {
    conv.status = "closed";
    hideTyping(conv);
    conv.pending.splice(0).forEach(function (p) {
      markFailed(p.node);
    });
    var who = by === "citizen" ? "par le citoyen" : by === "agent" ? "par vous" : "automatiquement";
    var why = outcome && outcome !== "ended_by_citizen" ? " — " + (OUTCOME_LABELS[outcome] || outcome) : "";
    text(conv.els.closedText, "Conversation close " + who + why + ".");
    var line = make("p", "msg msg--system", "Conversation close " + who + why + ".");
    conv.els.log.appendChild(line);
    renderConversation(conv);
    renderWaiting();
  }

  // ---- frames ----------------------------------------------------------------------------

  var handlers = {
    agent_state: function (f) {
      state.agent = f.agent;
      text(el.agentName, f.agent.display_name);
      var present = {};
      f.conversations.forEach(function (c) {
        present[c.conversation_id] = true;
        ensureConversation(c);
      });
      // Conversations closed while this console was away are not in the sync any more.
      state.order.forEach(function (id) {
        var conv = state.conversations[id];
        if (!present[id] && conv.status !== "closed") closeConversation(conv, null, null);
      });
      renderStatus();
      if (state.desiredStatus !== f.agent.status && f.agent.status !== "offline") {
        send({ action: "set_status", status: state.desiredStatus });
      }
      resendPending();
    },
    status: function (f) {
      state.agent = f.agent;
      renderStatus();
    },
    // The queue as of a version: an older snapshot arriving late changes nothing.
    waiting: function (f) {
      if (f.version < state.waitingVersion) return;
      state.waitingVersion = f.version;
      state.waiting = f.conversations;
      state.waitingTotal = f.total;
      renderWaiting();
    },
    assigned: function (f) {
      // It left the queue: drop it now, the next snapshot says the same.
      var before = state.waiting.length;
      state.waiting = state.waiting.filter(function (w) { return w.conversation_id !== f.conversation.conversation_id; });
      if (state.waiting.length < before) {
        state.waitingTotal = Math.max(0, state.waitingTotal - 1);
        renderWaiting();
      }
      var conv = ensureConversation(f.conversation);
      if (!state.activeId || state.activeId === conv.id) selectConversation(conv.id);
      else {
        conv.unread = Math.max(1, conv.unread);
        renderConversation(conv);
      }
      announce("Nouvelle conversation : " + topicLabel(conv.topic));
      renderStatus();
    },
    message: function (f) {
      var conv = state.conversations[f.conversation_id];
      if (conv) showMessage(conv, f, false);
    },
    ack: function (f) {
      var found = findPending(f.client_msg_id);
      if (!found) return;
      var pending = found.conv.pending.splice(found.index, 1)[0];
      if (found.conv.shown[f.message_id]) {
        pending.node.remove();
        return;
      }
      found.conv.shown[f.message_id] = true;
      pending.node.classList.remove("msg--pending");
      pending.node.setAttribute("data-message-id", f.message_id);
      var line = pending.node.querySelector(".msg__state");
      if (line) line.remove();
      text(pending.node.querySelector(".msg__time"), timeOf(f.sent_at));
    },
    typing: function (f) {
      var conv = state.conversations[f.conversation_id];
      if (conv && f.author === "citizen") showTyping(conv);
    },
    citizen_presence: function (f) {
      var conv = state.conversations[f.conversation_id];
      if (!conv || conv.status === "closed") return;
      var online = f.online === true;
      if (conv.citizenOnline === online) return;
      conv.citizenOnline = online;
      if (!online) hideTyping(conv);
      renderConversation(conv);
      announce((online ? "Citoyen de retour en ligne : " : "Citoyen hors ligne : ") + topicLabel(conv.topic));
    },
    session_replaced: function () {
      showReplaced();
    },
    closed: function (f) {
      var conv = state.conversations[f.conversation_id];
      if (conv && conv.status !== "closed") closeConversation(conv, f.by, f.outcome);
      renderStatus();
    },
    error: function (f) {
      if (f.client_msg_id) {
        var found = findPending(f.client_msg_id);
        if (found) markFailed(found.conv.pending.splice(found.index, 1)[0].node);
      }
      if (f.code === "unknown_connection" && socket) {
        socket.stop();
        socket.start();
        return;
      }
      alertText(ERROR_TEXT[f.code] || "Une erreur est survenue. Réessayez dans un instant.");
    },
  };

  function onFrame(frame) {
    var handler = frame && handlers[frame.type];
    if (handler) handler(frame);
  }

  // ---- one console per officer -----------------------------------------------------------

  /** This console was replaced by a newer one: stop here, without reconnecting, and offer to take it back. */
  function showReplaced() {
    state.replaced = true;
    if (socket) socket.stop(); // no automatic reconnection: it would take the console back from the other tab
    el.replaced.hidden = false;
    el.useHere.focus();
  }

  function hideReplaced() {
    state.replaced = false;
    if (el.replaced) el.replaced.hidden = true;
  }

  /** "Utiliser ici": reconnect; the server then replaces the other tab's console with this one. */
  function useHere() {
    hideReplaced();
    alertText("");
    if (socket) socket.start();
    (el.statusAvailable.checked ? el.statusAvailable : el.statusAway).focus();
  }

  // ---- start -----------------------------------------------------------------------------

  function loadTopics() {
    fetch(config.apiBase + "/topics", { headers: { Accept: "application/json" } })
      .then(function (answer) {
        return answer.ok ? answer.json() : { topics: [] };
      })
      .then(function (data) {
        data.topics.forEach(function (t) {
          state.topics[t.id] = t.label;
        });
        renderWaiting();
        state.order.forEach(function (id) {
          renderConversation(state.conversations[id]);
        });
      })
      .catch(function () {
        /* topic ids are shown instead of labels */
      });
  }

  function init() {
    [
      "whoami", "agent-name", "logout", "console-alert", "login", "login-form", "username", "password",
      "login-button", "console", "connection", "status-available", "status-away", "load", "waiting-count",
      "waiting-empty", "waiting-list", "waiting-title", "waiting-hint", "announce", "no-chat", "tabs", "panels",
      "replaced", "use-here",
    ].forEach(function (id) {
      el[id.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); })] = document.getElementById(id);
    });
    el.loginForm.addEventListener("submit", login);
    el.logout.addEventListener("click", function () {
      logout("");
    });
    el.statusAvailable.addEventListener("change", chooseStatus);
    el.statusAway.addEventListener("change", chooseStatus);
    el.useHere.addEventListener("click", useHere);
    setInterval(renderWaiting, 30 * 1000);
    loadTopics();
    var token = stored(TOKEN_KEY);
    if (token && !tokenExpired(token)) openConsole(token);
    else {
      store(TOKEN_KEY, null);
      el.username.focus();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
