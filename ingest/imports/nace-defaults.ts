/**
 * NACE-based defaults for what a spreadsheet leaves out: a typical mid-sized plant of the
 * row's activity (domain/plant-templates.ts, sector rules of thumb) says how much of a
 * resource it typically has, how hot, and how many hours it runs. Every value filled in
 * here is flagged in the flow's `estimatedFields` and lowers its data-quality score; the
 * precision of a defaulted quantity is "rough". Nothing is defaulted when no template of
 * the row's NACE class or division has that resource in that direction.
 */
import { CANONICAL_UNIT } from "../../domain/units.ts";
import { findResourceType } from "../../domain/taxonomy.ts";
import { parseNace } from "../../domain/nace.ts";
import { PLANT_TEMPLATES, type FlowTemplate, type PlantTemplate } from "../../domain/plant-templates.ts";

/** What a template says about one flow of a kind of plant. */
export interface FlowDefault {
  /** The template it came from, e.g. "dairy (NACE 10.51)". */
  readonly source: string;
  readonly annual: number;
  readonly unit: string;
  readonly temperatureC?: number;
  readonly schedule: "24/7" | { hoursPerWeek: number };
}

const mid = (range: readonly [number, number] | undefined) => (range ? Math.round((range[0] + range[1]) / 2) : undefined);

function scheduleOf(t: PlantTemplate): FlowDefault["schedule"] {
  return t.continuous || !t.hoursPerWeek ? "24/7" : { hoursPerWeek: mid(t.hoursPerWeek)! };
}

/** Templates of the same NACE class first, then of the same division. */
function templatesFor(naceCode: string): PlantTemplate[] {
  const code = parseNace(naceCode);
  if (!code?.division) return [];
  const exact = PLANT_TEMPLATES.filter((t) => t.nace === code.code || t.nace.startsWith(`${code.code}`));
  const division = PLANT_TEMPLATES.filter((t) => t.nace.slice(0, 2) === code.division && !exact.includes(t));
  return [...exact, ...division];
}

/**
 * The default for a flow of `resourceType` in `direction` at a plant of `naceCode`, or
 * undefined when no template knows one.
 */
export function flowDefault(naceCode: string | undefined, direction: "offer" | "need", resourceType: string): FlowDefault | undefined {
  if (!naceCode) return undefined;
  const type = findResourceType(resourceType);
  if (!type) return undefined;
  for (const template of templatesFor(naceCode)) {
    const flow: FlowTemplate | undefined = template.flows.find((f) => f.direction === direction && f.resourceType === resourceType);
    if (!flow) continue;
    return {
      source: `${template.label.toLowerCase()} (NACE ${template.nace})`,
      annual: flow.annual,
      unit: CANONICAL_UNIT[type.quantityKind],
      temperatureC: mid(flow.temperatureC),
      schedule: scheduleOf(template),
    };
  }
  return undefined;
}

/** The operating schedule of a typical plant of this NACE class, when a template knows it. */
export function scheduleDefault(naceCode: string | undefined): FlowDefault["schedule"] | undefined {
  if (!naceCode) return undefined;
  const template = templatesFor(naceCode)[0];
  return template ? scheduleOf(template) : undefined;
}
