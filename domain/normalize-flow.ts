/** Normalizes a parsed flow's quantity with the hours its availability declares. */
import { operatingHoursPerYear } from "./operating-hours.ts";
import type { ResourceFlow } from "./schemas/resource-flow.ts";
import { normalizeQuantity, type NormalizedQuantity } from "./units.ts";

/** A flow with its quantity in canonical units next to the declared one. */
export type NormalizedResourceFlow = ResourceFlow & { readonly normalized: NormalizedQuantity };

/**
 * Adds `normalized` to a flow. Throws the typed unit errors of {@link normalizeQuantity},
 * naming `quantity.unit` / `quantity.value`.
 */
export function normalizeFlow(flow: ResourceFlow): NormalizedResourceFlow {
  const hoursPerYear = operatingHoursPerYear(flow.availability);
  const normalized = normalizeQuantity(flow.quantity, flow.resourceType, hoursPerYear === undefined ? {} : { hoursPerYear });
  return { ...flow, normalized };
}
