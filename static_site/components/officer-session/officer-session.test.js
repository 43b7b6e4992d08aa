// The officer's session without a browser: settings, callback addresses, ticket URLs, and the session
// over a fake oidc-client-ts (what it asks the provider, when it says the session ended).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  SessionEndedError,
  createOfficerSession,
  isSignInCallback,
  oidcSettings,
  signOutParams,
  ticketUrl,
  withRedirect,
  withoutCallbackParams,
} from "./officer-session.js";

const AUTH = {
  authority: "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Pool",
  clientId: "client123",
  redirectUri: "https://site.example/agent.html",
  postLogoutRedirectUri: "https://site.example/agent.html",
  scope: "openid profile email",
  endSessionEndpoint: "https://guichet.auth.eu-west-3.amazoncognito.com/logout",
};

test("the settings ask for the code flow, renew before expiry, and seed Cognito's end-session endpoint", () => {
  const settings = oidcSettings(AUTH);
  assert.equal(settings.response_type, "code");
  assert.equal(settings.client_id, "client123");
  assert.equal(settings.automaticSilentRenew, true);
  assert.equal(settings.accessTokenExpiringNotificationTimeInSeconds, 60);
  assert.deepEqual(settings.metadataSeed, { end_session_endpoint: AUTH.endSessionEndpoint });
  assert.equal("metadataSeed" in oidcSettings({ ...AUTH, endSessionEndpoint: undefined }), false);
});

test("a callback address is told apart and cleaned of its code and state", () => {
  const back = "https://site.example/agent.html?code=abc&state=xyz";
  assert.equal(isSignInCallback(back), true);
  assert.equal(isSignInCallback("https://site.example/agent.html?error=access_denied&state=x"), true);
  assert.equal(isSignInCallback("https://site.example/agent.html"), false);
  assert.equal(withoutCallbackParams(back + "&keep=1"), "https://site.example/agent.html?keep=1");
});

test("the socket opens with a ticket, on the configured websocket or this host's /ws", () => {
  const location = { protocol: "https:", host: "site.example", href: "https://site.example/agent.html" };
  assert.equal(ticketUrl(null, "t/1", location), "wss://site.example/ws?ticket=t%2F1");
  assert.equal(
    ticketUrl("wss://abc.execute-api.eu-west-3.amazonaws.com/api", "t", location),
    "wss://abc.execute-api.eu-west-3.amazonaws.com/api?ticket=t",
  );
});

test("sign-out names the client and where to come back, as Cognito's /logout wants", () => {
  assert.deepEqual(signOutParams(AUTH), { client_id: "client123", logout_uri: AUTH.postLogoutRedirectUri });
});

function fakeOidc(user) {
  const calls = [];
  const handlers = {};
  class UserManager {
    constructor(settings) {
      this.settings = settings;
      this.events = {
        addUserLoaded: (f) => (handlers.loaded = f),
        addSilentRenewError: (f) => (handlers.renewError = f),
        addAccessTokenExpired: (f) => (handlers.expired = f),
      };
    }
    async getUser() {
      return user;
    }
    async removeUser() {
      calls.push(["removeUser"]);
    }
    async signinRedirect() {
      calls.push(["signinRedirect"]);
    }
    async signinRedirectCallback(url) {
      calls.push(["signinRedirectCallback", url]);
      return user;
    }
    async signoutRedirect(args) {
      calls.push(["signoutRedirect", args]);
    }
  }
  return { oidc: { UserManager }, calls, handlers };
}

const USER = { id_token: "id.token.sig", expired: false, profile: { name: "Brigadier Karim D." } };

function browser(href) {
  const replaced = [];
  return {
    location: { href, protocol: "http:", host: "127.0.0.1:8000" },
    history: { state: null, replaceState: (_s, _t, url) => replaced.push(url) },
    replaced,
  };
}

