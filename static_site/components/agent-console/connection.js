/*
 * The console's link, through the shared websocket client: on every (re)connection it asks for a sync
 * (the server answers with the officer's state, conversations and the queue). The connection line says
 * how the link is; a handshake refused again and again while the site answers means the officer's
 * credentials are no longer accepted: the console signs out.
 */
import { ReconnectingSocket } from "../ws-client/ws-client.js";
import { setText } from "../dom/dom.js";
import { t } from "./strings.js";

const REFUSED_AFTER_FAILURES = 3;

export function createConnection(c) {
  const { el } = c;

  function send(frame) {
    return !!c.socket && c.socket.send(frame);
  }

  /** Whether the console's own link is up: while it is down, the citizens' presence is not known. */
  function setLinkUp(up) {
    if (c.state.linkUp === up) return;
    c.state.linkUp = up;
    c.chats.renderAll();
  }

  function showLine(value, kind) {
    setText(el.connection, value);
    el.connection.className = "connection connection--" + kind;
  }

  function onStatus(status) {
    setLinkUp(status === "open");
    if (status === "open") {
      showLine(t("connected"), "ok");
      return;
    }
    if (status === "stopped" && c.state.replaced) {
      showLine(t("replaced_elsewhere"), "lost");
      return;
    }
    if (status === "connecting") {
      showLine(t("connecting"), "wait");
      return;
    }
    if (status !== "reconnecting") return;
    showLine(t("reconnecting"), "lost");
    const socket = c.socket;
    if (socket && socket.failuresBeforeOpen() >= REFUSED_AFTER_FAILURES) {
      fetch(c.config.apiBase + "/health")
        .then((answer) => {
          if (answer.ok && c.socket && c.socket.failuresBeforeOpen() >= REFUSED_AFTER_FAILURES) {
            c.signIn.logout(t("session_invalid"));
          }
        })
        .catch(() => {
          /* the network is down: keep retrying */
        });
    }
  }

  function onFrame(frame) {
    const handler = frame && c.frames[frame.type];
    if (handler) handler(frame);
    // Components that follow frames of their own (the supervisor's panel) subscribe here.
    (c.frameListeners || []).forEach((listen) => listen(frame));
  }

  /** Open the link; `url` gives the websocket URL at each attempt (null gives up). */
  function open(url) {
    c.socket = new ReconnectingSocket({
      url,
      onOpen: () => send({ action: "sync" }),
      onFrame,
      onStatus,
    });
    c.socket.start();
  }

  /** Say away, then close (sign-out); a replaced console has nothing to say. */
  function close() {
    if (!c.socket || c.state.replaced) return;
    send({ action: "set_status", status: "away" });
    const closing = c.socket;
    c.socket = null;
    setTimeout(() => closing.stop(), 100);
  }

  return { send, open, close };
}
