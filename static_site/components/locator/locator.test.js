import assert from "node:assert/strict";
import { test } from "node:test";

import { distanceKm, fold, foldQuery, formatDistance, matches, plural } from "./matching.js";

test("communes fold to plain words; st and ste read as saint and sainte", () => {
  assert.equal(fold("Saint-Médard-en-Jalles"), "saint medard en jalles");
  assert.equal(foldQuery("St Médard"), "saint medard");
  assert.equal(foldQuery("Mérignac ste croix"), "merignac sainte croix");
});

test("a unit matches its commune's start (a leading article ignored) or its postcode's", () => {
  const unit = { commune: "Le Bouscat", postcode: "33110" };
  assert.equal(matches(unit, foldQuery("bousc")), true);
  assert.equal(matches(unit, foldQuery("le bou")), true);
  assert.equal(matches(unit, "331"), true);
  assert.equal(matches(unit, "332"), false);
  assert.equal(matches(unit, foldQuery("scat")), false);
});

test("distances are great-circle kilometres, said in metres under a kilometre", () => {
  const bordeauxToMerignac = distanceKm(44.8378, -0.5792, 44.8386, -0.6436);
  assert.ok(bordeauxToMerignac > 5 && bordeauxToMerignac < 5.3, bordeauxToMerignac);
  assert.equal(distanceKm(44.8, -0.6, 44.8, -0.6), 0);
  assert.equal(formatDistance(0.004, false), "à 10 m");
  assert.equal(formatDistance(0.456, true), "à environ 460 m");
  assert.equal(formatDistance(5.04, false), "à 5,0 km");
  assert.equal(formatDistance(123.4, false), "à 123 km");
  assert.equal(plural(1, "unité", "unités"), "1 unité");
  assert.equal(plural(3, "unité", "unités"), "3 unités");
});
