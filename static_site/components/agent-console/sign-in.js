/*
 * Signing the officer in and out. Today: the identifier and password are posted to /api/auth/login (the
 * local identity provider) and the token is kept in sessionStorage until sign-out; the websocket opens
 * with it. The OIDC sign-in (components/officer-session/) replaces what is inside `login`, `socketUrl`
 * and the start; `open` and `logout` stay the console's entry points.
 */
import { setText } from "../dom/dom.js";
import { socketUrl as wsUrl } from "../ws-client/ws-client.js";
import { STATUS_KEY, freshConsoleState, sessionRead, sessionWrite } from "./state.js";
import { t } from "./strings.js";
import { claimsOf, tokenExpired } from "./token.js";

export const TOKEN_KEY = "guichet.agent.token";

export function createSignIn(c) {
  const { el } = c;

  function login(event) {
    event.preventDefault();
    c.alert("");
    el.loginButton.disabled = true;
    fetch(c.config.apiBase + "/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ username: el.username.value, password: el.password.value }),
    })
      .then((answer) => {
        if (answer.status === 401 || answer.status === 403) throw new Error("credentials");
        if (!answer.ok) throw new Error("http");
        return answer.json();
      })
      .then((data) => {
        el.password.value = "";
        sessionWrite(TOKEN_KEY, data.token);
        open(data.token);
      })
      .catch((err) => {
        c.alert(err.message === "credentials" ? t("wrong_credentials") : t("login_unavailable"));
      })
      .then(() => {
        el.loginButton.disabled = false;
      });
  }

  /** The websocket URL for this officer, or null (and a sign-out) once the token has expired. */
  function socketUrl() {
    const token = c.state.token;
    if (!token || tokenExpired(token)) {
      setTimeout(() => logout(t("session_expired")), 0);
      return null;
    }
    return wsUrl(c.config, { token });
  }

  /** Show the console for this token and connect. */
  function open(token) {
    const state = c.state;
    state.token = token;
    c.replaced.hide();
    state.desiredStatus = sessionRead(STATUS_KEY) === "available" ? "available" : "away";
    el.login.hidden = true;
    el.console.hidden = false;
    el.whoami.hidden = false;
    setText(el.agentName, claimsOf(token).name || "");
    c.status.render();
    c.chats.renderTabs();
    c.waiting.render();
    c.connection.open(socketUrl);
  }

  /** Sign out: away first, forget the token and the chosen status, back to the sign-in form with a message. */
  function logout(message) {
    c.replaced.hide();
    c.connection.close();
    sessionWrite(TOKEN_KEY, null);
    sessionWrite(STATUS_KEY, null);
    const topics = c.state.topics;
    c.state = freshConsoleState();
    c.state.topics = topics;
    c.chats.clear();
    el.waitingList.replaceChildren();
    el.console.hidden = true;
    el.whoami.hidden = true;
    el.login.hidden = false;
    c.alert(typeof message === "string" ? message : "");
    el.username.focus();
  }

  /** At page load: the kept token if it still holds, else the sign-in form. */
  function start() {
    const token = sessionRead(TOKEN_KEY);
    if (token && !tokenExpired(token)) open(token);
    else {
      sessionWrite(TOKEN_KEY, null);
      el.username.focus();
    }
  }

  function install() {
    el.loginForm.addEventListener("submit", login);
    el.logout.addEventListener("click", () => logout(""));
  }

  return { install, start, open, logout };
}
