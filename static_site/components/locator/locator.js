/* Guichet — unit locator (/unites.html): search by commune or postcode, or "Autour de moi".
 * Reads /data/units.json only (no API); the position never leaves the browser.
 * Every piece of data goes into the page through textContent (make / setText, from ../dom/dom.js). */
import { make, setText } from "../dom/dom.js";
import { distanceKm, foldQuery, formatDistance, matches, plural } from "./matching.js";

var DATA_URL = "/data/units.json";
var NEAREST = 10;
var FAR_KM = 60;
var KIND_LABEL = { police: "Police nationale", gendarmerie: "Gendarmerie nationale" };
var GEO_MESSAGES = {
  unsupported:
    "Votre navigateur ne permet pas de vous localiser. Cherchez par commune ou par code postal.",
  1: "Vous n'avez pas autorisé la localisation. Cherchez par commune ou par code postal, ou autorisez la localisation de ce site dans les réglages de votre navigateur.",
  2: "Votre position n'a pas pu être déterminée. Cherchez par commune ou par code postal.",
  3: "La localisation a pris trop de temps. Réessayez, ou cherchez par commune ou par code postal."
};

var units = [];
var form, input, datalist, nearButton, status, geoMessage, list;
var typingTimer = null;
var locating = false;
var loaded = false;

function osmLink(unit) {
  var link = make("a", "unit__map");
  var where = make("span", "visually-hidden", " : " + unit.name);
  if (unit.position === "commune" && unit.address) {
    link.href =
      "https://www.openstreetmap.org/search?query=" +
      encodeURIComponent(unit.address + ", " + unit.postcode + " " + unit.commune);
    setText(link, "Chercher l'adresse sur OpenStreetMap");
  } else if (unit.position === "commune") {
    link.href =
      "https://www.openstreetmap.org/?mlat=" + unit.lat + "&mlon=" + unit.lon + "#map=14/" + unit.lat + "/" + unit.lon;
    setText(link, "Voir la commune sur OpenStreetMap");
  } else {
    link.href =
      "https://www.openstreetmap.org/?mlat=" + unit.lat + "&mlon=" + unit.lon + "#map=17/" + unit.lat + "/" + unit.lon;
    setText(link, "Voir sur OpenStreetMap");
  }
  link.appendChild(where);
  return link;
}

function phoneLine(unit) {
  var line = make("p", "unit__phone");
  if (unit.phone) {
    line.appendChild(document.createTextNode("Téléphone : "));
    var tel = make("a", null, unit.phone);
    tel.href = "tel:" + unit.phone.replace(/\s/g, "");
    line.appendChild(tel);
    return line;
  }
  line.appendChild(document.createTextNode("Téléphone non renseigné. En cas d'urgence, appelez le "));
  var emergency = make("a", null, "17");
  emergency.href = "tel:17";
  line.appendChild(emergency);
  line.appendChild(document.createTextNode("."));
  return line;
}

function hoursBlock(unit) {
  var block = make("div", "unit__hours");
  if (!unit.hours || !unit.hours.length) {
    block.appendChild(make("p", null, "Horaires : appelez avant de vous déplacer."));
    return block;
  }
  if (unit.hours.length === 1) {
    block.appendChild(make("p", null, "Horaires : " + unit.hours[0]));
    return block;
  }
  block.appendChild(make("p", null, "Horaires :"));
  var lines = make("ul", "unit__hours-list");
  unit.hours.forEach(function (hours) {
    lines.appendChild(make("li", null, hours));
  });
  block.appendChild(lines);
  return block;
}

function renderUnit(unit, distance) {
  var item = make("li", "unit unit--" + unit.kind);
  item.setAttribute("data-unit-id", unit.id);
  var head = make("p", "unit__head");
  head.appendChild(make("span", "unit__kind unit__kind--" + unit.kind, KIND_LABEL[unit.kind] || unit.kind));
  if (distance != null) {
    head.appendChild(make("span", "unit__distance", formatDistance(distance, unit.position === "commune")));
  }
  item.appendChild(head);
  item.appendChild(make("h3", "unit__name", unit.name));

  var address = make("p", "unit__address");
  address.appendChild(
    document.createTextNode((unit.address ? unit.address + ", " : "") + unit.postcode + " " + unit.commune)
  );
  if (!unit.address) {
    address.appendChild(make("span", "unit__note", " (adresse exacte non renseignée)"));
  }
  item.appendChild(address);
  item.appendChild(phoneLine(unit));
  item.appendChild(hoursBlock(unit));
  if (unit.verified === false) {
    item.appendChild(
      make("p", "unit__unverified", "À vérifier : ces informations n'ont pas encore été contrôlées sur le fichier officiel.")
    );
  }
  var links = make("p", "unit__links");
  links.appendChild(osmLink(unit));
  if (unit.url) {
    var sheet = make("a", null, "Fiche officielle");
    sheet.href = unit.url;
    sheet.appendChild(make("span", "visually-hidden", " : " + unit.name));
    links.appendChild(sheet);
  }
  item.appendChild(links);
  return item;
}

