/**
 * Builders for tests: a flow with sensible defaults, overridden per story.
 */
import type { MatchableFlow } from "./types.ts";

let seq = 0;

/** A measured, all-year flow of 10,000 units/yr of `resourceType` at (lat, 11.09), ids by `role`. */
function aFlow(direction: MatchableFlow["direction"], role: "supplier" | "consumer", lat: number, resourceType: string, over: Partial<MatchableFlow>): MatchableFlow {
  seq++;
  return {
    id: `${direction}-${seq}`,
    siteId: `${role}-site-${seq}`,
    orgId: `${role}-${seq}`,
    direction,
    resourceType,
    lat,
    lon: 11.09,
    annualQuantity: 10_000,
    availability: { months: 0xfff },
    precision: "measured",
    version: 1,
    ...over,
  };
}

/** An offer of `resourceType` at Kalundborg, all year, measured, unless overridden. */
export function offer(resourceType: string, over: Partial<MatchableFlow> = {}): MatchableFlow {
  return aFlow("offer", "supplier", 55.66, resourceType, over);
}

/** A need of `resourceType` about 1 km north of `offer`'s default spot, unless overridden. */
export function need(resourceType: string, over: Partial<MatchableFlow> = {}): MatchableFlow {
  return aFlow("need", "consumer", 55.669, resourceType, over);
}

/** Moves a point `km` north. */
export function north(lat: number, km: number): number {
  return lat + km / 111.2;
}
