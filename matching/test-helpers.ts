/**
 * Builders for tests: a flow with sensible defaults, overridden per story.
 */
import type { MatchableFlow } from "./types.ts";

let seq = 0;

/** An offer of `resourceType` at Kalundborg, all year, measured, unless overridden. */
export function offer(resourceType: string, over: Partial<MatchableFlow> = {}): MatchableFlow {
  seq++;
  return {
    id: `offer-${seq}`,
    siteId: `supplier-site-${seq}`,
    orgId: `supplier-${seq}`,
    direction: "offer",
    resourceType,
    lat: 55.66,
    lon: 11.09,
    annualQuantity: 10_000,
    availability: { months: 0xfff },
    precision: "measured",
    version: 1,
    ...over,
  };
}

/** A need of `resourceType` about 1 km north of `offer`'s default spot, unless overridden. */
export function need(resourceType: string, over: Partial<MatchableFlow> = {}): MatchableFlow {
  seq++;
  return {
    id: `need-${seq}`,
    siteId: `consumer-site-${seq}`,
    orgId: `consumer-${seq}`,
    direction: "need",
    resourceType,
    lat: 55.669,
    lon: 11.09,
    annualQuantity: 10_000,
    availability: { months: 0xfff },
    precision: "measured",
    version: 1,
    ...over,
  };
}

/** Moves a point `km` north. */
export function north(lat: number, km: number): number {
  return lat + km / 111.2;
}
