/**
 * Canonical unit per resource type, for explanations.
 */
import { RESOURCE_TYPES } from "../domain/taxonomy.ts";

const UNIT = { energy: "MWh", mass: "t", volume: "m³" } as const;

/** Canonical unit label per taxonomy type index. */
export const TYPE_UNIT: readonly string[] = RESOURCE_TYPES.map((t) => UNIT[t.quantityKind]);
