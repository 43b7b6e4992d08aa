/*
 * Transfers between officers and the re-queue of unanswered citizens, in the officer's console
 * (docs/protocol.md, "colleagues", "transfer", "transfer_accept", "transfer_decline", "reply_reminder").
 *
 * - Each conversation's "Transférer" opens agent.html's #transfer-dialog: it asks the server for the
 *   colleagues who may take it now (supervisors first), the officer picks one, may add a note, and the
 *   offer is sent. The panel then says it waits for the colleague's answer, then what they answered.
 * - An offer for this officer shows in #transfer-offers (not modal: the focus stays where it is; it is
 *   announced) with the topic, who offers it, the note and a countdown; "Accepter" / "Refuser".
 * - `unassigned` takes the conversation out of the workspace and says why (transferred, or no reply).
 * - `reply_reminder` warns on the conversation's panel that it will go back to the queue; the officer's
 *   next answer clears the warning.
 * Every text from a person goes in as text (setText / textContent).
 */
import { setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { timeOf } from "../chat-log/chat-log.js";
import { closeDialog, openDialog, part } from "../pick-dialog/pick-dialog.js";
import { colleagueDetail, reminderText, resultText, secondsLeft, sortColleagues, unassignedText } from "./transfer-logic.js";

const TICK_MS = 1000;
const ENDED_OFFER_SHOWN_MS = 6000;

export function createTransfer(c, doc = document) {
  const dialog = doc.getElementById("transfer-dialog");
  const form = doc.getElementById("transfer-form");
  const list = doc.getElementById("transfer-colleagues");
  const status = doc.getElementById("transfer-status");
  const note = doc.getElementById("transfer-note");
  const offers = doc.getElementById("transfer-offers");
  const offerTemplate = doc.getElementById("transfer-offer-template");
  const notice = doc.getElementById("workspace-notice");
  let target = null; // the conversation the dialog was opened for
  const pendingTo = new Map(); // conversation id → {agent_id, display_name} of the colleague offered it
  const shownOffers = new Map(); // conversation id → {node, deadline, timer}

  function aliasOf(conv) {
    return c.chats.aliasOf(conv);
  }

  // ---- the dialog (holder) ----

  function open(conv, returnTo) {
    target = conv;
    note.value = "";
    list.replaceChildren();
    setText(status, t("transfer_loading"));
    openDialog(dialog, { focus: doc.getElementById("transfer-dialog-title"), returnTo });
    if (!c.connection.send({ action: "colleagues" })) setText(status, t("transfer_offline"));
  }

  function onColleagues(frame) {
    if (!dialog.open) return;
    const colleagues = sortColleagues(frame.colleagues);
    list.replaceChildren(
      ...colleagues.map((colleague, index) => {
        const item = doc.createElement("li");
        item.className = "transfer-colleague";
        const input = doc.createElement("input");
        input.type = "radio";
        input.name = "transfer-to";
        input.value = colleague.agent_id;
        input.id = "transfer-to-" + index;
        input.dataset.name = colleague.display_name;
        const label = doc.createElement("label");
        label.htmlFor = input.id;
        const name = doc.createElement("span");
        name.className = "transfer-colleague__name";
        name.textContent = colleague.display_name;
        const detail = doc.createElement("span");
        detail.className = "transfer-colleague__detail";
        detail.textContent = colleagueDetail(colleague);
        label.append(name, " ", detail);
        item.append(input, label);
        return item;
      }),
    );
    const n = colleagues.length;
    setText(status, n === 0 ? t("transfer_none") : t(n === 1 ? "transfer_count_one" : "transfer_count_many", { n }));
    const first = list.querySelector("input");
    if (first && !list.contains(doc.activeElement)) first.focus();
  }

  function submit() {
    const chosen = list.querySelector("input:checked");
    if (!chosen) {
      setText(status, t("transfer_choose"));
      const first = list.querySelector("input");
      if (first) first.focus();
      return;
    }
    const conv = target;
    if (!conv || conv.status === "closed" || !conv.els.panel.isConnected) {
      closeDialog(dialog);
      return;
    }
    const frame = { action: "transfer", conversation_id: conv.id, to_agent_id: chosen.value };
    const text = note.value.trim();
    if (text) frame.note = text.slice(0, 500);
    if (!c.connection.send(frame)) {
      setText(status, t("transfer_offline"));
      return;
    }
    pendingTo.set(conv.id, { agent_id: chosen.value, display_name: chosen.dataset.name });
    closeDialog(dialog, { returnTo: part(conv.els.panel, "transfer-open") });
  }

  function panelStatus(conv, text) {
    setText(part(conv.els.panel, "transfer-state"), text);
  }

  function onPending(frame) {
    const conv = c.state.conversations[frame.conversation_id];
    if (!conv) return;
    const to = frame.to || pendingTo.get(conv.id) || {};
    pendingTo.set(conv.id, to);
    const until = Date.now() / 1000 + (frame.expires_in_s || 0);
    panelStatus(conv, t("transfer_pending", { name: to.display_name || t("transfer_colleague"), time: timeOf(until) }));
    part(conv.els.panel, "transfer-open").disabled = true;
  }

  function onResult(frame) {
    const conv = c.state.conversations[frame.conversation_id];
    const offer = shownOffers.get(frame.conversation_id);
    if (offer && frame.outcome !== "accepted") {
      // This officer was offered it (and declined, or let it expire).
      endOffer(frame.conversation_id, frame.outcome === "declined" ? t("transfer_offer_declined", { name: offer.from }) : t("transfer_offer_expired"));
    }
    if (!conv || !pendingTo.has(conv.id)) return;
    const to = (frame.to && frame.to.display_name) || pendingTo.get(conv.id).display_name;
    pendingTo.delete(conv.id);
    part(conv.els.panel, "transfer-open").disabled = false;
    const text = resultText(frame.outcome, to, aliasOf(conv));
    panelStatus(conv, text);
    if (frame.outcome === "accepted") conv.transferredTo = to;
    else c.announce(text);
  }

  // ---- the offer (colleague) ----

  function onOffer(frame) {
    const id = frame.conversation_id;
    if (shownOffers.has(id)) endOffer(id, null);
    const node = offerTemplate.content.firstElementChild.cloneNode(true);
    const from = (frame.from && frame.from.display_name) || t("transfer_colleague");
    const topic = c.chats.topicLabel(frame.topic);
    const deadline = Date.now() + (frame.expires_in_s || 0) * 1000;
    const title = part(node, "title");
    title.id = "offer-title-" + id;
    const body = part(node, "body");
    body.id = "offer-body-" + id;
    node.setAttribute("aria-labelledby", title.id);
    node.setAttribute("aria-describedby", body.id);
    node.setAttribute("data-conversation-id", id);
    setText(title, t("transfer_offer_title", { name: from }));
    setText(part(node, "topic"), t("transfer_offer_topic", { topic }));
    setText(part(node, "note"), frame.note ? t("transfer_offer_note", { note: frame.note }) : t("transfer_offer_no_note"));
    const countdown = part(node, "countdown");
    const accept = part(node, "accept");
    const decline = part(node, "decline");
    accept.addEventListener("click", () => answer(id, "transfer_accept"));
    decline.addEventListener("click", () => answer(id, "transfer_decline"));
    const entry = { node, deadline, from, timer: null };
    const tick = () => {
      const left = secondsLeft(deadline);
      setText(countdown, t("transfer_offer_countdown", { n: left }));
      if (left <= 0) endOffer(id, t("transfer_offer_expired"));
    };
    tick();
    entry.timer = setInterval(tick, TICK_MS);
    shownOffers.set(id, entry);
    offers.appendChild(node);
    offers.hidden = false;
    c.announce(t("transfer_offer_announce", { name: from, topic, time: timeOf(deadline / 1000) }));
  }

  function answer(id, action) {
    const entry = shownOffers.get(id);
    if (!entry) return;
    if (!c.connection.send({ action, conversation_id: id })) {
      c.alert(t("transfer_offline"));
      return;
    }
    part(entry.node, "accept").disabled = true;
    part(entry.node, "decline").disabled = true;
    if (action === "transfer_accept") endOffer(id, t("transfer_offer_accepted"));
  }

  /** The offer is answered or over: say so in it for a moment (or at once remove it), focus kept in the console. */
  function endOffer(id, text) {
    const entry = shownOffers.get(id);
    if (!entry) return;
    clearInterval(entry.timer);
    shownOffers.delete(id);
    const hadFocus = entry.node.contains(doc.activeElement);
    const drop = () => {
      const focusInside = entry.node.contains(doc.activeElement);
      entry.node.remove();
      offers.hidden = offers.children.length === 0;
      if (focusInside) c.el.chatsTitle.focus();
    };
    if (!text) {
      drop();
      return;
    }
    part(entry.node, "actions").hidden = true;
    setText(part(entry.node, "countdown"), text);
    const ended = part(entry.node, "countdown");
    if (hadFocus) {
      ended.tabIndex = -1;
      ended.focus();
    }
    setTimeout(drop, ENDED_OFFER_SHOWN_MS);
  }

  // ---- leaving the workspace, and the reminder ----

  function onUnassigned(frame) {
    const conv = c.state.conversations[frame.conversation_id];
    if (!conv) return;
    const text = unassignedText(frame.reason, aliasOf(conv), c.chats.topicLabel(conv.topic), conv.transferredTo);
    pendingTo.delete(conv.id);
    setText(notice, text);
    c.chats.remove(conv.id);
    c.status.render();
  }

  function onReminder(frame) {
    const conv = c.state.conversations[frame.conversation_id];
    if (!conv || conv.status === "closed") return;
    setText(part(conv.els.panel, "reminder"), reminderText(frame.requeue_in_s));
  }

  /** The officer answered (a message or a card acknowledged): the reminder goes. */
  function answered(conv) {
    const line = conv && conv.els && part(conv.els.panel, "reminder");
    if (line) setText(line, "");
  }

  /** A conversation's panel gets its "Transférer" button. */
  function attach(conv) {
    const button = part(conv.els.panel, "transfer-open");
    button.addEventListener("click", (event) => open(conv, event.currentTarget));
  }

  function install() {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
    doc.getElementById("transfer-cancel").addEventListener("click", () => closeDialog(dialog));
  }

  return { install, attach, open, onColleagues, onPending, onResult, onOffer, onUnassigned, onReminder, answered };
}
