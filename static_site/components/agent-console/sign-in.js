/*
 * Signing the officer in and out, through the officer's OpenID Connect session
 * (components/officer-session/: code + PKCE against Cognito's managed login on AWS, the local identity
 * provider on a laptop). "Se connecter" goes to the provider's page, which comes back with a code;
 * the websocket opens with a single-use ticket bought with the ID token, at every (re)connection.
 * `open` and `logout` stay the console's entry points.
 */
import { setText } from "../dom/dom.js";
import { SessionEndedError, createOfficerSession } from "../officer-session/officer-session.js";
import { STATUS_KEY, freshConsoleState, sessionRead, sessionWrite } from "./state.js";
import { t } from "./strings.js";

const SIGNED_OUT_KEY = "guichet.agent.signedOut";

export function createSignIn(c) {
  const { el } = c;
  let session = null;

  function ensureSession() {
    if (!session) {
      session = createOfficerSession({
        config: c.config,
        onEnded: (reason) => logout(t(reason === "expired" ? "session_expired" : "session_ended"), { local: true }),
        onRenewed: () => setText(el.agentName, session.displayName()),
      });
    }
    return session;
  }

  function login() {
    c.alert("");
    el.loginButton.disabled = true;
    ensureSession()
      .signIn()
      .catch(() => {
        el.loginButton.disabled = false;
        c.alert(t("login_unavailable"));
      });
  }

  /** The websocket URL with a fresh ticket; null (and the sign-in button) once the session has ended. */
  function socketUrl() {
    return ensureSession()
      .socketUrl()
      .catch((err) => {
        if (!(err instanceof SessionEndedError)) throw err; // the network: the socket retries
        setTimeout(() => logout(t("session_invalid"), { local: true }), 0);
        return null;
      });
  }

  /** Show the console and connect. */
  function open() {
    const state = c.state;
    c.replaced.hide();
    state.desiredStatus = sessionRead(STATUS_KEY) === "available" ? "available" : "away";
    el.login.hidden = true;
    el.console.hidden = false;
    el.whoami.hidden = false;
    setText(el.agentName, ensureSession().displayName());
    c.status.render();
    c.chats.renderWorkspace();
    c.waiting.render();
    c.connection.open(socketUrl);
    if (c.deskNotices) c.deskNotices.signedIn();
  }

  /**
   * Sign out: away first, forget the chosen status, back to the sign-in button with a message. The
   * officer's own sign-out also ends the provider's session (the browser goes there and comes back);
   * a session that ended by itself (`local`) only shows the message.
   */
  function logout(message, { local = false } = {}) {
    c.replaced.hide();
    c.connection.close();
    sessionWrite(STATUS_KEY, null);
    const topics = c.state.topics;
    c.state = freshConsoleState();
    c.state.topics = topics;
    c.chats.clear();
    if (c.board) c.board.reset();
    el.waitingList.replaceChildren();
    el.console.hidden = true;
    if (c.deskNotices) c.deskNotices.signedOut();
    el.whoami.hidden = true;
    el.login.hidden = false;
    el.loginButton.disabled = false;
    c.alert(typeof message === "string" ? message : "");
    el.loginButton.focus();
    if (!local && session) {
      sessionWrite(SIGNED_OUT_KEY, "1"); // said again when the provider brings the browser back
      setTimeout(() => session.signOut().catch(() => {}), 150); // once "away" has left
    }
  }

  /** At page load: a sign-in coming back from the provider, or this tab's session, else the button. */
  function start() {
    let current;
    try {
      current = ensureSession().start();
    } catch (err) {
      c.alert(t("login_unavailable"));
      return;
    }
    current
      .then((user) => {
        if (user) open();
        else {
          if (sessionRead(SIGNED_OUT_KEY)) c.alert(t("signed_out"));
          sessionWrite(SIGNED_OUT_KEY, null);
          el.loginButton.focus();
        }
      })
      .catch(() => {
        c.alert(t("sign_in_failed"));
        el.loginButton.focus();
      });
  }

  function install() {
    el.loginButton.addEventListener("click", login);
    el.logout.addEventListener("click", () => logout(t("signed_out")));
  }

  /** The officer's ID token for the officers' REST routes (canned answers), or null when signed out. */
  function idToken() {
    return session ? session.idToken() : null;
  }

  return { install, start, open, logout, idToken };
}
