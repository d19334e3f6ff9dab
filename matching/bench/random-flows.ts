/**
 * Seeded random flows for benchmarks and property tests: candidates that a spatial
 * prefilter would really hand to the scorer (compatible types, around the radius).
 */
import { RULES, TYPE_RADIUS_KM, typeIndex } from "../compatibility.ts";
import type { MatchableFlow, Precision } from "../types.ts";

const PRECISIONS: readonly Precision[] = ["rough", "estimated", "measured"];
const HEAT = new Set(["waste_heat_low", "waste_heat_high", "steam", "process_heat", "cooling_water"]);

/** A random flow of `type` and `direction` around (lat, lon) within `spreadKm`. */
export function randomFlow(
  rnd: () => number,
  id: string,
  type: string,
  direction: "offer" | "need",
  lat: number,
  lon: number,
  spreadKm: number,
  orgCount: number,
): MatchableFlow {
  const dLat = ((rnd() * 2 - 1) * spreadKm) / 111;
  const dLon = ((rnd() * 2 - 1) * spreadKm) / (111 * Math.cos((lat * Math.PI) / 180));
  const org = Math.floor(rnd() * orgCount);
  const months = rnd() < 0.7 ? 0xfff : (Math.floor(rnd() * 0xfff) | 1) & 0xfff;
  return {
    id,
    orgId: `org${org}`,
    siteId: `site${org}-${Math.floor(rnd() * 3)}`,
    direction,
    resourceType: type,
    lat: lat + dLat,
    lon: lon + dLon,
    annualQuantity: Math.round(10 ** (2 + rnd() * 4)),
    temperatureC: HEAT.has(type) ? Math.round(20 + rnd() * 160) : undefined,
    purityPct: rnd() < 0.3 ? 90 + rnd() * 10 : undefined,
    availability: { months, hoursPerWeek: rnd() < 0.8 ? 168 : 40 + Math.floor(rnd() * 128) },
    variability: rnd() * 0.5,
    disposalCostEurPerUnit: direction === "offer" && rnd() < 0.5 ? rnd() * 40 : undefined,
    currentCostEurPerUnit: direction === "need" && rnd() < 0.5 ? rnd() * 60 : undefined,
    precision: PRECISIONS[Math.floor(rnd() * 3)]!,
    version: 1,
  };
}

/**
 * One source offer of a random type and `count` needs of types it can feed, scattered
 * over `spreadFactor` × the offer's radius (a square, so 1.5 puts about a third inside
 * the radius) — the mix a spatial prefilter with some slack returns.
 */
export function randomCandidateSet(
  rnd: () => number,
  count: number,
  prefix = "c",
  spreadFactor = 1.5,
): { source: MatchableFlow; candidates: MatchableFlow[] } {
  const rule = RULES[Math.floor(rnd() * RULES.length)]!;
  const lat = 55 + rnd() * 2;
  const lon = 9 + rnd() * 3;
  const radius = TYPE_RADIUS_KM[typeIndex(rule.offer)]!;
  const needs = RULES.filter((r) => r.offer === rule.offer).map((r) => r.need);
  const orgs = Math.max(2, Math.floor(count / 5));
  const source = randomFlow(rnd, `${prefix}-source`, rule.offer, "offer", lat, lon, 0, 1);
  const candidates: MatchableFlow[] = [];
  for (let i = 0; i < count; i++) {
    candidates.push(randomFlow(rnd, `${prefix}${i}`, needs[Math.floor(rnd() * needs.length)]!, "need", lat, lon, radius * spreadFactor, orgs));
  }
  return { source: { ...source, orgId: "source-org", siteId: "source-site" }, candidates };
}
