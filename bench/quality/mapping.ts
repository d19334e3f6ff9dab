/**
 * Choosing a listing's resource type the way a plant engineer would
 * (`engineer-mapping.json`): by the dataset's resource label and direction, refined by the
 * registering company's NACE class, taking the first preferred type the taxonomy has.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { HAZARDOUS_PROPERTIES } from "../../domain/hazardous-properties.ts";
import { findResourceType } from "../../domain/taxonomy.ts";

/**
 * One rule. An offer rule may declare the hazard class its engineer would fill in for that
 * material (sulphuric acid: HP8), a need rule the classes a consumer of that material is
 * permitted and equipped to take (an acid consumer: HP8), as both sides register them.
 */
const Rule = z.strictObject({
  nace: z.array(z.string().regex(/^\d{2}(\.\d{1,2})?$/)).optional(),
  types: z.array(z.string().min(1)).min(1),
  hazardClass: z.enum(["none", ...HAZARDOUS_PROPERTIES]).optional(),
  acceptsHazardClasses: z.array(z.enum(HAZARDOUS_PROPERTIES)).min(1).optional(),
  why: z.string().optional(),
});
/** One rule: for companies of these NACE prefixes (all when absent), these types by preference. */
export type MappingRule = z.infer<typeof Rule>;
const MappingFile = z.object({ labels: z.record(z.string(), z.object({ offer: z.array(Rule).min(1), need: z.array(Rule).min(1) })) });
/** The mapping: label → direction → rules, first match wins. */
export type EngineerMapping = z.infer<typeof MappingFile>["labels"];

/** Read and validate a mapping file (default: the engineer mapping beside this module). */
export function loadMapping(file: URL | string = new URL("./engineer-mapping.json", import.meta.url)): EngineerMapping {
  return MappingFile.parse(JSON.parse(readFileSync(file, "utf8"))).labels;
}

/** The first rule whose NACE prefixes match one of the company's classes (a rule without NACE matches all). */
export function ruleFor<R extends { nace?: readonly string[] | undefined }>(rules: readonly R[], naceClasses: readonly string[]): R | undefined {
  return rules.find((r) => !r.nace || r.nace.some((prefix) => naceClasses.some((c) => c === prefix || c.startsWith(prefix.length === 2 ? `${prefix}.` : prefix))));
}

/** The hazard declarations registered with a listing, when its rule names them. */
export interface HazardDeclaration {
  /** Offer: the declared hazard class. */
  readonly hazardClass?: string;
  /** Need: the hazard classes accepted. */
  readonly acceptedHazardClasses?: readonly string[];
}

/** What the mapping chose for one listing, and why when nothing. */
export type MappedType = ({ readonly type: string } & HazardDeclaration) | { readonly type: null; readonly why: string };

/** The engineer's type for `label` offered or needed by a company of these NACE classes. */
export function engineerType(mapping: EngineerMapping, label: string, direction: "offer" | "need", naceClasses: readonly string[]): MappedType {
  const entry = mapping[label];
  if (!entry) return { type: null, why: `label "${label}" is not in the engineer mapping` };
  const rule = ruleFor(entry[direction], naceClasses);
  if (!rule) return { type: null, why: `no ${direction} rule of "${label}" fits NACE ${naceClasses.join(", ") || "(none)"}` };
  const type = rule.types.find((t) => findResourceType(t) !== undefined);
  if (!type) return { type: null, why: `the taxonomy has none of ${rule.types.join(", ")} for a ${direction} of "${label}"` };
  return {
    type,
    ...(direction === "offer" && rule.hazardClass ? { hazardClass: rule.hazardClass } : {}),
    ...(direction === "need" && rule.acceptsHazardClasses ? { acceptedHazardClasses: rule.acceptsHazardClasses } : {}),
  };
}
