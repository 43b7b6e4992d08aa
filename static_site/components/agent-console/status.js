/* "Mon statut": available or away (the choice outlives a reconnection), and how many conversations are open. */
import { setText } from "../dom/dom.js";
import { STATUS_KEY, capacityOf, openCount, sessionWrite } from "./state.js";
import { t } from "./strings.js";

export function createStatus(c) {
  const { el } = c;

  function render() {
    const state = c.state;
    const status = state.agent ? state.agent.status : "away";
    el.statusAvailable.checked = status === "available";
    el.statusAway.checked = status !== "available";
    setText(el.load, t("load", { n: openCount(state), capacity: capacityOf(state) }));
    c.waiting.render();
  }

  function choose(event) {
    c.state.desiredStatus = event.target.value;
    sessionWrite(STATUS_KEY, c.state.desiredStatus);
    if (!c.connection.send({ action: "set_status", status: c.state.desiredStatus })) c.alert(t("status_on_reconnect"));
  }

  function install() {
    el.statusAvailable.addEventListener("change", choose);
    el.statusAway.addEventListener("change", choose);
  }

  return { install, render };
}
