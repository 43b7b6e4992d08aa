// The reports inbox's pure parts: query strings, the steps an officer is offered, where contact details
// may appear, dates of the desk, the export's file name, the officer a token names, the error sentences.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  attachmentName,
  cleanFilters,
  contactState,
  detailText,
  errorMessage,
  exportPath,
  formatWhen,
  historyLine,
  listPath,
  nextSteps,
  officerFromProfile,
  reportPath,
} from "./inbox-format.js";
import { createInboxApi } from "./inbox-api.js";

const OFFICER = { agentId: "agent1", displayName: "Gardienne de la paix Léa B.", supervisor: false };
const OTHER = { agentId: "agent2", displayName: "Brigadier Karim D.", supervisor: false };
const SUPERVISOR = { agentId: "superviseur", displayName: "Capitaine Hélène R.", supervisor: true };

test("empty filters are left out, the status defaults to new, and the commune is trimmed", () => {
  assert.deepEqual(cleanFilters({ status: "", kind: "", commune: "  Bègles ", from: "", to: "" }), {
    status: "new",
    commune: "Bègles",
  });
  assert.equal(
    listPath("/api", { status: "closed", kind: "rodeo", commune: "Saint-Émilion", from: "2026-12-01", to: "2026-12-02" }),
    "/api/agent/reports?status=closed&kind=rodeo&commune=Saint-%C3%89milion&from=2026-12-01&to=2026-12-02",
  );
  assert.equal(listPath("", {}, "abc/=="), "/api/agent/reports?status=new&cursor=abc%2F%3D%3D");
});

test("the export carries the same filters, and contact=1 only when asked for", () => {
  const filters = { status: "forwarded", commune: "Arcachon" };
  assert.equal(exportPath("/api", filters, false), "/api/agent/report-export?status=forwarded&commune=Arcachon");
  assert.equal(exportPath("/api", filters, true), "/api/agent/report-export?status=forwarded&commune=Arcachon&contact=1");
});

test("a reference is escaped in the path of a report and of its parts", () => {
  assert.equal(reportPath("/api", "SIG-2026-ABCDEF"), "/api/agent/reports/SIG-2026-ABCDEF");
  assert.equal(reportPath("/api", "../x?y", "contact"), "/api/agent/reports/..%2Fx%3Fy/contact");
});

test("anyone takes a new report; only its handler or a supervisor moves it on; a closed one goes nowhere", () => {
  const handled = (status) => ({ status, handler: { agent_id: "agent1", display_name: "Léa" } });
  assert.deepEqual(nextSteps({ status: "new", handler: null }, OTHER), ["in_progress"]);
  assert.deepEqual(nextSteps(handled("in_progress"), OFFICER), ["forwarded", "closed"]);
  assert.deepEqual(nextSteps(handled("in_progress"), OTHER), []);
  assert.deepEqual(nextSteps(handled("in_progress"), SUPERVISOR), ["forwarded", "closed"]);
  assert.deepEqual(nextSteps(handled("forwarded"), OFFICER), ["closed"]);
  assert.deepEqual(nextSteps(handled("closed"), SUPERVISOR), []);
});

test("the contact area offers the button only when the server says this officer may see them", () => {
  assert.equal(contactState({ has_contact: false, may_see_contact: false }), "anonymous");
  assert.equal(contactState({ has_contact: true, may_see_contact: false }), "not_yours");
  assert.equal(contactState({ has_contact: true, may_see_contact: true }), "hidden");
});

test("dates are the desk's (Paris), whatever the browser's zone", () => {
  assert.equal(formatWhen(Date.UTC(2026, 11, 2, 9, 53) / 1000), "02/12/2026 à 10:53");
  assert.equal(formatWhen(Date.UTC(2026, 6, 14, 22, 5) / 1000), "15/07/2026 à 00:05");
  assert.equal(formatWhen(null), "");
});

test("a history line says the status, when, who and the unit", () => {
  const step = {
    status: "forwarded",
    at: Date.UTC(2026, 11, 2, 9, 0) / 1000,
    by: { agent_id: "agent2", display_name: "Brigadier Karim D." },
    note: "",
    unit: { id: "u", name: "Commissariat de police d'Arcachon" },
  };
  assert.equal(
    historyLine(step),
    "Transmis à une unité — 02/12/2026 à 10:00, par Brigadier Karim D. (vers Commissariat de police d'Arcachon)",
  );
});

test("details are named in French, lists joined", () => {
  assert.equal(detailText(["motos", "quads"]), "motos, quads");
  assert.equal(detailText("chaque-semaine"), "Chaque semaine");
  assert.equal(detailText("3 ou 4"), "3 ou 4");
});

test("the export's file name comes from Content-Disposition, and only a plain one is kept", () => {
  assert.equal(attachmentName('attachment; filename="signalements-new-20261202-1053.csv"'), "signalements-new-20261202-1053.csv");
  assert.equal(attachmentName('attachment; filename="../../etc/passwd"'), "signalements.csv");
  assert.equal(attachmentName(null), "signalements.csv");
});

test("the officer a token names: Cognito's username, name and groups (a list or API Gateway's string)", () => {
  assert.deepEqual(
    officerFromProfile({ "cognito:username": "superviseur", name: "Capitaine Hélène R.", "cognito:groups": ["agents", "supervisors"] }),
    SUPERVISOR,
  );
  assert.equal(officerFromProfile({ "cognito:username": "a", "cognito:groups": "[agents supervisors]" }).supervisor, true);
  assert.equal(officerFromProfile({ "cognito:username": "agent1", "cognito:groups": ["agents"] }).supervisor, false);
  assert.equal(officerFromProfile(undefined).agentId, "");
});

test("every error code the inbox meets has a sentence, and an unknown one a generic sentence", () => {
  for (const code of ["network", "not_found", "not_your_report", "invalid_transition", "report_changed", "unknown_unit", "officer_only"]) {
    assert.notEqual(errorMessage(code), errorMessage("something_else"), code);
  }
});

test("the API sends the ID token as a Bearer header, the triage change as JSON, and reads the CSV as a file", async () => {
  const asked = [];
  const fetch = async (url, init) => {
    asked.push([url, init]);
    if (url.includes("report-export")) {
      return {
        ok: true,
        status: 200,
        headers: { get: () => 'attachment; filename="signalements-new-1.csv"' },
        blob: async () => "csv",
      };
    }
    return { ok: false, status: 409, json: async () => ({ code: "report_changed" }) };
  };
  const api = createInboxApi({ apiBase: "/api", idToken: () => "id.tok", fetch });
  assert.deepEqual(await api.change("SIG-2026-ABCDEF", { status: "closed", note: "ok" }), {
    ok: false,
    status: 409,
    code: "report_changed",
    fields: undefined,
  });
  assert.equal(asked[0][1].method, "POST");
  assert.equal(asked[0][1].headers.Authorization, "Bearer id.tok");
  assert.equal(asked[0][1].body, JSON.stringify({ status: "closed", note: "ok" }));
  const file = await api.exportCsv({ status: "new" }, true);
  assert.deepEqual(file, { ok: true, status: 200, blob: "csv", filename: "signalements-new-1.csv" });
  assert.equal(asked[1][0], "/api/agent/report-export?status=new&contact=1");
  const signedOut = createInboxApi({ apiBase: "/api", idToken: () => null, fetch });
  assert.equal((await signedOut.list({})).status, 401);
  assert.equal(asked.length, 2); // nothing sent without a token
});
