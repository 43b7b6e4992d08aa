/*
 * The information sheets' search, without the page: folding (accents, case, ligatures), query words
 * (stopwords out, plurals as singulars), and the ranking (title and keyword hits first, every word
 * must start a word of the sheet). sheet-search.js runs it as the reader types.
 */
const WEIGHTS = { title: 10, keywords: 8, summary: 4, words: 1 };
// Same list as sitegen/sheets.py STOPWORDS: words too common to help.
const STOPWORDS = (
  "a au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui ma mais me mes mon ne " +
  "nous on ou par pas pour qu que qui sa se ses si son sur ta te tes ton tu un une vos votre vous y"
).split(" ");

export function fold(text) {
  return String(text == null ? "" : text)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function significant(words) {
  return words.filter(function (t) {
    return t.length > 1 && STOPWORDS.indexOf(t) === -1;
  });
}

// A light plural fold: "arnaques" searches like "arnaque", "vols" like "vol".
function singular(word) {
  return word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
}

// "les cartes d'identité" → "carte identite": the words that carry meaning, for whole-phrase comparisons.
function core(text) {
  return significant(fold(text).split(" ")).map(singular).join(" ");
}

export function queryTokens(query) {
  var all = fold(query).split(" ").filter(Boolean);
  var useful = significant(all);
  return (useful.length ? useful : all).map(singular);
}

function startsAWord(haystack, token) {
  // haystack is folded: words separated by single spaces, with a leading space added.
  return haystack.indexOf(" " + token) !== -1;
}

export function prepare(sheet) {
  return {
    slug: sheet.slug,
    url: sheet.url,
    title: sheet.title,
    summary: sheet.summary,
    theme: sheet.theme_label || "",
    titleCore: core(sheet.title),
    keywordCores: (sheet.keywords || []).map(core),
    keywordList: (sheet.keywords || []).map(function (k) {
      return " " + fold(k);
    }),
    fields: {
      title: " " + fold(sheet.title),
      keywords: " " + fold((sheet.keywords || []).join(" , ")),
      summary: " " + fold(sheet.summary),
      words: " " + fold(sheet.words || sheet.excerpt || ""),
    },
  };
}

function keywordHits(entry, token) {
  return entry.keywordList.filter(function (k) {
    return startsAWord(k, token);
  }).length;
}

// The whole query is the title or a keyword ("carte identite", "main courante"): that sheet first,
// the sheet's first (main) keywords before its later ones.
function phraseBonus(entry, phrase) {
  if (entry.titleCore === phrase) return 40;
  var bonus = 0;
  for (var i = 0; i < entry.keywordCores.length; i += 1) {
    var candidate = entry.keywordCores[i];
    if (candidate === phrase) bonus = Math.max(bonus, 30 - Math.min(i, 10));
    else if (candidate.indexOf(phrase + " ") === 0) bonus = Math.max(bonus, 10);
  }
  if (entry.titleCore.indexOf(phrase + " ") === 0) bonus = Math.max(bonus, 15);
  return bonus;
}

function score(entry, tokens, phrase) {
  var total = 0;
  for (var i = 0; i < tokens.length; i += 1) {
    var best = 0;
    for (var field in WEIGHTS) {
      if (WEIGHTS[field] > best && startsAWord(entry.fields[field], tokens[i])) best = WEIGHTS[field];
    }
    if (best === 0) return 0; // every word of the query must be found somewhere
    // A word found in several keywords ("chien maltraité", "chien enfermé") is central to the sheet.
    total += best + 2 * Math.max(Math.min(keywordHits(entry, tokens[i]), 3) - 1, 0);
  }
  return total + phraseBonus(entry, phrase);
}

export function search(entries, query) {
  var tokens = queryTokens(query);
  if (!tokens.length) return null;
  var phrase = tokens.join(" ");
  return entries
    .map(function (entry) {
      return { entry: entry, score: score(entry, tokens, phrase) };
    })
    .filter(function (hit) {
      return hit.score > 0;
    })
    .sort(function (a, b) {
      return b.score - a.score || a.entry.title.localeCompare(b.entry.title, "fr");
    })
    .map(function (hit) {
      return hit.entry;
    });
}

export function countText(n, total) {
  if (n === null) return total + " fiches";
  return n + (n > 1 ? " fiches trouvées" : " fiche trouvée");
}

