/**
 * Use fit: how well this pair's use suits what is offered, one number per compatibility
 * rule, folded into the quality factor.
 *
 * - A commodity utility (commodity-types.json: grid electricity, mains water) is no
 *   by-product: it has a market outside the exchange (and the economics price it as
 *   free), so its whole score is discounted by COMMODITY_DISCOUNT (score.ts) and a
 *   by-product that serves the same need ranks above it.
 * - A fuel (or electricity) burnt or converted to serve a heat need fits at most
 *   FUEL_FOR_HEAT_FIT: heat a process already rejects serves the same need without
 *   spending a fuel — the cascading rule of thumb of energy use (use the lowest-grade
 *   energy that does the job; the "energy efficiency first" principle of the EU Energy
 *   Efficiency Directive (EU) 2023/1791, Art. 3). A heat need is a heat-type need, and
 *   a rule serves it by conversion when it is not a thermal (heat-carrying) rule.
 * - A by-product fits 1 at its highest-value use and down to 0.7 at its lowest: value
 *   per supply unit (efficiency × the economics' value per need unit − conversion cost) against the
 *   best such value over every use of that offer type. So for a plant with several
 *   needs, each need favours the suppliers whose by-product fits that need best (spent
 *   yeast is worth most as feed, manure as digester feedstock), instead of every need
 *   seeing the same suppliers in the same order.
 */
import data from "../commodity-types.json" with { type: "json" };
import { RULES } from "../compatibility.ts";
import { RULE_VALUE_EUR } from "../economics/value.ts";
import { part, reasonText, type CodedReason, type ReasonParts } from "../reasons.ts";

/**
 * Factor on the whole score of a pair whose offer is a commodity utility: halved, so it is
 * still listed when nothing else serves the need, but after any by-product that does
 * (the economics value the commodity as free, so its own money figures flatter it).
 * A calibration of this engine, not a sourced figure.
 */
export const COMMODITY_DISCOUNT = 0.5;
/** Largest fit of a fuel converted to serve a heat need. */
export const FUEL_FOR_HEAT_FIT = 0.85;
/** Fit of a by-product at its lowest-value use (1 at its best). */
export const LOWEST_USE_FIT = 0.7;

const HEAT_NEEDS = new Set(["process_heat", "steam", "waste_heat_low", "waste_heat_high"]);

/** True when rule `r` serves a heat need by burning or converting its offer. */
function fuelForHeat(r: (typeof RULES)[number]): boolean {
  return HEAT_NEEDS.has(r.need) && r.thermal === 0;
}

const commodities = new Map((data.commodities as { type: string; why: string }[]).map((c) => [c.type, c.why]));

/** Why an offer type is a commodity utility, or undefined for a by-product. */
export function commodityReason(offerType: string): string | undefined {
  return commodities.get(offerType);
}

// The value per need unit is the economics' (economics/value.ts: the displaced commodity's
// price × substitution ratio), so the fit and the money shown beside it use one model.
const ruleIndex = new Map(RULES.map((r, i) => [r, i]));
const valuePerSupplyUnit = (r: (typeof RULES)[number]) => r.efficiency * RULE_VALUE_EUR[ruleIndex.get(r)!]! - r.conversionCostEurPerUnit;

const bestByOffer = new Map<string, number>();
for (const r of RULES) bestByOffer.set(r.offer, Math.max(bestByOffer.get(r.offer) ?? 0, valuePerSupplyUnit(r)));

/** Use fit of rule `r`, in [FUEL_FOR_HEAT_FIT·LOWEST_USE_FIT, 1]. */
export function useFit(r: (typeof RULES)[number]): number {
  const cascade = fuelForHeat(r) ? FUEL_FOR_HEAT_FIT : 1;
  const best = bestByOffer.get(r.offer) ?? 0;
  if (!(best > 0)) return cascade;
  const v = valuePerSupplyUnit(r);
  return cascade * (LOWEST_USE_FIT + (1 - LOWEST_USE_FIT) * (v > 0 ? v / best : 0));
}

/** Use fit per rule index, for the hot path. */
export const RULE_USE_FIT: Float64Array = Float64Array.from(RULES, useFit);
/** Score factor per rule index: COMMODITY_DISCOUNT for commodity offers, else 1. */
export const RULE_ORIGIN_FACTOR: Float64Array = Float64Array.from(RULES, (r) => (commodities.has(r.offer) ? COMMODITY_DISCOUNT : 1));

/** One-line part of the quality reason, or "" when the use is the offer's best. */
export function explainUseFit(r: number): string {
  return reasonText(useFitParts(r));
}

/** The use fit's coded parts of the quality reason (none when the use is the offer's best). */
export function useFitParts(r: number): ReasonParts {
  const rule = RULES[r]!;
  const parts: CodedReason[] = [];
  const why = commodities.get(rule.offer);
  if (why !== undefined) parts.push(part("quality.commodity", { offerType: rule.offer, factor: COMMODITY_DISCOUNT, why }));
  if (fuelForHeat(rule)) parts.push(part("quality.fuelForHeat", { offerType: rule.offer }));
  const f = RULE_USE_FIT[r]!;
  if (parts.length === 0 && f < 1 - 1e-3) parts.push(part("quality.notBestUse", { needType: rule.need, offerType: rule.offer, useFit: f }));
  return parts;
}
