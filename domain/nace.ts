/**
 * NACE rev.2 activity codes (Regulation (EC) No 1893/2006). Businesses declare one so
 * matching and seed templates can reason about what a plant does. Accepted shapes:
 * a section alone ("C"), a division ("10"), group ("10.5") or class ("10.51"), each
 * optionally prefixed by its section letter ("C10.51").
 */

/** Sections and the division ranges they cover. */
const SECTIONS: ReadonlyArray<readonly [section: string, first: number, last: number]> = [
  ["A", 1, 3], ["B", 5, 9], ["C", 10, 33], ["D", 35, 35], ["E", 36, 39], ["F", 41, 43],
  ["G", 45, 47], ["H", 49, 53], ["I", 55, 56], ["J", 58, 63], ["K", 64, 66], ["L", 68, 68],
  ["M", 69, 75], ["N", 77, 82], ["O", 84, 84], ["P", 85, 85], ["Q", 86, 88], ["R", 90, 93],
  ["S", 94, 96], ["T", 97, 98], ["U", 99, 99],
];

/** Syntactic shape of a NACE code; {@link parseNace} also checks the division exists. */
export const NACE_PATTERN = /^(?:[A-U]|(?:[A-U])?\d{2}(?:\.\d{1,2})?)$/;

/** A parsed NACE code. */
export interface NaceCode {
  readonly section: string;
  /** Two-digit division, absent for a bare section. */
  readonly division?: string;
  /** Normalized code without the section letter, e.g. "10.51"; the section for a bare section. */
  readonly code: string;
}

/** The section letter a two-digit division belongs to, or undefined if no such division. */
export function sectionOfDivision(division: number): string | undefined {
  return SECTIONS.find(([, first, last]) => division >= first && division <= last)?.[0];
}

/**
 * Parses a NACE rev.2 code, or returns undefined when it is malformed, names a division
 * that does not exist (e.g. "04"), or carries a section letter that contradicts it ("A10.51").
 */
export function parseNace(raw: string): NaceCode | undefined {
  const text = raw.trim().toUpperCase();
  if (!NACE_PATTERN.test(text)) return undefined;
  if (/^[A-U]$/.test(text)) return { section: text, code: text };
  const letter = /^[A-U]/.test(text) ? text[0] : undefined;
  const code = letter ? text.slice(1) : text;
  const division = code.slice(0, 2);
  const section = sectionOfDivision(Number(division));
  if (!section || (letter && letter !== section)) return undefined;
  return { section, division, code };
}
