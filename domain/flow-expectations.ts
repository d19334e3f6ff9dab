/**
 * What a plant of a NACE class usually offers and needs, to suggest flows to a new
 * organization: the seed's plant templates (plant-templates.ts) plus the sourced
 * heavy-industry entries of nace-expectations.json. Every suggestion names its source.
 * Pure.
 */
import { readFileSync } from "node:fs";
import { parseNace } from "./nace.ts";
import { PLANT_TEMPLATES } from "./plant-templates.ts";
import { getResourceType } from "./taxonomy.ts";
import { CANONICAL_UNIT } from "./units.ts";

/** One flow a plant of the class is expected to have. */
export interface ExpectedFlow {
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  /** Typical annual amount in the canonical unit, or null when no per-plant figure is known. */
  readonly typicalAnnual: { readonly low: number; readonly high: number; readonly unit: string } | null;
  /** Share of such plants that have the flow (1 when every one does). */
  readonly likelihood: number;
  /** The kind of plant and NACE class the expectation is for. */
  readonly plant: string;
  readonly nace: string;
  /** How the range was worked out, or what the flow is. */
  readonly basis: string;
  readonly source: string;
}

/** Expected flows for a NACE code and how closely the code was matched. */
export interface FlowExpectations {
  /** "class" (e.g. 10.51), "group" (10.5) or "division" (10); null when nothing is known. */
  readonly matchedOn: "class" | "group" | "division" | null;
  readonly flows: readonly ExpectedFlow[];
}

interface RawClass {
  nace: string;
  label: string;
  flows: { direction: "offer" | "need"; resourceType: string; annual: [number, number] | null; basis: string; source: string }[];
}

const extra = (
  JSON.parse(readFileSync(new URL("./nace-expectations.json", import.meta.url), "utf8")) as { classes: RawClass[] }
).classes;

/** Two significant figures: a typical range should not look more exact than it is. */
function round2(x: number): number {
  if (x === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  return Math.round(x / scale) * scale;
}

const unitOf = (resourceType: string) => CANONICAL_UNIT[getResourceType(resourceType).quantityKind];

// Templates: the range is one log-normal sigma of the seed's size spread around size
// factor 1, i.e. the middle ~68 % of such plants in the seed model.
const FROM_TEMPLATES: readonly ExpectedFlow[] = PLANT_TEMPLATES.flatMap((t) =>
  t.flows.map((f) => ({
    direction: f.direction,
    resourceType: f.resourceType,
    typicalAnnual: { low: round2(f.annual * Math.exp(-t.sizeSigma)), high: round2(f.annual * Math.exp(t.sizeSigma)), unit: unitOf(f.resourceType) },
    likelihood: f.p ?? 1,
    plant: t.label,
    nace: t.nace,
    basis: `typical ${t.label.toLowerCase()}, ±1σ of plant size around ${f.annual} ${unitOf(f.resourceType)}${f.note ? `; ${f.note}` : ""}`,
    source: t.source,
  })),
);

const FROM_DATA: readonly ExpectedFlow[] = extra.flatMap((c) =>
  c.flows.map((f) => ({
    direction: f.direction,
    resourceType: f.resourceType,
    typicalAnnual: f.annual ? { low: f.annual[0], high: f.annual[1], unit: unitOf(f.resourceType) } : null,
    likelihood: 1,
    plant: c.label,
    nace: c.nace,
    basis: f.basis,
    source: f.source,
  })),
);

/** Every expectation, templates first; loading checks each resource type exists. */
export const FLOW_EXPECTATIONS: readonly ExpectedFlow[] = Object.freeze([...FROM_TEMPLATES, ...FROM_DATA]);

/**
 * What a plant of this NACE code usually offers and needs: the expectations of its class
 * if any, else of its group, else of its division. Offers first, then needs, likeliest
 * first; a flow both a template and the data know appears once per source.
 */
export function expectedFlowsFor(naceCode: string): FlowExpectations {
  const code = parseNace(naceCode);
  if (!code?.division) return { matchedOn: null, flows: [] };
  const levels: [FlowExpectations["matchedOn"], (nace: string) => boolean][] = [
    ["class", (n) => code.code.length === 5 && n === code.code],
    ["group", (n) => code.code.length >= 4 && n.startsWith(code.code.slice(0, 4))],
    ["division", (n) => n.startsWith(code.division!)],
  ];
  for (const [level, fits] of levels) {
    const flows = FLOW_EXPECTATIONS.filter((f) => fits(f.nace));
    if (flows.length === 0) continue;
    const ordered = [...flows].sort(
      (a, b) => (a.direction === b.direction ? 0 : a.direction === "offer" ? -1 : 1) || b.likelihood - a.likelihood || a.resourceType.localeCompare(b.resourceType),
    );
    return { matchedOn: level, flows: ordered };
  }
  return { matchedOn: null, flows: [] };
}
