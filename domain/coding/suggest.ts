/**
 * Coding help: a free-text description ("hot water from pasteuriser cooling", "spent
 * brewer's grains") → a suggested resource type and EWC code, with a confidence and the
 * words that decided it. The method is transparent on purpose: a weighted keyword and
 * phrase index shipped as data (keyword-index.json) plus the taxonomy's synonyms, a
 * temperature rule for heat, and corrections people made, which win over the index.
 * Pure: corrections are passed in.
 */
import { readFileSync } from "node:fs";
import { RESOURCE_TYPES, findResourceType } from "../taxonomy.ts";

interface KeywordIndexFile {
  types: Record<string, { terms: [string, number][] }>;
  ewc: Record<string, [string, string[]][]>;
}

const file = JSON.parse(readFileSync(new URL("./keyword-index.json", import.meta.url), "utf8")) as KeywordIndexFile;

/** Lower case, accents removed, words of letters/digits/&, plural s dropped. */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .split(/[^a-z0-9&]+/)
    .filter(Boolean)
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && /(sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

interface Term {
  readonly words: readonly string[];
  readonly weight: number;
}

// Index: each type's terms, plus its taxonomy synonyms, so a type added to the taxonomy is
// findable before anyone tunes its keywords. A one-word synonym ("water", "power") is
// weak evidence; a phrase is strong.
const TERMS: ReadonlyMap<string, readonly Term[]> = new Map(
  RESOURCE_TYPES.map((type) => {
    const own = (file.types[type.id]?.terms ?? []).map(([phrase, weight]) => ({ words: tokenize(phrase), weight }));
    const synonyms = type.synonyms.map((s) => tokenize(s)).map((words) => ({ words, weight: words.length > 1 ? 3 : 1 }));
    return [type.id, [...own, ...synonyms].filter((t) => t.words.length > 0)];
  }),
);

function occurs(tokens: readonly string[], words: readonly string[]): boolean {
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let j = 0; j < words.length; j++) if (tokens[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}

/** Temperatures written in the text, in °C. */
export function temperaturesIn(text: string): number[] {
  // A minus right after a digit is a range ("30-40C"), not a sign.
  return [...text.matchAll(/(?<!\d)(-(?=\d))?(\d+(?:[.,]\d+)?)\s*(?:°\s*c|deg(?:rees)?\s*c?\b|℃|c\b)/gi)].map(
    (m) => (m[1] ? -1 : 1) * Number(m[2]!.replace(",", ".")),
  );
}

/** A correction a person made: this description means this type (and EWC code). */
export interface Correction {
  readonly description: string;
  readonly resourceType: string;
  readonly ewcCode?: string | null;
}

/** One candidate type. */
export interface Candidate {
  readonly resourceType: string;
  readonly score: number;
  /** The index terms that matched, for the "why". */
  readonly matched: readonly string[];
}

/** The suggestion for one description. */
export interface Suggestion {
  readonly resourceType: string | null;
  readonly ewcCode: string | null;
  /** 0–1: how clearly the best candidate beats the others (1 for a remembered correction). */
  readonly confidence: number;
  readonly method: "correction" | "keywords" | "none";
  readonly reason: string;
  /** The best few candidates, best first. */
  readonly candidates: readonly Candidate[];
}

const HEAT_THRESHOLD_C = 90;

function chooseEwc(resourceType: string, tokens: readonly string[]): string | null {
  for (const [code, terms] of file.ewc[resourceType] ?? []) {
    if (terms.some((t) => occurs(tokens, tokenize(t)))) return code;
  }
  return findResourceType(resourceType)?.ewc[0] ?? null;
}

/** A key under which corrections are remembered: the description's words. */
export const correctionKey = (description: string) => tokenize(description).join(" ");

/**
 * Suggest a resource type and EWC code for a description.
 * @param corrections earlier corrections; one for the same words wins outright
 */
export function suggestCoding(description: string, corrections: ReadonlyMap<string, Correction> = new Map()): Suggestion {
  const key = correctionKey(description);
  const remembered = corrections.get(key);
  if (remembered) {
    return {
      resourceType: remembered.resourceType,
      ewcCode: remembered.ewcCode ?? chooseEwc(remembered.resourceType, tokenize(description)),
      confidence: 1,
      method: "correction",
      reason: "a person coded this same description before",
      candidates: [{ resourceType: remembered.resourceType, score: Infinity, matched: [] }],
    };
  }
  const tokens = tokenize(description);
  const candidates: Candidate[] = [];
  for (const [resourceType, terms] of TERMS) {
    let score = 0;
    const matched: string[] = [];
    for (const term of terms) {
      if (occurs(tokens, term.words)) {
        score += term.weight;
        matched.push(term.words.join(" "));
      }
    }
    if (score > 0) candidates.push({ resourceType, score, matched });
  }
  // Heat: the written temperature decides low- versus high-grade when both fit.
  const temps = temperaturesIn(description);
  if (temps.length > 0) {
    const hottest = Math.max(...temps);
    for (const c of candidates) {
      if (c.resourceType === "waste_heat_high" && hottest >= HEAT_THRESHOLD_C) (c as { score: number }).score += 2;
      if (c.resourceType === "waste_heat_low" && hottest < HEAT_THRESHOLD_C) (c as { score: number }).score += 2;
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.resourceType.localeCompare(b.resourceType));
  const [best, second] = candidates;
  if (!best) {
    return { resourceType: null, ewcCode: null, confidence: 0, method: "none", reason: "no known word in the description", candidates: [] };
  }
  // Margin over the runner-up, damped when the evidence is thin.
  const margin = best.score / (best.score + (second?.score ?? 0));
  const strength = Math.min(1, best.score / 4);
  return {
    resourceType: best.resourceType,
    ewcCode: chooseEwc(best.resourceType, tokens),
    confidence: Math.round(margin * strength * 100) / 100,
    method: "keywords",
    reason: `matched ${best.matched.map((m) => `"${m}"`).join(", ")}`,
    candidates: candidates.slice(0, 3),
  };
}
