/*
 * The orientation card picker (agent.html's #card-picker): a search over what the site's orientation data
 * offers (catalogue.js), each entry sent at once to the conversation the picker was opened from as an
 * orientation card (`send_card`). The card shows in the officer's log as "sending" until acknowledged;
 * the citizen's widget shows it with its title and link in their language.
 */
import { newId } from "../ws-client/ws-client.js";
import { setText } from "../dom/dom.js";
import { t } from "../agent-console/strings.js";
import { closeDialog, openDialog, part } from "../pick-dialog/pick-dialog.js";
import { DATA_FILES, buildCatalogue, cardFrame, searchCatalogue } from "./catalogue.js";

const SEARCH_DELAY_MS = 120;

export function createCardPicker(c, doc = document) {
  const dialog = doc.getElementById("card-picker");
  const search = doc.getElementById("card-search");
  const status = doc.getElementById("card-picker-status");
  const list = doc.getElementById("card-list");
  const template = doc.getElementById("card-item-template");
  let catalogue = null;
  let loading = null;
  let target = null;
  let timer = null;

  /** The site's orientation data, fetched once. */
  function load() {
    if (catalogue) return Promise.resolve(catalogue);
    if (loading) return loading;
    const names = Object.keys(DATA_FILES);
    loading = Promise.all(
      names.map((name) =>
        fetch(new URL(DATA_FILES[name], doc.baseURI)).then((answer) => {
          if (!answer.ok) throw new Error("orientation data unavailable: " + answer.status);
          return answer.json();
        }),
      ),
    )
      .then((files) => {
        const data = {};
        names.forEach((name, i) => {
          data[name] = files[i];
        });
        catalogue = buildCatalogue(data);
        return catalogue;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  function item(entry) {
    const copy = template.content.firstElementChild.cloneNode(true);
    setText(part(copy, "kind"), t("card_" + entry.kind));
    setText(part(copy, "title"), entry.title);
    setText(part(copy, "detail"), entry.detail);
    part(copy, "send").addEventListener("click", () => closeDialog(dialog, { returnTo: send(entry) }));
    return copy;
  }

  function render() {
    const found = searchCatalogue(catalogue || [], search.value);
    list.replaceChildren(...found.map(item));
    const n = found.length;
    setText(status, n === 0 ? t("card_count_none") : t(n === 1 ? "card_count_one" : "card_count_many", { n }));
  }

  /** Send the card to the target conversation, shown as sending in its log; answers its reply box. */
  function send(entry) {
    const conv = target;
    if (!conv || conv.status === "closed" || !conv.els.panel.isConnected) return null;
    const id = newId();
    const frame = cardFrame(conv.id, id, entry);
    const card = { kind: entry.kind, ref: entry.ref, title: entry.title, url: entry.url };
    const node = conv.log.addPending("agent", entry.title, card);
    conv.pending.push({ id, text: entry.title, node, frame }); // re-sent as this frame after a reconnection
    c.connection.send(frame); // while the link is down, it waits as "sending" and goes at the reconnection
    c.announce(t("card_sent", { title: entry.title }));
    return conv.els.reply;
  }

  function open(conv, returnTo) {
    target = conv;
    search.value = "";
    setText(status, t("canned_loading"));
    list.replaceChildren();
    openDialog(dialog, { focus: search, returnTo });
    load()
      .then(render)
      .catch(() => setText(status, t("card_unavailable")));
  }

  /** The card button of one conversation's composer. */
  function attach(conv) {
    part(conv.els.panel, "card-open").addEventListener("click", (event) => open(conv, event.currentTarget));
  }

  function install() {
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (catalogue) render();
      }, SEARCH_DELAY_MS);
    });
    doc.getElementById("card-picker-close").addEventListener("click", () => closeDialog(dialog));
  }

  return { install, attach, open };
}
