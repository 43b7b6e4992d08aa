import assert from "node:assert/strict";
import { test } from "node:test";

import { aliasCode, pickAliasCode } from "./alias.js";
import { t } from "./strings.js";

test("a conversation's alias code is short, stable and made of unambiguous characters", () => {
  const id = "3f2a9c0e5b7d4e1f8a6c2b9d0e4f7a1c";
  assert.equal(aliasCode(id), aliasCode(id));
  assert.match(aliasCode(id), /^[0-9A-HJKMNP-TV-Z]{3}$/);
  assert.equal(t("alias", { code: aliasCode(id) }), "Citoyen·ne " + aliasCode(id));
});

test("conversations opened in the same minute on the same topic get different codes", () => {
  const ids = Array.from({ length: 200 }, (_, n) => "c0ffee" + String(n).padStart(26, "0"));
  const codes = new Set(ids.map((id) => aliasCode(id)));
  assert.ok(codes.size >= 195, `only ${codes.size} distinct codes for 200 ids`);
});

test("a longer code is drawn on a clash with one on screen; codes already given do not change", () => {
  const id = "a1b2c3";
  const short = aliasCode(id);
  assert.equal(pickAliasCode(id, ["XYZ"]), short);
  const longer = pickAliasCode(id, [short]);
  assert.equal(longer.length, 4);
  assert.notEqual(longer, short);
  assert.equal(pickAliasCode(id, [short, longer]).length, 5);
});
