/**
 * Quantity factor: how much of the demand the supply covers, how much of the supply
 * finds use, and how steady both are.
 */

import { clamp01 } from "./clamp.ts";
import { fmtQty, part, reasonText, type ReasonParts } from "../reasons.ts";

/**
 * 0.7·coverage + 0.3·utilisation, times (1 − 0.5·cv) with cv the larger variability:
 * covering the consumer's need matters more than using all of the supplier's surplus
 * (surplus can go to a second consumer), and a jumpy flow needs backup capacity.
 * @param supplyAsNeedUnits supply available in the common period, in need units, as delivered
 * @param demand demand in the common period
 * @param supplyAtSource the same supply before line losses (default: no losses). Utilisation
 *   is counted against it: what a longer, lossier line burns on the way is not use, and must
 *   not lift a far supply above its closer twin.
 */
export function quantityScore(supplyAsNeedUnits: number, demand: number, cvSupply: number, cvDemand: number, supplyAtSource = supplyAsNeedUnits): number {
  if (!(supplyAsNeedUnits > 0) || !(demand > 0)) return 0;
  const coverage = supplyAsNeedUnits >= demand ? 1 : supplyAsNeedUnits / demand;
  const used = coverage * demand; // what reaches the consumer and is taken
  const utilisation = supplyAtSource > used ? used / supplyAtSource : 1;
  const cv = cvSupply > cvDemand ? cvSupply : cvDemand;
  return clamp01((0.7 * coverage + 0.3 * utilisation) * (1 - 0.5 * cv));
}

/** One-line reason. */
export function explainQuantity(supplyAsNeedUnits: number, demand: number, unit: string, cv: number): string {
  return reasonText(quantityParts(supplyAsNeedUnits, demand, unit, cv));
}

/** The quantity reason's coded parts. */
export function quantityParts(supplyAsNeedUnits: number, demand: number, unit: string, cv: number): ReasonParts {
  const coverPct = demand > 0 ? Math.round((100 * Math.min(supplyAsNeedUnits, demand)) / demand) : 0;
  const covers = part("quantity.covers", { coverPct, demandQty: demand, unit });
  return cv >= 0.3 ? [covers, part("quantity.variable", { cv }, "")] : [covers];
}

export { fmtQty };