/* After an explicit action (submit, "Autour de moi"), bring the count and the first results into view. */
function reveal() {
  if (status.scrollIntoView) status.scrollIntoView({ block: "start", behavior: "smooth" });
}

function render(entries) {
  while (list.firstChild) list.removeChild(list.firstChild);
  entries.forEach(function (entry) {
    list.appendChild(renderUnit(entry.unit, entry.distance));
  });
}

function setQueryInUrl(query) {
  if (!window.history || !window.history.replaceState) return;
  var url = new URL(window.location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url.pathname + url.search + url.hash);
}

function search(raw) {
  if (!loaded) return;
  var shown = String(raw || "").trim();
  var query = foldQuery(shown);
  setText(geoMessage, "");
  setQueryInUrl(shown);
  if (!query) {
    render(units.map(function (unit) { return { unit: unit }; }));
    setText(status, plural(units.length, "unité", "unités") + " en Gironde, classées par commune.");
    return;
  }
  var found = units.filter(function (unit) { return matches(unit, query); });
  render(found.map(function (unit) { return { unit: unit }; }));
  if (found.length) {
    setText(status, plural(found.length, "unité trouvée", "unités trouvées") + " pour « " + shown + " ».");
  } else {
    setText(
      status,
      "Aucune unité trouvée pour « " + shown + " ». Vérifiez l'orthographe, essayez le code postal ou « Autour de moi ». Cette liste couvre la Gironde (33)."
    );
  }
}

function showNearest(position) {
  var lat = position.coords.latitude;
  var lon = position.coords.longitude;
  var sorted = units
    .map(function (unit) { return { unit: unit, distance: distanceKm(lat, lon, unit.lat, unit.lon) }; })
    .sort(function (a, b) { return a.distance - b.distance; })
    .slice(0, NEAREST);
  input.value = "";
  setQueryInUrl("");
  render(sorted);
  var text = "Les " + sorted.length + " unités les plus proches de vous, de la plus proche à la plus éloignée.";
  if (sorted.length && sorted[0].distance > FAR_KM) {
    text += " Vous semblez loin de la Gironde : cette liste ne couvre que ce département.";
  }
  setText(status, text);
}

function locate() {
  if (locating || !loaded) return;
  setText(geoMessage, "");
  if (!navigator.geolocation) {
    setText(geoMessage, GEO_MESSAGES.unsupported);
    return;
  }
  var previous = status.textContent;
  locating = true;
  nearButton.setAttribute("aria-busy", "true");
  setText(status, "Recherche de votre position…");
  navigator.geolocation.getCurrentPosition(
    function (position) {
      locating = false;
      nearButton.removeAttribute("aria-busy");
      showNearest(position);
      reveal();
    },
    function (error) {
      locating = false;
      nearButton.removeAttribute("aria-busy");
      setText(status, previous);
      setText(geoMessage, GEO_MESSAGES[error && error.code] || GEO_MESSAGES[2]);
    },
    { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
  );
}

function fillDatalist() {
  var seen = {};
  units.forEach(function (unit) {
    if (seen[unit.commune]) return;
    seen[unit.commune] = true;
    var option = document.createElement("option");
    option.value = unit.commune;
    datalist.appendChild(option);
  });
}

function loadFailed() {
  setText(
    status,
    "La liste des unités n'a pas pu être chargée. Réessayez plus tard. En cas d'urgence, appelez le 17 ou le 112."
  );
}

function start() {
  form = document.getElementById("locator-form");
  input = document.getElementById("locator-q");
  datalist = document.getElementById("locator-communes");
  nearButton = document.getElementById("locator-near");
  status = document.getElementById("locator-status");
  geoMessage = document.getElementById("locator-geo-message");
  list = document.getElementById("locator-results");
  if (!form || !list) return;

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  setText(status, "Chargement de la liste des unités…");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    search(input.value);
    reveal();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { search(input.value); }, 250);
  });
  nearButton.addEventListener("click", locate);

  fetch(DATA_URL, { headers: { Accept: "application/json" } })
    .then(function (answer) {
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      return answer.json();
    })
    .then(function (document_) {
      units = (document_ && document_.units) || [];
      loaded = true;
      fillDatalist();
      search(input.value);
    })
    .catch(loadFailed);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
