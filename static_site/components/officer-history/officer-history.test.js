import test from "node:test";
import assert from "node:assert/strict";
import { createHistoryApi, historyPath } from "./history-api.js";

test("the history's paths carry the search (trimmed, 100 characters at most) and the id, encoded", () => {
  assert.equal(historyPath("/api"), "/api/agent/history");
  assert.equal(historyPath("/api", { query: "  vol vélo " }), "/api/agent/history?q=vol%20v%C3%A9lo");
  assert.equal(historyPath("/api", { query: "x".repeat(150) }).length, "/api/agent/history?q=".length + 100);
  assert.equal(historyPath("/api", { id: "a/b" }), "/api/agent/history/a%2Fb");
});

test("the history client sends the ID token and answers the server's code, or network when unreachable", async () => {
  const calls = [];
  const api = createHistoryApi({
    apiBase: "/api",
    idToken: () => "id-token",
    fetch: async (path, init) => {
      calls.push([path, init]);
      return { ok: path.endsWith("/history"), status: path.endsWith("/history") ? 200 : 404, json: async () => (path.endsWith("/history") ? { conversations: [] } : { code: "not_found" }) };
    },
  });
  assert.deepEqual(await api.list(), { ok: true, status: 200, conversations: [] });
  assert.equal(calls[0][1].headers.Authorization, "Bearer id-token");
  assert.deepEqual(await api.read("c1"), { ok: false, status: 404, code: "not_found" });
  const offline = createHistoryApi({ apiBase: "/api", idToken: () => "x", fetch: async () => Promise.reject(new TypeError("down")) });
  assert.equal((await offline.list()).code, "network");
  const signedOut = createHistoryApi({ apiBase: "/api", idToken: () => null, fetch: async () => assert.fail("no call") });
  assert.equal((await signedOut.list()).status, 401);
});
