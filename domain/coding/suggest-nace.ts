/**
 * NACE suggestion: a company's description of what it does ("we brew beer and malt
 * barley", "Molkerei mit Käserei", "svinebrug med 800 søer") → a NACE rev.2 class, with the
 * words that decided it and what a plant of that class usually offers and needs. Reads the
 * description as the coding help does (text.ts: language, context removed, clauses) against
 * nace-index.json, a vocabulary per class in English, Danish and German. Pure.
 */
import { readFileSync } from "node:fs";
import { expectedFlowsFor, type FlowExpectations } from "../flow-expectations.ts";
import { parseNace } from "../nace.ts";
import { distinct, termScore, termsOf, type MultilingualTerms, type Term } from "./terms.ts";
import { readDescription, type CodingLanguage } from "./text.ts";

interface NaceIndexFile {
  classes: (MultilingualTerms & { nace: string; label: string })[];
}

const file = JSON.parse(readFileSync(new URL("./nace-index.json", import.meta.url), "utf8")) as NaceIndexFile;

/** One class of the vocabulary; loading checks every code is a NACE class. */
interface NaceEntry {
  readonly nace: string;
  readonly label: string;
  readonly section: string;
  readonly terms: readonly Term[];
}

const CLASSES: readonly NaceEntry[] = file.classes.map((c) => {
  const parsed = parseNace(c.nace);
  if (!parsed?.division || parsed.code.length !== 5) throw new Error(`nace-index.json: "${c.nace}" is not a NACE class`);
  return { nace: parsed.code, label: c.label, section: parsed.section, terms: distinct(termsOf(c)) };
});

/** The NACE classes the vocabulary knows, for tests and documentation. */
export const NACE_CLASSES: readonly { nace: string; label: string }[] = CLASSES.map(({ nace, label }) => ({ nace, label }));

/** One candidate class. */
export interface NaceCandidate {
  readonly nace: string;
  readonly label: string;
  readonly section: string;
  readonly score: number;
  readonly matched: readonly string[];
}

/** The suggestion for one company description. */
export interface NaceSuggestion {
  /** The best class, or null when no word of the description is known. */
  readonly best: NaceCandidate | null;
  /** 0–1: how clearly the best class beats the next one, damped when the evidence is thin. */
  readonly confidence: number;
  readonly language: CodingLanguage;
  readonly ignored: readonly string[];
  /** The next best classes, best first. */
  readonly alternatives: readonly NaceCandidate[];
  /** What a plant of the best class usually offers and needs. */
  readonly expectations: FlowExpectations;
}

const ALTERNATIVES = 2;

/** Suggest a NACE class for a company description. */
export function suggestNace(description: string): NaceSuggestion {
  const read = readDescription(description);
  // Whom it serves ("… for the municipality") weighs less than what it does, as for materials.
  const clauses = read.clauses;
  const candidates: NaceCandidate[] = [];
  for (const c of CLASSES) {
    let score = 0;
    const matched: string[] = [];
    for (const term of c.terms) {
      const s = termScore(clauses, term);
      if (s > 0) {
        score += s;
        matched.push(term.words.join(" "));
      }
    }
    if (score > 0) candidates.push({ nace: c.nace, label: c.label, section: c.section, score, matched });
  }
  candidates.sort((a, b) => b.score - a.score || a.nace.localeCompare(b.nace));
  const [best, second] = candidates;
  const base = { language: read.language, ignored: read.ignored };
  if (!best) return { ...base, best: null, confidence: 0, alternatives: [], expectations: { matchedOn: null, flows: [] } };
  const margin = best.score / (best.score + (second?.score ?? 0));
  const strength = Math.min(1, best.score / 5);
  return {
    ...base,
    best,
    confidence: Math.round(margin * strength * 100) / 100,
    alternatives: candidates.slice(1, 1 + ALTERNATIVES),
    expectations: expectedFlowsFor(best.nace),
  };
}
