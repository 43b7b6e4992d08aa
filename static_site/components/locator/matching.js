/*
 * The unit locator's matching, without the page: communes folded (accents, case, hyphens), "st" read
 * as "saint", a leading article ignored, postcodes by prefix; great-circle distances and their words.
 */
/* "Saint-Médard-en-Jalles" -> "saint medard en jalles": no accents, no case, single spaces. */
export function fold(value) {
  return String(value || "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\-'’_.,/()]+/g, " ")
    .trim();
}

export function foldQuery(value) {
  return fold(value)
    .replace(/^(st|ste)\b/, function (abbr) { return abbr === "st" ? "saint" : "sainte"; })
    .replace(/ (st|ste)\b/g, function (_, abbr) { return abbr === "st" ? " saint" : " sainte"; });
}

export function withoutArticle(folded) {
  return folded.replace(/^(le|la|les|l) /, "");
}

export function matches(unit, query) {
  var digits = query.replace(/ /g, "");
  if (/^\d+$/.test(digits)) return unit.postcode.indexOf(digits) === 0;
  var commune = fold(unit.commune);
  return commune.indexOf(query) === 0 || withoutArticle(commune).indexOf(query) === 0;
}

/* Great-circle distance in kilometres (haversine). */
export function distanceKm(lat1, lon1, lat2, lon2) {
  var rad = Math.PI / 180;
  var dLat = (lat2 - lat1) * rad;
  var dLon = (lon2 - lon1) * rad;
  var a =
    Math.sin(dLat / 2) * Math.sin(dLat / 2) +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
  return 6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

export function formatDistance(km, approximate) {
  var text;
  if (km < 1) text = Math.max(10, Math.round(km * 100) * 10) + " m";
  else if (km < 100) text = km.toFixed(1).replace(".", ",") + " km";
  else text = Math.round(km) + " km";
  return (approximate ? "à environ " : "à ") + text;
}

export function plural(count, one, many) {
  return count + " " + (count > 1 ? many : one);
}

