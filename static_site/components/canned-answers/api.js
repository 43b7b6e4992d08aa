/*
 * The canned answers' REST routes (docs/protocol.md, "Canned answers"), with the officer's ID token in
 * `Authorization: Bearer`. Every call answers what the server said: {ok: true, …} or {ok: false, status,
 * code, fields}; a network failure is {ok: false, status: 0, code: "network"}.
 */

/** The path of the answers, or of one answer, with its search. */
export function answersPath(apiBase, { id = null, query = "" } = {}) {
  let path = (apiBase || "/api") + "/agent/canned-answers";
  if (id) path += "/" + encodeURIComponent(id);
  const q = query.trim().slice(0, 100);
  if (q) path += "?q=" + encodeURIComponent(q);
  return path;
}

/**
 * options.apiBase   GUICHET_CONFIG.apiBase
 * options.idToken   () => the officer's ID token, or null when signed out
 * options.fetch     the browser's, replaceable in tests
 */
export function createCannedApi({ apiBase, idToken, fetch: fetchFn = globalThis.fetch.bind(globalThis) }) {
  async function call(method, path, body) {
    const token = idToken();
    if (!token) return { ok: false, status: 401, code: "invalid_token" };
    const headers = { Authorization: "Bearer " + token, Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    let answer;
    try {
      answer = await fetchFn(path, { method, headers, body: body ? JSON.stringify(body) : undefined, cache: "no-store" });
    } catch (ignored) {
      return { ok: false, status: 0, code: "network" };
    }
    let data = {};
    if (answer.status !== 204) data = await answer.json().catch(() => ({}));
    if (answer.ok) return { ok: true, status: answer.status, ...data };
    return { ok: false, status: answer.status, code: data.code || "http_" + answer.status, fields: data.fields || {} };
  }

  return {
    list: (query = "") => call("GET", answersPath(apiBase, { query })),
    create: (body) => call("POST", answersPath(apiBase), body),
    update: (id, body) => call("PUT", answersPath(apiBase, { id }), body),
    remove: (id) => call("DELETE", answersPath(apiBase, { id })),
  };
}
