/**
 * How the coding help reads a description before it weighs any word: the language it is
 * written in, the context that says nothing about the material (where it goes, whom it
 * goes to, what it saves, what it replaces), and the clauses that name the material, its
 * source or its use. Pure and language-aware for English, Danish and German.
 */

/** Languages the coding help has a vocabulary for. */
export const CODING_LANGUAGES = ["en", "da", "de"] as const;
export type CodingLanguage = (typeof CODING_LANGUAGES)[number];

/** A run of words with the weight its words carry as evidence of the material. */
export interface Clause {
  readonly tokens: readonly string[];
  /** 1 for the material's own words, less for its source and least for its use. */
  readonly weight: number;
  readonly role: "material" | "source" | "use";
}

/** What the reading of a description found. */
export interface ReadDescription {
  readonly language: CodingLanguage;
  readonly clauses: readonly Clause[];
  /** The text left after the context was removed (temperatures and pressures are read from it). */
  readonly kept: string;
  /** The pieces of context removed, for the "why". */
  readonly ignored: readonly string[];
}

// Danish and German letters spelled out the way people type them without the keyboard
// ("Abwaerme", "koeleanlaeg"), so both spellings meet in one token.
const SPELLED_OUT: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", æ: "ae", ø: "oe", å: "aa" };

