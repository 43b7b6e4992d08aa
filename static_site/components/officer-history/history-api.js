/*
 * Today's history's REST routes (docs/protocol.md, "Today's history (officers)"), with the officer's ID
 * token in `Authorization: Bearer`: {ok: true, …} or {ok: false, status, code}; a network failure is
 * {ok: false, status: 0, code: "network"}.
 */

/** The path of the list (with its search, at most 100 characters) or of one conversation. */
export function historyPath(apiBase, { id = null, query = "" } = {}) {
  let path = (apiBase || "/api") + "/agent/history";
  if (id) return path + "/" + encodeURIComponent(id);
  const q = query.trim().slice(0, 100);
  if (q) path += "?q=" + encodeURIComponent(q);
  return path;
}

export function createHistoryApi({ apiBase, idToken, fetch: fetchFn = globalThis.fetch.bind(globalThis) }) {
  async function get(path) {
    const token = idToken();
    if (!token) return { ok: false, status: 401, code: "invalid_token" };
    let answer;
    try {
      answer = await fetchFn(path, { headers: { Authorization: "Bearer " + token, Accept: "application/json" }, cache: "no-store" });
    } catch (ignored) {
      return { ok: false, status: 0, code: "network" };
    }
    const data = await answer.json().catch(() => ({}));
    if (answer.ok) return { ok: true, status: answer.status, ...data };
    return { ok: false, status: answer.status, code: data.code || "http_" + answer.status };
  }

  return {
    list: (query = "") => get(historyPath(apiBase, { query })),
    read: (id) => get(historyPath(apiBase, { id })),
  };
}
