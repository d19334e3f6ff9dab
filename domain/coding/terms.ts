/**
 * Terms of the coding help's vocabularies (resource types, NACE classes) and how they are
 * found in a description's clauses: English terms match whole words, Danish and German ones
 * also with their endings and as the head of a compound. Pure.
 */
import type { Clause } from "./text.ts";
import { words } from "./text.ts";

/** Phrases with weights, as the vocabularies' JSON lists them. */
export type WeightedTerms = [string, number][];
/** One entry's terms in English and, optionally, Danish and German. */
export interface MultilingualTerms {
  terms: WeightedTerms;
  da?: WeightedTerms;
  de?: WeightedTerms;
}

/** A phrase of a vocabulary with its weight. */
export interface Term {
  readonly words: readonly string[];
  readonly weight: number;
  /** Danish and German words also match inside compounds and with their endings. */
  readonly compound: boolean;
  /** A family term: it does not match inside a compound that is a type's own word. */
  readonly yields?: boolean;
}

/** The terms of one vocabulary entry, folded as descriptions are. */
export const termsOf = (entry: MultilingualTerms | undefined): Term[] => [
  ...(entry?.terms ?? []).map(([phrase, weight]) => ({ words: words(phrase), weight, compound: false })),
  ...[...(entry?.da ?? []), ...(entry?.de ?? [])].map(([phrase, weight]) => ({ words: words(phrase), weight, compound: true })),
];

/** One term per phrase (a word listed in two languages counts once), at its highest weight. */
export function distinct(terms: readonly Term[]): Term[] {
  const byPhrase = new Map<string, Term>();
  for (const t of terms) {
    if (t.words.length === 0) continue;
    const key = t.words.join(" ");
    const had = byPhrase.get(key);
    byPhrase.set(key, had ? { words: t.words, weight: Math.max(had.weight, t.weight), compound: had.compound || t.compound } : t);
  }
  return [...byPhrase.values()];
}

const NONE: ReadonlySet<string> = new Set();

// Endings a Danish or German word takes (plural, definite, case) after the index's form.
const ENDINGS = new Set(["", "e", "en", "er", "ern", "et", "ene", "erne", "es", "n", "s", "r", "ne", "ns"]);

function wordMatches(token: string, word: string, compound: boolean, last: boolean): boolean {
  if (token === word) return true;
  // A short word ("pap", "el") matches only itself, or it would hide in English words.
  if (!compound || word.length < 4) return false;
  // The head of a compound is its last part ("prozessabwaerme" is abwaerme), so only the
  // phrase's last word may carry a prefix, and only a word long enough not to hide anywhere.
  const at = last && word.length >= 5 ? token.lastIndexOf(word) : token.startsWith(word) ? 0 : -1;
  return at >= 0 && ENDINGS.has(token.slice(at + word.length));
}

/**
 * Whether the term occurs in the tokens; a family term (`yields`) does not match inside a
 * compound listed in `known`.
 */
export function occursIn(tokens: readonly string[], term: Term, known: ReadonlySet<string> = NONE): boolean {
  const n = term.words.length;
  if (!term.compound && n === 1) return tokens.includes(term.words[0]!);
  outer: for (let i = 0; i + n <= tokens.length; i++) {
    for (let j = 0; j < n; j++) {
      const token = tokens[i + j]!;
      if (term.yields && token !== term.words[j] && known.has(token)) continue outer;
      if (!wordMatches(token, term.words[j]!, term.compound, j === n - 1)) continue outer;
    }
    return true;
  }
  return false;
}

/** The best weight a term earns in any clause (a term counts once). */
export function termScore(clauses: readonly Clause[], term: Term, known?: ReadonlySet<string>): number {
  let best = 0;
  for (const c of clauses) if (c.weight > best && occursIn(c.tokens, term, known)) best = c.weight;
  return best * term.weight;
}

