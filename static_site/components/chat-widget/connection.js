/*
 * The widget's link to the server, through the shared websocket client. On every (re)connection it
 * resumes the conversation (a fresh page asks for every message, a reconnection for what it missed) or
 * sends the start again with the same start_id (the server then finds the same conversation). Messages
 * not acknowledged are sent again with the same client_msg_id: the server stores each once.
 */
import { ReconnectingSocket, socketUrl } from "../ws-client/ws-client.js";

const CONNECTED_SHOWN_MS = 5000;

/** The frame to send when the socket opens: resume, start, or nothing (null). */
export function openingFrame(state, lastMessageId, lang) {
  if (state.conversationId) {
    return {
      action: "resume",
      conversation_id: state.conversationId,
      resume_token: state.resumeToken,
      after: state.resumedOnce ? lastMessageId : null,
    };
  }
  if (state.startTopic) return { action: "start", topic: state.startTopic, lang, start_id: state.startId };
  return null;
}

export function createConnection(w) {
  const { t } = w;

  function send(frame) {
    return !!w.socket && w.socket.send(frame);
  }

  /** A send or typing frame names its conversation once the widget knows it (the server checks it). */
  function withConversation(frame) {
    if (w.state.conversationId) frame.conversation_id = w.state.conversationId;
    return frame;
  }

  function flushPending() {
    const state = w.state;
    if (!state.ready || state.status === "closed") return;
    state.pending.forEach((p) => send(withConversation({ action: "send", client_msg_id: p.id, text: p.text })));
  }

  function onOpen() {
    const state = w.state;
    state.ready = false;
    const wasLost = state.linkLost;
    state.linkLost = false;
    w.view.setConnection(t("connected"), "ok");
    // "Connecté" is said once the link is back, then the line empties (no permanent noise).
    state.connectedTimer = setTimeout(() => {
      if (!w.state.linkLost) w.view.setConnection("", "off");
    }, wasLost ? CONNECTED_SHOWN_MS : CONNECTED_SHOWN_MS / 2);
    const frame = openingFrame(state, w.log.watermark(), w.lang);
    if (frame) send(frame);
  }

  function onStatus(status) {
    if (status === "open") return;
    w.state.ready = false;
    if (status === "connecting") w.view.setConnection(t("connecting"), "wait");
    else if (status === "reconnecting") {
      w.state.linkLost = true;
      w.view.hideTyping(); // nobody knows while the link is down
      w.view.setConnection(t("reconnecting") + " " + t("link_lost_hint"), "lost");
    } else w.view.setConnection("", "off");
  }

  function onFrame(frame) {
    const handler = frame && w.frames[frame.type];
    if (handler && !w.state.exited) handler(frame);
  }

  function ensureSocket() {
    if (w.socket) {
      if (w.socket.isOpen()) onOpen();
      return;
    }
    w.socket = new ReconnectingSocket({
      url: () => socketUrl(w.config),
      onOpen,
      onFrame,
      onStatus,
    });
    w.socket.start();
  }

  function stopSocket() {
    const current = w.socket;
    w.socket = null;
    w.state.ready = false;
    if (current) current.stop();
  }

  /** The server forgot this connection: start a new one (which resumes). */
  function restartSocket() {
    if (!w.socket) return false;
    w.socket.stop();
    w.socket.start();
    return true;
  }

  return { send, withConversation, flushPending, ensureSocket, stopSocket, restartSocket };
}
