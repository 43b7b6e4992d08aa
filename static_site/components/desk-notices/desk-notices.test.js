import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorLines, hoursBody, hoursRows, linksText, noticeBody, parseLinks } from "./desk-notices-form.js";

test("links are written one a line and read back the same", () => {
  const text = "https://www.interieur.gouv.fr/attestation | L'attestation | The certificate\n\n/fiches/ | Les fiches";
  const links = parseLinks(text);
  assert.deepEqual(links, [
    { url: "https://www.interieur.gouv.fr/attestation", label_fr: "L'attestation", label_en: "The certificate" },
    { url: "/fiches/", label_fr: "Les fiches", label_en: "Les fiches" },
  ]);
  assert.deepEqual(parseLinks(linksText(links)), links);
});

test("a notice's body comes from the form with its texts trimmed", () => {
  assert.deepEqual(noticeBody({ enabled: true, textFr: " Forte affluence ", textEn: "Very busy", links: "" }), {
    enabled: true,
    text_fr: "Forte affluence",
    text_en: "Very busy",
    links: [],
  });
});

test("the hours' rows make the body every day named, closed days null, and come back from it", () => {
  const rows = hoursRows({ mon: { opens: "09:00", closes: "18:00" }, sun: null });
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[0], { day: "mon", open: true, opens: "09:00", closes: "18:00" });
  assert.equal(rows[6].open, false);
  const body = hoursBody(rows);
  assert.deepEqual(Object.keys(body.hours), ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
  assert.deepEqual(body.hours.mon, { opens: "09:00", closes: "18:00" });
  assert.equal(body.hours.sun, null);
});

test("the server's field errors read as French lines naming the part and the field", () => {
  assert.deepEqual(fieldErrorLines({ "surge.links.0.url": "Un lien commence par https://", "hours.mon.closes": "Après l'ouverture." }), [
    "Annonce d'affluence, lien 1, adresse : Un lien commence par https://",
    "Horaires, Lundi, fermeture : Après l'ouverture.",
  ]);
  assert.deepEqual(fieldErrorLines(undefined), []);
});

test("the editor shows only for an ID token in the supervisors group", async () => {
  const { isSupervisorToken } = await import("./desk-notices.js");
  const token = (claims) => ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "c2ln"].join(".");
  assert.equal(isSupervisorToken(token({ "cognito:groups": ["agents", "supervisors"] })), true);
  assert.equal(isSupervisorToken(token({ "cognito:groups": ["agents"] })), false);
  assert.equal(isSupervisorToken(token({})), false);
  assert.equal(isSupervisorToken(null), false);
});
