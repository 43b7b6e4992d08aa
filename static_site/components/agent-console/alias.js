/*
 * A short, stable, human alias for a citizen, from their conversation id: "Citoyen·ne 4F2". The same id
 * always gives the same code (FNV-1a over the id, written in Crockford's base 32: no I, L, O or U, so it
 * reads aloud without confusion). Aliases are never stored: every console derives the same one.
 */

const DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const ALIAS_LENGTH = 3;

/** FNV-1a, 32 bits, over the id's UTF-16 code units. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The conversation's code, `length` characters of base 32 (3 by default: 32,768 codes). */
export function aliasCode(conversationId, length = ALIAS_LENGTH) {
  let hash = fnv1a(String(conversationId));
  let code = "";
  for (let i = 0; i < length; i += 1) {
    code += DIGITS[hash % 32];
    hash = Math.floor(hash / 32);
    if (hash === 0) hash = fnv1a(code + conversationId);
  }
  return code;
}

/**
 * The code for a new conversation, given the codes of those already on screen: the short one, or a
 * longer one on the rare clash (codes already given never change, so a label never moves under the eyes).
 */
export function pickAliasCode(conversationId, taken) {
  const used = new Set(taken);
  for (let length = ALIAS_LENGTH; length < 8; length += 1) {
    const code = aliasCode(conversationId, length);
    if (!used.has(code)) return code;
  }
  return aliasCode(conversationId, 8);
}
