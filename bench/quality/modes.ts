/**
 * The two ways the evaluation types a listing: as a plant engineer would (the mapping), or
 * as the project's coding help does from the company's own words (POST /coding/suggestions).
 */
import type { Descriptions } from "./descriptions.ts";
import { describe } from "./descriptions.ts";
import { engineerType, type EngineerMapping, type HazardDeclaration, type MappedType } from "./mapping.ts";
import type { ChooseType } from "./register.ts";
import type { Rest } from "./rest.ts";

export const MODES = ["engineer", "coding"] as const;
export type Mode = (typeof MODES)[number];

/** Types chosen by the engineer mapping. */
export function engineerChooser(mapping: EngineerMapping): ChooseType {
  return async ({ label, direction, nace }) => {
    const mapped = engineerType(mapping, label, direction, nace);
    return mapped.type === null ? { type: null, expected: null, why: mapped.why } : { ...mapped, expected: mapped.type };
  };
}

/**
 * The hazard declaration a company registers with a listing whichever way its type was
 * chosen: the supplier knows its material's hazard class and the consumer its permit, so
 * only the type comes from the coding help. Without it every hazardous offer of the coding
 * mode was dropped by the hazard rule, which measured the registration, not the coding help.
 */
export function hazardDeclaration(mapped: MappedType): HazardDeclaration {
  if (mapped.type === null) return {};
  return {
    ...(mapped.hazardClass ? { hazardClass: mapped.hazardClass } : {}),
    ...(mapped.acceptedHazardClasses ? { acceptedHazardClasses: mapped.acceptedHazardClasses } : {}),
  };
}

/** Types chosen by the coding help from the listing's description, asked as the company. */
export function codingChooser(rest: Rest, mapping: EngineerMapping, descriptions: Descriptions): ChooseType {
  return async ({ label, direction, nace, token }) => {
    const mapped = engineerType(mapping, label, direction, nace);
    const expected = mapped.type;
    const description = describe(descriptions, label, direction, nace);
    if (description === null) return { type: null, expected, description, why: `no ${direction} description for "${label}"` };
    const suggestion = await rest.call<{ resourceType: string | null; reason: string }>("POST", "/coding/suggestions", token, { description });
    return suggestion.resourceType === null
      ? { type: null, expected, description, why: `the coding help suggested no type: ${suggestion.reason}` }
      : { type: suggestion.resourceType, expected, description, ...hazardDeclaration(mapped) };
  };
}

export function chooserFor(mode: Mode, rest: Rest, mapping: EngineerMapping, descriptions: Descriptions): ChooseType {
  return mode === "engineer" ? engineerChooser(mapping) : codingChooser(rest, mapping, descriptions);
}
