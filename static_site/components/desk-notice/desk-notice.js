/*
 * A desk notice as the citizen's widget shows it, and as the console's editor previews it: the text, then its
 * links. Every text goes in as text; a link outside this site opens in a new window (rel="noopener noreferrer").
 */
import { make } from "../dom/dom.js";
import { noticeView } from "./desk-notice-data.js";

/**
 * The element for one notice ("pinned" or "surge") in `lang`, or null when it has nothing to show.
 * labels: {pinned, surge, newWindow}: the heading of each kind, and the new-window hint.
 */
export function noticeElement(doc, kind, notice, lang, labels) {
  const view = noticeView(notice, lang);
  if (!view) return null;
  const box = make("div", "desk-notice desk-notice--" + kind, null, doc);
  box.setAttribute("data-desk-notice", kind);
  box.appendChild(make("p", "desk-notice__kind", labels[kind], doc));
  if (view.text) box.appendChild(make("p", "desk-notice__text", view.text, doc));
  if (view.links.length) {
    const list = make("ul", "desk-notice__links", null, doc);
    view.links.forEach((link) => {
      const anchor = make("a", "desk-notice__link", link.label, doc);
      anchor.href = link.href;
      if (link.external) {
        anchor.target = "_blank";
        anchor.rel = "noopener noreferrer";
        anchor.appendChild(make("span", "visually-hidden", " " + labels.newWindow, doc));
      }
      const item = make("li", null, null, doc);
      item.appendChild(anchor);
      list.appendChild(item);
    });
    box.appendChild(list);
  }
  return box;
}

/** Fill `container` with the notices of a desk (GET /api/desk's `notices`); returns how many are shown. */
export function renderNotices(container, notices, lang, labels) {
  const doc = container.ownerDocument;
  const shown = ["surge", "pinned"]
    .map((kind) => noticeElement(doc, kind, notices && notices[kind], lang, labels))
    .filter(Boolean);
  container.replaceChildren(...shown);
  return shown.length;
}
