/**
 * Hybrid router: simple, confident matches go straight to both parties ("auto");
 * complex ones go to a facilitator's queue.
 *
 * The rule, in complexity points:
 * - hazardous resource: 3 (permits, transport documents; always a facilitator);
 * - more than two parties: 2; the supplier covers under a quarter of the demand (the
 *   consumer must assemble several suppliers): 1;
 * - heat pump needed: 1 (a third piece of equipment and an electricity contract);
 * - each side with rough data: 1;
 * - capex above 5 M€: 2, above 1 M€: 1;
 * - distance above 60 % of the resource radius: 1 (route and permits get harder);
 * - regulated reuse (animal by-products, sludge on land): 1.
 *
 * **3 points or more → facilitator, otherwise auto.** On the quality region this sends
 * about four in five matches to auto, which is the target: facilitators are scarce and
 * should see the matches that need them.
 */
import type { RouteDecision } from "./types.ts";

export interface RouteFeatures {
  readonly hazardous: boolean;
  readonly parties: number;
  /** Share of the demand the supplier covers, 0..1. */
  readonly coverage: number;
  readonly heatPump: boolean;
  /** How many of the two flows have rough data (0, 1, 2). */
  readonly roughSides: number;
  readonly capexEur: number;
  readonly distanceKm: number;
  readonly radiusKm: number;
  readonly regulated: boolean;
}

/** Threshold of the rule above. */
export const FACILITATOR_THRESHOLD = 3;

/** Complexity points and what caused them. */
export function complexityScore(f: RouteFeatures): { score: number; drivers: string[] } {
  let score = 0;
  const drivers: string[] = [];
  const add = (pts: number, why: string) => {
    score += pts;
    drivers.push(why);
  };
  if (f.hazardous) add(3, "hazardous resource");
  if (f.parties > 2) add(2, `${f.parties} parties`);
  else if (f.coverage < 0.25) add(1, "covers under a quarter of the demand");
  if (f.heatPump) add(1, "heat pump needed");
  if (f.roughSides > 0) add(f.roughSides, f.roughSides === 2 ? "rough data on both sides" : "rough data on one side");
  if (f.capexEur > 5_000_000) add(2, "capex above 5 M€");
  else if (f.capexEur > 1_000_000) add(1, "capex above 1 M€");
  if (f.distanceKm > 0.6 * f.radiusKm) add(1, "long distance for this resource");
  if (f.regulated) add(1, "regulated reuse");
  return { score, drivers };
}

/** Applies the rule: facilitator at ≥ FACILITATOR_THRESHOLD points. */
export function routeMatch(f: RouteFeatures): RouteDecision {
  const { score, drivers } = complexityScore(f);
  return { decision: score >= FACILITATOR_THRESHOLD ? "facilitator" : "auto", complexity: score, drivers };
}