test("coming back from the provider finishes the sign-in and clears the address bar", async () => {
  const fake = fakeOidc(USER);
  const page = browser("http://127.0.0.1:8000/agent.html?code=c&state=s");
  const session = createOfficerSession({ config: { auth: AUTH }, oidc: fake.oidc, ...page });
  assert.equal(await session.start(), USER);
  assert.deepEqual(fake.calls[0], ["signinRedirectCallback", "http://127.0.0.1:8000/agent.html?code=c&state=s"]);
  assert.deepEqual(page.replaced, ["http://127.0.0.1:8000/agent.html"]);
  assert.equal(session.displayName(), "Brigadier Karim D.");
});

test("a ticket is asked with the ID token as a Bearer header, never in a URL", async () => {
  const fake = fakeOidc(USER);
  const asked = [];
  const fetch = async (url, init) => {
    asked.push([url, init]);
    return { ok: true, status: 200, json: async () => ({ ticket: "tk" }) };
  };
  const page = browser("http://127.0.0.1:8000/agent.html");
  const session = createOfficerSession({ config: { apiBase: "/api", wsUrl: null, auth: AUTH }, oidc: fake.oidc, fetch, ...page });
  await session.start();
  assert.equal(await session.socketUrl(), "ws://127.0.0.1:8000/ws?ticket=tk");
  assert.equal(asked[0][0], "/api/agent/ws-ticket");
  assert.equal(asked[0][1].headers.Authorization, "Bearer id.token.sig");
});

test("a refused ticket or no session is a session that ended", async () => {
  const fake = fakeOidc(USER);
  const fetch = async () => ({ ok: false, status: 401, json: async () => ({}) });
  const session = createOfficerSession({ config: { auth: AUTH }, oidc: fake.oidc, fetch, ...browser("http://x/agent.html") });
  await assert.rejects(session.ticket(), SessionEndedError);
  await session.start();
  await assert.rejects(session.ticket(), SessionEndedError);
});

test("a renewal the provider refuses ends the session and tells the page", async () => {
  const fake = fakeOidc(USER);
  const ended = [];
  const session = createOfficerSession({
    config: { auth: AUTH },
    oidc: fake.oidc,
    onEnded: (reason) => ended.push(reason),
    ...browser("http://x/agent.html"),
  });
  await session.start();
  fake.handlers.renewError(new Error("invalid_grant"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(ended, ["ended"]);
  assert.equal(session.displayName(), "");
});

test("sign-out forgets the tokens, then goes to the provider with the ID token as a hint", async () => {
  const fake = fakeOidc(USER);
  const session = createOfficerSession({ config: { auth: AUTH }, oidc: fake.oidc, ...browser("http://x/agent.html") });
  await session.start();
  await session.signOut();
  assert.deepEqual(fake.calls.slice(-2), [
    ["removeUser"],
    ["signoutRedirect", { id_token_hint: "id.token.sig", extraQueryParams: signOutParams(AUTH) }],
  ]);
});

test("an expired kept session is dropped at load", async () => {
  const fake = fakeOidc({ ...USER, expired: true });
  const session = createOfficerSession({ config: { auth: AUTH }, oidc: fake.oidc, ...browser("http://x/agent.html") });
  assert.equal(await session.start(), null);
  assert.deepEqual(fake.calls, [["removeUser"]]);
});

test("another officer page (the reports inbox) is sent back to itself after sign-in and sign-out", async () => {
  const inbox = "https://site.example/signalements.html";
  assert.equal(withRedirect(AUTH, undefined), AUTH);
  const moved = withRedirect(AUTH, inbox);
  assert.equal(moved.redirectUri, inbox);
  assert.equal(moved.postLogoutRedirectUri, inbox);
  assert.equal(moved.clientId, AUTH.clientId);
  assert.equal(AUTH.redirectUri, "https://site.example/agent.html"); // the console's settings are untouched
  const fake = fakeOidc(USER);
  const session = createOfficerSession({
    config: { auth: AUTH },
    redirectUri: inbox,
    oidc: fake.oidc,
    ...browser("http://x/signalements.html"),
  });
  assert.equal(session.manager.settings.redirect_uri, inbox);
  assert.equal(session.manager.settings.post_logout_redirect_uri, inbox);
  await session.start();
  await session.signOut();
  assert.deepEqual(fake.calls.at(-1)[1].extraQueryParams, { client_id: AUTH.clientId, logout_uri: inbox });
});
