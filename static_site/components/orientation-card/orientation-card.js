/*
 * An orientation card in a chat log (the citizen's widget and the officer's console): what kind of help
 * it is, and its title as a link that opens in a new window (rel="noopener noreferrer": the new page
 * gets no hold on this one, nor this tab's session). A card without a safe link shows its title only.
 * Every text goes in as text.
 */
import { make } from "../dom/dom.js";
import { cardView } from "./card-data.js";

/**
 * The card's element for a message {kind: "card", card, text}.
 * labels: {sheet, service, unit, report, card, newWindow}: the kind's words and the new-window hint.
 */
export function cardElement(doc, message, labels, origin = doc.defaultView ? doc.defaultView.location.origin : "") {
  const view = cardView(message, origin);
  const box = make("div", "ocard ocard--" + (view.kind || "other"), null, doc);
  box.appendChild(make("p", "ocard__kind", (view.kind && labels[view.kind]) || labels.card, doc));
  if (!view.href) {
    box.appendChild(make("p", "ocard__title", view.title, doc));
    return box;
  }
  const line = make("p", "ocard__title", null, doc);
  const link = make("a", "ocard__link", view.title, doc);
  link.href = view.href;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  link.appendChild(make("span", "visually-hidden", " " + labels.newWindow, doc));
  line.appendChild(link);
  box.appendChild(line);
  return box;
}
