/*
 * Guichet chat widget, on every citizen page: a "Talk to an officer" button opens a panel where
 * the citizen picks a topic, waits in the queue (position and estimate shown live), talks with the
 * officer who joins, ends, and answers the end-of-chat survey. On /chat.html (and /en/chat.html)
 * the panel is open and large, inside the page ([data-chat-widget-slot]).
 *
 * Nothing is lost across drops, reloads and navigation between pages: the conversation id, resume
 * token, last message id and unacknowledged messages live in sessionStorage (keys starting with
 * "guichet", which the quick exit wipes); on each (re)connection the widget resumes and re-sends
 * what was not acknowledged with the same client_msg_id (the server deduplicates).
 *
 * The markup is the page's (sitegen renders site_src/components/chat-widget/); this module finds it,
 * builds the widget `w` from small modules that share it, and wires them. Strings come from the page's
 * catalogue (../i18n). Every text that comes from a person or the server is inserted as text, never as HTML.
 */
import { ChatLog } from "../chat-log/chat-log.js";
import { pageCatalogue, pageLanguage, translator } from "../i18n/i18n.js";
import { beforeLeaving } from "../quick-exit/quick-exit.js";
import { createComposer } from "./composer.js";
import { createConnection } from "./connection.js";
import { createConversation } from "./conversation.js";
import { createDesk } from "./desk.js";
import { findElements } from "./elements.js";
import { createFrameHandlers } from "./frames.js";
import { createPanel } from "./panel.js";
import { freshState } from "./state.js";
import { PANEL_KEY, createStorage } from "./storage.js";
import { createSurvey } from "./survey.js";
import { createTopics } from "./topics.js";
import { installTriggers } from "./triggers.js";
import { createView } from "./view.js";

// The quick exit waits this long at most for the server to confirm the end of the chat.
const QUICK_EXIT_END_WAIT_MS = 400;

/** The widget on this page, started; null when the page has no chat widget. */
export function startChatWidget(doc = document) {
  const el = findElements(doc);
  if (!el) return null;
  const lang = pageLanguage(doc);
  const t = translator(pageCatalogue(doc));
  const w = {
    el,
    t,
    lang,
    config: globalThis.GUICHET_CONFIG || { apiBase: "/api", wsUrl: null },
    pageMode: !!el.slot && el.slot.contains(el.panel),
    state: freshState(),
    leaving: false, // the quick exit started: nothing is written to storage any more
    socket: null,
  };
  w.log = new ChatLog(el.log, {
    authorName: (author) => w.view.authorName(author),
    locale: lang === "en" ? "en-GB" : "fr-FR",
    labels: { sending: t("sending"), notSent: t("not_sent") },
    cardLabels: {
      sheet: t("card_sheet"),
      service: t("card_service"),
      unit: t("card_unit"),
      report: t("card_report"),
      card: t("card_other"),
      newWindow: t("card_new_window"),
    },
  });
  w.storage = createStorage(w);
  w.panel = createPanel(w);
  w.topics = createTopics(w);
  w.desk = createDesk(w);
  w.view = createView(w);
  w.composer = createComposer(w);
  w.survey = createSurvey(w);
  w.connection = createConnection(w);
  w.frames = createFrameHandlers(w);
  w.conversation = createConversation(w);

  w.panel.install();
  w.topics.install();
  w.composer.install();
  w.survey.install();
  el.newChat.addEventListener("click", () => w.conversation.backToTopics("", true));
  beforeLeaving(w.conversation.endForQuickExit, QUICK_EXIT_END_WAIT_MS);
  doc.addEventListener("guichet:quick-exit", w.conversation.onQuickExit);
  const triggers = installTriggers(w);

  const stored = w.storage.loadConversation();
  if (stored && stored.conversation_id && stored.resume_token) w.conversation.restore(stored);
  if (w.pageMode || w.storage.read(PANEL_KEY) === "open") w.panel.open({ focus: false });
  else w.panel.updateLauncher();
  triggers.fromHash();
  el.mount.setAttribute("data-chat-widget-init", ""); // started, as GOV.UK Frontend marks its components
  return w;
}

startChatWidget();
