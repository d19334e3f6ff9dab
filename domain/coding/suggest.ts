/**
 * Coding help: a free-text description ("hot water from pasteuriser cooling", "spent
 * brewer's grains", "Abwärme aus der Kälteanlage") → a suggested resource type and EWC code,
 * with a confidence and the words that decided it. The method is transparent on purpose:
 * text.ts reads the description (its language; context such as destinations, company names,
 * CO2 claims and what the flow replaces removed; the material's own words weighed above its
 * source and its use), then a weighted keyword and phrase index in English, Danish and
 * German shipped as data (keyword-index.json) plus the taxonomy's synonyms scores each type.
 * Words that name heat or fuel without a grade go to the member the direction words
 * (offer/need), the written temperature and pressure point at. Corrections people made win
 * over the index. Pure: corrections are passed in.
 */
import { readFileSync } from "node:fs";
import { RESOURCE_TYPES, findResourceType } from "../taxonomy.ts";
import { distinct, occursIn, termScore, termsOf, type MultilingualTerms, type Term } from "./terms.ts";
import { detectLanguage, readDescription, words, type Clause, type CodingLanguage } from "./text.ts";

interface KeywordIndexFile {
  types: Record<string, MultilingualTerms>;
  families: Record<"heat" | "fuel", MultilingualTerms>;
  direction: Record<"need" | "offer", { terms: string[]; da?: string[]; de?: string[] }>;
  ewc: Record<string, [string, string[]][]>;
}

const file = JSON.parse(readFileSync(new URL("./keyword-index.json", import.meta.url), "utf8")) as KeywordIndexFile;

/**
 * The words of a description as correction keys remember them: lower case, accents
 * removed, plural s dropped. Kept as it was when corrections were first stored, so a
 * stored key still finds its description; matching reads words with {@link words}.
 */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .split(/[^a-z0-9&]+/)
    .filter(Boolean)
    .map(legacyStem);
}