/** Lower case, Danish/German letters spelled out, other accents removed. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äöüßæøå]/g, (c) => SPELLED_OUT[c]!)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
}

/** English plural s dropped; words with digits (h2s, co2, nh4cl) are formulas and kept whole. */
export function stemWord(word: string): string {
  if (/\d/.test(word)) return word;
  if (word.length > 4 && /(sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The words of a folded text, stemmed. */
export function words(text: string): string[] {
  return fold(text)
    .replace(/['’]s\b/g, "")
    .split(/[^a-z0-9&]+/)
    .filter(Boolean)
    .map(stemWord);
}

const FUNCTION_WORDS: Record<CodingLanguage, ReadonlySet<string>> = {
  en: new Set(["the", "and", "from", "for", "with", "of", "our", "we", "to", "at", "as", "in", "about", "by", "which", "after", "into", "around"]),
  da: new Set(["og", "fra", "til", "med", "af", "det", "den", "vi", "vores", "en", "et", "som", "ved", "paa", "fra", "omkring", "ca", "efter", "skal", "kan", "har", "bruger", "vil"]),
  de: new Set(["der", "die", "das", "und", "aus", "fuer", "mit", "von", "zur", "zum", "bei", "ist", "wir", "unser", "unsere", "unseren", "ein", "eine", "im", "vom", "fuers", "ca", "etwa", "nach", "rund", "als", "werden", "wird"]),
};

/**
 * The language of a description by its function words; German also by its capitalised
 * nouns and Danish/German letters. English when nothing points elsewhere.
 */
export function detectLanguage(text: string): CodingLanguage {
  const tokens = fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  const score: Record<CodingLanguage, number> = { en: 0, da: 0, de: 0 };
  for (const t of tokens) for (const lang of CODING_LANGUAGES) if (FUNCTION_WORDS[lang].has(t)) score[lang]++;
  if (/[æøå]/i.test(text)) score.da += 2;
  if (/[äöüß]/i.test(text)) score.de += 2;
  const best = (["da", "de"] as const).filter((l) => score[l] > score.en).sort((a, b) => score[b] - score[a])[0];
  return best ?? "en";
}

const CAPITAL = "A-ZÆØÅÄÖÜ";
const LETTER = "\\p{L}\\p{N}\\-&";
const PROPER = `[${CAPITAL}][${LETTER}]*`;
const CLAUSE_END = "(?=[,;.()]|$)";

// Context that is never the material, in all three languages. Each removes up to the end of
// its clause. Why: "saves 31,000 t CO2" is a claim about the exchange, "to North Jutland
// Power Station" its destination, "to replace heavy oil" what it displaces.
const CONTEXT: readonly RegExp[] = [
  // savings claims: saves / avoids / cuts … CO2 (also "CO2 savings of 31 kt")
  new RegExp(`\\b(?:sav|avoid|cut|reduc|spar|besparelse|undgaa|reducer|einspar|vermeid|reduzier|senk)[\\p{L}]*\\b[^,;.()]*?\\bco\\s?2\\w*[^,;.()]*${CLAUSE_END}`, "giu"),
  new RegExp(`\\b\\d[\\d,. ]*\\s*(?:t|tonnes?|tons?|kt|mt|ton)\\b\\s*(?:of\\s+)?co\\s?2\\w*(?:[-\\s]?(?:eq|e))?\\s*(?:per\\s+year|a\\s+year|\\/\\s?yr|\\/\\s?year|om\\s+aaret|pro\\s+jahr)?\\s*(?:saved|avoided|less|spared|sparet|undgaaet|eingespart|vermieden)?`, "giu"),
  new RegExp(`\\bco\\s?2[\\s-]*(?:saving|reduction|besparelse|reduktion|einsparung|minderung)[^,;.()]*${CLAUSE_END}`, "giu"),
  // what the flow displaces
  new RegExp(`\\b(?:to\\s+replace|replacing|replaces|instead\\s+of|in\\s+place\\s+of|substituting(?:\\s+for)?|displacing|i\\s+stedet\\s+for|erstatte[rs]?|som\\s+erstatning\\s+for|statt|anstelle\\s+von|anstatt|ersetzt|ersetzen|zum\\s+ersatz\\s+von)\\b[^,;.()]*${CLAUSE_END}`, "giu"),
];

// A destination or partner named by its proper name ("to North Jutland Power Station",
// "til Kalundborg Forsyning", "an die Stadtwerke Flensburg"): case-sensitive on the capitals.
const DESTINATION = new RegExp(
  `\\b(?:to|til|an|nach|delivered\\s+to|sent\\s+to|sold\\s+to|supplied\\s+to|piped\\s+to|used\\s+by|leveret\\s+til|sendt\\s+til|geliefert\\s+an)\\s+(?:the\\s+|den\\s+|det\\s+|die\\s+|das\\s+|der\\s+|den\\s+)?${PROPER}(?:\\s+(?:${PROPER}|of|og|und|&))*(?:\\s+${PROPER})*`,
  "gu",
);

// A company's legal form marks its name, whatever the language.
const COMPANY = new RegExp(`(?:${PROPER}\\s+)+(?:A\\/S|ApS|I\\/S|GmbH(?:\\s*&\\s*Co\\.?\\s*KG)?|AG|KG|SE|Ltd\\.?|Limited|Inc\\.?|plc|B\\.V\\.|N\\.V\\.|S\\.A\\.|AB|Oy|ASA)(?![\\p{L}])`, "gu");

// In English and Danish a capitalised word inside a sentence is a name (German capitalises
// every noun, so there this rule would drop the material itself).
const NAME_IN_SENTENCE = new RegExp(`(?<=[\\p{L}\\p{N})]\\s+)${PROPER}(?:\\s+${PROPER})*`, "gu");

function removeAll(text: string, pattern: RegExp, ignored: string[]): string {
  return text.replace(pattern, (m) => {
    ignored.push(m.trim());
    return " , ";
  });
}

/** Only a capital followed by small letters is a name; FGD, HCl, NH4Cl, CO2 are codes and formulas. */
const isAcronym = (w: string) => !/^[A-ZÆØÅÄÖÜ]\p{Ll}[\p{Ll}\-]*$/u.test(w);

function removeNames(text: string, ignored: string[]): string {
  return text.replace(NAME_IN_SENTENCE, (m) => {
    const kept = m.split(/\s+/).filter(isAcronym);
    if (kept.length === m.split(/\s+/).length) return m;
    ignored.push(m.trim());
    return ` ${kept.join(" ")} `;
  });
}

// Where a clause stops naming the material: its source follows "from", its use "for"/"as"/"to".
const MARKERS: Record<CodingLanguage, { source: ReadonlySet<string>; use: ReadonlySet<string> }> = {
  en: { source: new Set(["from", "out", "off", "after", "at", "in"]), use: new Set(["for", "as", "to", "into", "toward"]) },
  da: { source: new Set(["fra", "ved", "efter", "i", "paa"]), use: new Set(["til", "som", "for"]) },
  de: { source: new Set(["aus", "von", "vom", "bei", "nach", "im", "in"]), use: new Set(["fuer", "als", "zur", "zum", "zu", "an"]) },
};

const ROLE_WEIGHT: Record<Clause["role"], number> = { material: 1, source: 0.45, use: 0.35 };

/**
 * Split the kept text into clauses at punctuation and at source and use markers. The first
 * clause names the material; a later clause without a marker (", dewatered", "about 16 bar")
 * still describes it.
 */
function clausesOf(text: string, language: CodingLanguage): Clause[] {
  const markers = MARKERS[language];
  const clauses: Clause[] = [];
  for (const piece of text.split(/[,;.()]+/)) {
    let role: Clause["role"] = "material";
    let tokens: string[] = [];
    const flush = () => {
      if (tokens.length) clauses.push({ tokens, weight: ROLE_WEIGHT[role], role });
      tokens = [];
    };
    for (const raw of fold(piece).replace(/['’]s\b/g, "").split(/[^a-z0-9&]+/).filter(Boolean)) {
      // "at 16 bar" or "at 60 °C" is a property, not a source.
      const marker = markers.use.has(raw) ? "use" : markers.source.has(raw) ? "source" : null;
      if (marker && !(marker === "source" && role === "use")) {
        flush();
        role = marker;
      }
      tokens.push(stemWord(raw));
    }
    flush();
  }
  return clauses;
}

/** Read a description: its language, the context removed, its clauses. */
export function readDescription(text: string): ReadDescription {
  const language = detectLanguage(text);
  const ignored: string[] = [];
  let kept = text;
  for (const pattern of CONTEXT) kept = removeAll(kept, pattern, ignored);
  kept = removeAll(kept, COMPANY, ignored);
  kept = removeAll(kept, DESTINATION, ignored);
  if (language !== "de") kept = removeNames(kept, ignored);
  return { language, clauses: clausesOf(kept, language), kept, ignored: ignored.filter(Boolean) };
}
