/**
 * The resource taxonomy: every kind of flow Turash knows, shipped as data in
 * `resource-types.json` so that adding a resource is a data change, not a code change.
 */
import { readFileSync } from "node:fs";

/** What a quantity of this resource measures; decides its canonical unit. */
export type QuantityKind = "energy" | "mass" | "volume";

/** One entry of the taxonomy. */
export interface ResourceType {
  /** Stable identifier used in flows, matches and APIs (snake_case). */
  readonly id: string;
  readonly label: string;
  /** Coarse family: energy, water, gas, mineral, organic, biomass, material, chemical. */
  readonly category: string;
  readonly quantityKind: QuantityKind;
  /** Default spatial prefilter radius in kilometres. */
  readonly radiusKm: number;
  /** European Waste Catalogue codes; a trailing `*` marks a hazardous entry. */
  readonly ewc: readonly string[];
  /** True when the resource is hazardous by default (any starred EWC code or declared). */
  readonly hazardous: boolean;
  /** Words people use for it; feeds free-text coding help. */
  readonly synonyms: readonly string[];
  /** Where the type and its codes come from (types added since issue 12 name it). */
  readonly source?: string;
}

interface RawResourceType extends Omit<ResourceType, "hazardous"> {
  hazardous?: boolean;
}

const raw = JSON.parse(
  readFileSync(new URL("./resource-types.json", import.meta.url), "utf8"),
) as { resourceTypes: RawResourceType[] };

/** All resource types, in file order. Frozen. */
export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze(
  raw.resourceTypes.map((t) =>
    Object.freeze({ ...t, hazardous: t.hazardous ?? t.ewc.some((code) => code.endsWith("*")) }),
  ),
);

const byId = new Map(RESOURCE_TYPES.map((t) => [t.id, t]));

/** Identifiers of every resource type, for zod enums and validation. */
export const RESOURCE_TYPE_IDS: readonly string[] = RESOURCE_TYPES.map((t) => t.id);

/** The resource type with this id, or undefined. */
export function findResourceType(id: string): ResourceType | undefined {
  return byId.get(id);
}

/** The resource type with this id; throws when the id is not in the taxonomy. */
export function getResourceType(id: string): ResourceType {
  const type = byId.get(id);
  if (!type) throw new Error(`unknown resource type: ${id}`);
  return type;
}
