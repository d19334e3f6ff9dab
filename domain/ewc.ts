/**
 * The European List of Waste (Commission Decision 2000/532/EC as amended by 2014/955/EU)
 * as data: every six-digit code with its hazardous mark (ewc-codes.json, which names its
 * source), and the resource type each code maps to (ewc-mapping.json: chapter and
 * sub-chapter rules plus explicit overrides). Loading checks that every code maps to a
 * type of the taxonomy, so an unmapped code or a misspelt type fails at start-up.
 */
import { readFileSync } from "node:fs";
import { findResourceType } from "./taxonomy.ts";

/** One entry of the list of waste. */
export interface EwcCode {
  /** Six digits in the legal notation, "01 03 09" (without the star). */
  readonly code: string;
  /** The star of the legal text. */
  readonly hazardous: boolean;
  /** Absolute entries are (non-)hazardous as such; mirror entries depend on content. */
  readonly entry: "absolute" | "mirror";
  readonly description: string;
}

/** A code with the resource type it maps to and why. */
export interface EwcMapping extends EwcCode {
  readonly resourceType: string;
  /** "override" or the prefix of the rule that decided. */
  readonly decidedBy: string;
  readonly why?: string;
}

interface Rule {
  readonly prefix: string;
  readonly type: string;
  readonly hazardousType?: string;
  readonly why?: string;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8")) as T;
}

const codesFile = load<{ source: Record<string, unknown>; chapters: Record<string, string>; subChapters: Record<string, string>; codes: EwcCode[] }>(
  "./ewc-codes.json",
);
const mappingFile = load<{ rules: Rule[]; overrides: Record<string, { type: string; why?: string }> }>("./ewc-mapping.json");

/** Where the list comes from: legal text, machine-readable copy, licence, date. */
export const EWC_SOURCE: Readonly<Record<string, unknown>> = Object.freeze(codesFile.source);

/** Titles of the 20 chapters ("01") and of the sub-chapters ("01 03"). */
export const EWC_CHAPTERS: Readonly<Record<string, string>> = Object.freeze({ ...codesFile.chapters, ...codesFile.subChapters });

/** The code as written with its star when hazardous: "16 11 01*". */
export function starred(code: EwcCode): string {
  return code.hazardous ? `${code.code}*` : code.code;
}

// Longest prefix first, so a sub-chapter rule beats its chapter's.
const rules = [...mappingFile.rules].sort((a, b) => b.prefix.length - a.prefix.length);

function mapOne(code: EwcCode): EwcMapping {
  const override = mappingFile.overrides[starred(code)];
  if (override) return { ...code, resourceType: override.type, decidedBy: "override", ...(override.why ? { why: override.why } : {}) };
  const rule = rules.find((r) => code.code.startsWith(r.prefix));
  if (!rule) throw new Error(`ewc-mapping.json: no rule maps ${starred(code)}`);
  const type = code.hazardous && rule.hazardousType ? rule.hazardousType : rule.type;
  return { ...code, resourceType: type, decidedBy: rule.prefix, ...(rule.why ? { why: rule.why } : {}) };
}

/** Every code of the list with its resource type, in the list's order. Frozen. */
export const EWC_CODES: readonly EwcMapping[] = Object.freeze(codesFile.codes.map((c) => Object.freeze(mapOne(c))));

for (const m of EWC_CODES) {
  if (!findResourceType(m.resourceType)) throw new Error(`ewc-mapping.json: ${starred(m)} maps to unknown type ${m.resourceType}`);
}
for (const key of Object.keys(mappingFile.overrides)) {
  if (!EWC_CODES.some((c) => starred(c) === key)) throw new Error(`ewc-mapping.json: override for ${key}, which is not in the list (check its star)`);
}

const byCode = new Map(EWC_CODES.map((c) => [c.code, c]));

/**
 * The entry for a code, written with or without spaces and star ("160801", "16 08 01*");
 * undefined when the list has no such code.
 */
export function findEwcCode(raw: string): EwcMapping | undefined {
  const digits = raw.replace(/[\s*]/g, "");
  if (!/^\d{6}$/.test(digits)) return undefined;
  return byCode.get(`${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)}`);
}

/**
 * Why a code written as "10 01 02" or "07 01 04*" is not an entry of the list, or
 * undefined when it is one: unknown codes and a missing or extra star are refused, so the
 * hazardous mark a flow carries is the one of the legal text.
 */
export function ewcCodeProblem(written: string): string | undefined {
  const entry = findEwcCode(written);
  if (!entry) return "is not an entry of the European list of waste (Decision 2014/955/EU)";
  if (starred(entry) === written) return undefined;
  return entry.hazardous
    ? `is a hazardous entry of the list of waste: write "${starred(entry)}"`
    : `is not a hazardous entry of the list of waste: write "${starred(entry)}"`;
}
