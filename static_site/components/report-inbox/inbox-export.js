/*
 * The supervisors' CSV export: the list's current filters, contact details only when the box is ticked
 * (the page says so; the server audits each report exported with them). The file comes through fetch (the
 * route needs the ID token in a header) and is handed to the browser as a download.
 */
import { setText } from "../dom/dom.js";
import { errorMessage } from "./inbox-format.js";

export function createInboxExport(i) {
  const { el } = i;

  function save(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function exportCsv() {
    const withContact = el.exportContact.checked;
    el.exportButton.disabled = true;
    setText(el.exportStatus, "Préparation du fichier…");
    const answer = await i.api.exportCsv(i.list.filters(), withContact);
    el.exportButton.disabled = false;
    if (!answer.ok) {
      setText(el.exportStatus, "");
      if (answer.status === 401) return i.sessionLost();
      i.alert(errorMessage(answer.code));
      return;
    }
    save(answer.blob, answer.filename);
    setText(
      el.exportStatus,
      withContact
        ? `Fichier ${answer.filename} téléchargé, avec les coordonnées des déclarants (export inscrit au journal des accès).`
        : `Fichier ${answer.filename} téléchargé, sans les coordonnées des déclarants.`,
    );
  }

  function install() {
    el.exportButton.addEventListener("click", exportCsv);
  }

  return { install };
}
