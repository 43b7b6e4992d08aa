/*
 * The reports inbox's REST routes (docs/protocol.md, "Reports inbox"), with the officer's ID token in
 * `Authorization: Bearer`: {ok: true, …body} or {ok: false, status, code, fields?}; a network failure is
 * {ok: false, status: 0, code: "network"}. The export answers {ok: true, blob, filename}.
 */
import { attachmentName, exportPath, listPath, reportPath } from "./inbox-format.js";

export function createInboxApi({ apiBase, idToken, fetch: fetchFn = globalThis.fetch.bind(globalThis) }) {
  async function call(path, { method = "GET", body = undefined, raw = false } = {}) {
    const token = idToken();
    if (!token) return { ok: false, status: 401, code: "invalid_token" };
    const headers = { Authorization: "Bearer " + token, Accept: raw ? "text/csv" : "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let answer;
    try {
      answer = await fetchFn(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (ignored) {
      return { ok: false, status: 0, code: "network" };
    }
    if (raw && answer.ok) {
      const filename = attachmentName(answer.headers.get("Content-Disposition"));
      return { ok: true, status: answer.status, blob: await answer.blob(), filename };
    }
    const data = await answer.json().catch(() => ({}));
    if (answer.ok) return { ok: true, status: answer.status, ...data };
    return { ok: false, status: answer.status, code: data.code || "http_" + answer.status, fields: data.fields };
  }

  return {
    list: (filters, cursor = null) => call(listPath(apiBase, filters, cursor)),
    read: (reference) => call(reportPath(apiBase, reference)),
    contact: (reference) => call(reportPath(apiBase, reference, "contact")),
    change: (reference, change) => call(reportPath(apiBase, reference, "status"), { method: "POST", body: change }),
    units: () => call((apiBase || "/api") + "/agent/report-units"),
    exportCsv: (filters, withContact) => call(exportPath(apiBase, filters, withContact), { raw: true }),
  };
}