function legacyStem(word: string): string {
  if (word.length > 4 && /(sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

// Index: each type's terms, plus its taxonomy synonyms, so a type added to the taxonomy is
// findable before anyone tunes its keywords. A one-word synonym ("water", "power") is
// weak evidence; a phrase is strong.
const TERMS: ReadonlyMap<string, readonly Term[]> = new Map(
  RESOURCE_TYPES.map((type) => {
    const synonyms = type.synonyms.map((s) => words(s)).map((w) => ({ words: w, weight: w.length > 1 ? 3 : 1, compound: false }));
    return [type.id, distinct([...termsOf(file.types[type.id]), ...synonyms])];
  }),
);
// A family word inside a compound that a type names itself ("fjernvarme" is district
// heating, not any heat) is that type's evidence, not the family's.
const TYPE_WORDS: ReadonlySet<string> = new Set([...TERMS.values()].flat().filter((t) => t.words.length === 1).map((t) => t.words[0]!));
const familyTerms = (entry: KeywordIndexFile["families"]["heat"]) => distinct(termsOf(entry)).map((t) => ({ ...t, yields: true }));
const FAMILY_TERMS = { heat: familyTerms(file.families.heat), fuel: familyTerms(file.families.fuel) };
const cuesOf = (entry: { terms: string[]; da?: string[]; de?: string[] }): Term[] =>
  termsOf({ terms: entry.terms.map((t) => [t, 1]), da: (entry.da ?? []).map((t) => [t, 1]), de: (entry.de ?? []).map((t) => [t, 1]) });
const CUES = { need: cuesOf(file.direction.need), offer: cuesOf(file.direction.offer) };

/** Temperatures written in the text, in °C. */
export function temperaturesIn(text: string): number[] {
  // A minus right after a digit is a range ("30-40C"), not a sign.
  return [...text.matchAll(/(?<!\d)(-(?=\d))?(\d+(?:[.,]\d+)?)\s*(?:°\s*c|deg(?:rees)?\s*c?\b|grad\b|℃|c\b)/gi)].map(
    (m) => (m[1] ? -1 : 1) * Number(m[2]!.replace(",", ".")),
  );
}

/** Pressures written in the text, in bar ("16 bar", "1.2 MPa", "10 barg"). */
export function pressuresIn(text: string): number[] {
  return [...text.matchAll(/(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(bar[ag]?|bar\(g\)|mpa|kpa|psig?)\b/gi)].map((m) => {
    const value = Number(m[1]!.replace(",", "."));
    const unit = m[2]!.toLowerCase();
    return unit === "mpa" ? value * 10 : unit === "kpa" ? value / 100 : unit.startsWith("psi") ? value / 14.5 : value;
  });
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
  /** The language the description was read in. */
  readonly language: CodingLanguage;
  /** Context removed before the words were weighed (destinations, names, savings claims). */
  readonly ignored: readonly string[];
  /** The best few candidates, best first. */
  readonly candidates: readonly Candidate[];
}

const HEAT_THRESHOLD_C = 90;
/** Types that name a demand; an offer matching only their words is probably something else. */
const DEMAND_TYPES: ReadonlySet<string> = new Set([
  "process_heat",
  "feed",
  "fertiliser",
  "cement_raw_material",
  "clinker_substitute",
  "raw_meal_component",
  "liming_agent",
  "aggregate",
  "plasterboard_raw_material",
  "digester_feedstock",
  "alternative_fuel",
]);
/** Ash types: the residue of a firing, whatever was burnt. */
const ASH_TYPES = ["fly_ash", "bottom_ash"] as const;
const GASES: ReadonlySet<string> = new Set(["hydrogen", "co2", "biogas", "refinery_fuel_gas"]);

function chooseEwc(resourceType: string, tokens: readonly string[]): string | null {
  for (const [code, terms] of file.ewc[resourceType] ?? []) {
    if (terms.some((t) => occursIn(tokens, { words: words(t), weight: 1, compound: false }))) return code;
  }
  return findResourceType(resourceType)?.ewc[0] ?? null;
}

/** A key under which corrections are remembered: the description's words. */
export const correctionKey = (description: string) => tokenize(description).join(" ");

/** Whether the description reads as something the company has or something it wants. */
export function directionOf(description: string): "offer" | "need" | null {
  const all: Clause[] = [{ tokens: words(description), weight: 1, role: "material" }];
  const need = CUES.need.filter((t) => termScore(all, t) > 0).length;
  const offer = CUES.offer.filter((t) => termScore(all, t) > 0).length;
  return need > offer ? "need" : offer > need ? "offer" : null;
}

interface Scored {
  score: number;
  matched: string[];
}

function scoreTerms(clauses: readonly Clause[], terms: readonly Term[], into: Scored, known?: ReadonlySet<string>): void {
  for (const term of terms) {
    const s = termScore(clauses, term, known);
    if (s > 0) {
      into.score += s;
      into.matched.push(term.words.join(" "));
    }
  }
}

/**
 * The heat family's member for this description: a need is a heat demand; an offer's grade
 * is its written temperature, else what its own words say ("high temperature", "exhaust").
 */
function heatType(direction: "offer" | "need" | null, temps: readonly number[], own: (type: string) => number): string {
  if (direction === "need") return "process_heat";
  if (temps.length > 0) return Math.max(...temps) >= HEAT_THRESHOLD_C ? "waste_heat_high" : "waste_heat_low";
  return own("waste_heat_high") > own("waste_heat_low") ? "waste_heat_high" : "waste_heat_low";
}

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
      ewcCode: remembered.ewcCode ?? chooseEwc(remembered.resourceType, words(description)),
      confidence: 1,
      method: "correction",
      reason: "a person coded this same description before",
      language: detectLanguage(description),
      ignored: [],
      candidates: [{ resourceType: remembered.resourceType, score: Infinity, matched: [] }],
    };
  }
  const read = readDescription(description);
  const { clauses } = read;
  const direction = directionOf(description);
  const temps = temperaturesIn(read.kept);
  const pressures = pressuresIn(read.kept);
  const scored = new Map<string, Scored>();
  const at = (type: string) => scored.get(type) ?? scored.set(type, { score: 0, matched: [] }).get(type)!;
  // The taxonomy names some needs by their use ("animal feed demand"), so for a need the
  // words of its use ("… for cattle feed") are full evidence for those demand types.
  const asUse = direction === "offer" ? clauses : clauses.map((c) => (c.role === "use" ? { ...c, weight: 1 } : c));
  for (const [resourceType, terms] of TERMS) scoreTerms(DEMAND_TYPES.has(resourceType) ? asUse : clauses, terms, at(resourceType));
  // Families: words that name heat or fuel without its grade go to the member the direction,
  // temperature and carrier point at.
  const heat: Scored = { score: 0, matched: [] };
  scoreTerms(clauses, FAMILY_TERMS.heat, heat, TYPE_WORDS);
  if (heat.score > 0) {
    const target = at(heatType(direction, temps, (type) => scored.get(type)?.score ?? 0));
    target.score += heat.score;
    target.matched.push(...heat.matched);
  }
  const fuel: Scored = { score: 0, matched: [] };
  scoreTerms(clauses, FAMILY_TERMS.fuel, fuel, TYPE_WORDS);
  if (fuel.score > 0) {
    const target = at(direction === "offer" ? "refuse_derived_fuel" : "alternative_fuel");
    target.score += fuel.score;
    target.matched.push(...fuel.matched);
  }
  // The ash of a biomass firing is biomass ash, not biomass: when the words of an ash and of
  // a biomass fuel both occur ("grate residue from the boilers firing cane fibre"), the
  // residue is what is offered and the fuel only says what was burnt.
  const biomass = scored.get("biomass");
  const ash = Math.max(...ASH_TYPES.map((t) => scored.get(t)?.score ?? 0));
  if (biomass && biomass.score > 0 && ash > 0) {
    const target = at("biomass_ash");
    target.score += ash + biomass.score;
    target.matched.push(...biomass.matched, ...ASH_TYPES.flatMap((t) => scored.get(t)?.matched ?? []));
    biomass.score = 0;
  }
  // A temperature decides low- versus high-grade when both fit; a pressure means steam,
  // unless a gas is named ("hydrogen at 30 bar").
  if (temps.length > 0 && direction !== "need") {
    const hottest = Math.max(...temps);
    const grade = hottest >= HEAT_THRESHOLD_C ? "waste_heat_high" : "waste_heat_low";
    const s = scored.get(grade);
    if (s && s.score > 0) s.score += 2;
  }
  if (pressures.length > 0 && ![...GASES].some((g) => (scored.get(g)?.score ?? 0) > 0)) {
    const steam = at("steam");
    steam.score += 3;
    steam.matched.push(`${Math.max(...pressures)} bar`);
  }
  // A demand type's words in an offer ("compost from our garden waste") are weaker evidence.
  if (direction === "offer") for (const type of DEMAND_TYPES) { const s = scored.get(type); if (s) s.score *= 0.5; }
  const candidates: Candidate[] = [...scored]
    .filter(([, s]) => s.score > 0)
    .map(([resourceType, s]) => ({ resourceType, score: Math.round(s.score * 100) / 100, matched: [...new Set(s.matched)] }))
    .sort((a, b) => b.score - a.score || a.resourceType.localeCompare(b.resourceType));
  const [best, second] = candidates;
  if (!best) {
    return { resourceType: null, ewcCode: null, confidence: 0, method: "none", reason: "no known word in the description", language: read.language, ignored: read.ignored, candidates: [] };
  }
  // Margin over the runner-up, damped when the evidence is thin.
  const margin = best.score / (best.score + (second?.score ?? 0));
  const strength = Math.min(1, best.score / 4);
  const ignoredNote = read.ignored.length ? `; ignored as context: ${read.ignored.map((m) => `"${m}"`).join(", ")}` : "";
  return {
    resourceType: best.resourceType,
    ewcCode: chooseEwc(best.resourceType, words(read.kept)),
    confidence: Math.round(margin * strength * 100) / 100,
    method: "keywords",
    reason: `matched ${best.matched.map((m) => `"${m}"`).join(", ")}${ignoredNote}`,
    language: read.language,
    ignored: read.ignored,
    candidates: candidates.slice(0, 3),
  };
}
