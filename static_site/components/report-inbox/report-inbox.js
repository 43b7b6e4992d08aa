/*
 * The reports inbox (signalements.html), for officers and supervisors: sign in with the console's session
 * (components/officer-session/: code + PKCE, coming back to this page), the citizens' reports newest first
 * with filters, a report's detail, its triage (new → in progress → forwarded to a unit → closed, with a note),
 * its contact details behind an explicit button (audited by the server), and the supervisors' CSV export.
 *
 * The markup is signalements.html's; this module finds it and wires inbox-list.js, inbox-detail.js and
 * inbox-export.js, which share one object `i`. Reports are hostile input: every text goes in as text.
 */
import { setText } from "../dom/dom.js";
import { createOfficerSession } from "../officer-session/officer-session.js";
import { createInboxApi } from "./inbox-api.js";
import { createInboxDetail } from "./inbox-detail.js";
import { createInboxExport } from "./inbox-export.js";
import { createInboxList } from "./inbox-list.js";
import { officerFromProfile } from "./inbox-format.js";

const IDS = [
  "inbox-whoami", "inbox-agent-name", "inbox-logout", "inbox-alert", "inbox-status", "inbox-login",
  "inbox-login-button", "inbox", "inbox-filters", "filter-status", "filter-kind", "filter-commune", "filter-from",
  "filter-to", "filter-reset", "inbox-export", "export-contact", "export-button", "export-status", "inbox-list-title",
  "inbox-count", "inbox-empty", "inbox-list", "inbox-more", "inbox-item-template", "report-detail", "report-title",
  "report-kind", "report-status", "report-created", "report-place", "report-when", "report-handler", "report-unit",
  "report-description", "report-details", "contact-anonymous", "contact-not-yours", "contact-hidden", "contact-show",
  "contact-shown", "contact-name", "contact-email", "contact-phone", "triage-form", "triage-steps",
  "triage-unit-field", "triage-unit", "triage-unit-error", "triage-note", "triage-note-error", "triage-submit",
  "triage-none", "history-empty", "report-history", "report-audit", "audit-empty", "audit-list", "report-close",
];
const SIGNED_OUT_KEY = "guichet.inbox.signedOut";

function findElements(doc) {
  const el = {};
  IDS.forEach((id) => {
    el[id.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase())] = doc.getElementById(id);
  });
  return el;
}

function remember(key, value) {
  try {
    if (value == null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch (ignored) {
    /* storage unavailable: the message is not said again */
  }
}

function recall(key) {
  try {
    return sessionStorage.getItem(key);
  } catch (ignored) {
    return null;
  }
}

/** The inbox on this page, started. */
export function startInbox(doc = document) {
  const el = findElements(doc);
  const config = globalThis.GUICHET_CONFIG || { apiBase: "/api" };
  const auth = config.auth || {};
  const i = {
    el,
    config,
    officer: { agentId: "", displayName: "", supervisor: false },
    alert: (value) => setText(el.inboxAlert, value || ""),
    announce: (value) => setText(el.inboxStatus, value || ""),
    session: null,
  };
  i.api = createInboxApi({ apiBase: config.apiBase, idToken: () => (i.session ? i.session.idToken() : null) });
  i.list = createInboxList(i);
  i.detail = createInboxDetail(i);
  i.exporter = createInboxExport(i);
  /** A route answered 401: the session is over. */
  i.sessionLost = () => signOut("Votre session a pris fin : reconnectez-vous.", { local: true });

  function session() {
    if (!i.session) {
      i.session = createOfficerSession({
        config,
        redirectUri: auth.inboxRedirectUri || new URL("signalements.html", location.href).toString(),
        onEnded: () => i.sessionLost(),
        onRenewed: (user) => showOfficer(user),
      });
    }
    return i.session;
  }

  function showOfficer(user) {
    i.officer = officerFromProfile(user && user.profile);
    setText(el.inboxAgentName, i.officer.displayName);
    el.inboxExport.hidden = !i.officer.supervisor;
  }

  function open(user) {
    showOfficer(user);
    el.inboxLogin.hidden = true;
    el.inbox.hidden = false;
    el.inboxWhoami.hidden = false;
    i.detail.loadUnits();
    i.list.reload();
  }

  function signOut(message, { local = false } = {}) {
    el.inbox.hidden = true;
    el.inboxWhoami.hidden = true;
    el.inboxLogin.hidden = false;
    el.inboxLoginButton.disabled = false;
    i.detail.hide();
    i.list.clear();
    i.alert(message);
    el.inboxLoginButton.focus();
    if (!local && i.session) {
      remember(SIGNED_OUT_KEY, "1");
      i.session.signOut().catch(() => {});
    }
  }

  el.inboxLoginButton.addEventListener("click", () => {
    i.alert("");
    el.inboxLoginButton.disabled = true;
    session()
      .signIn()
      .catch(() => {
        el.inboxLoginButton.disabled = false;
        i.alert("La connexion est indisponible pour le moment. Réessayez dans un instant.");
      });
  });
  el.inboxLogout.addEventListener("click", () => signOut("Vous êtes déconnecté."));
  i.list.install();
  i.detail.install();
  i.exporter.install();

  let starting;
  try {
    starting = session().start();
  } catch (err) {
    i.alert("La connexion n'est pas configurée sur ce site.");
    doc.querySelector("[data-report-inbox]").setAttribute("data-report-inbox-init", "");
    return i;
  }
  starting
    .then((user) => {
      if (user) open(user);
      else {
        if (recall(SIGNED_OUT_KEY)) i.alert("Vous êtes déconnecté.");
        remember(SIGNED_OUT_KEY, null);
      }
    })
    .catch(() => i.alert("La connexion a échoué. Réessayez."))
    .finally(() => doc.querySelector("[data-report-inbox]").setAttribute("data-report-inbox-init", ""));
  return i;
}

if (typeof document !== "undefined" && document.querySelector("[data-report-inbox]")) startInbox();
