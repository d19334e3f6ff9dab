/**
 * Full economics of a match: capex, yearly savings, NPV/payback/IRR and CO2 avoided,
 * with ranges whose width follows the data precision of both flows.
 */
import { DEFAULT_SCORING_PARAMS } from "../params.ts";
import { Rejection } from "../constraints.ts";
import { evaluatePair } from "../score.ts";
import { newScratch, Slot } from "../slots.ts";
import { compileFlows } from "../table.ts";
import type { MatchableFlow, MatchEconomics, Precision, Range } from "../types.ts";
import { annuityFactor, irr, paybackYears } from "./finance.ts";
import { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./parameters.ts";
import { TRANSPORT_MODES } from "./transport.ts";
import { combinedUncertainty, symmetricRange } from "./uncertainty.ts";

export { annuityFactor, irr, npv, paybackYears } from "./finance.ts";
export { heatPumpCapexEur, lineCapexEur, lineLossFraction, truckingOpexEur } from "./capex.ts";
export { co2AvoidedT } from "./co2.ts";
export { combinedUncertainty, PRECISION_ERROR, symmetricRange } from "./uncertainty.ts";
export { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./parameters.ts";
export { transportModeFor } from "./transport.ts";

/**
 * NPV band for relative uncertainty u: the quantities behind the gross value move ±u,
 * cost estimates (capex, opex) half as much in the opposite direction, because
 * engineering cost curves are better known than a plant's own by-product volumes.
 */
export function npvRange(capex: number, gross: number, opex: number, rate: number, years: number, u: number): Range {
  const a = annuityFactor(rate, years);
  const h = u / 2;
  const low = -capex * (1 + h) + a * (gross * (1 - u) - opex * (1 + h));
  const mid = -capex + a * (gross - opex);
  const high = -capex * (1 - h) + a * (gross * (1 + u) - opex * (1 - h));
  return { low: Math.min(low, mid), mid, high: Math.max(high, mid) };
}

/**
 * Turns the figures the hot path left in `scratch` into the reported economics.
 * The horizon is the lifetime shortened by the share of it both flows coexist.
 */
export function economicsFromScratch(
  scratch: Float64Array,
  precisionS: Precision,
  precisionD: Precision,
  p: EconomicParams,
): MatchEconomics {
  const capex = scratch[Slot.CapexEur]!;
  const gross = scratch[Slot.GrossEur]!;
  const opex = scratch[Slot.OpexEur]!;
  const net = gross - opex;
  const years = p.lifetimeYears * scratch[Slot.DateCoverage]!;
  const u = combinedUncertainty(precisionS, precisionD);
  return {
    transportMode: TRANSPORT_MODES[scratch[Slot.Mode]! | 0]!,
    suppliedQuantity: scratch[Slot.Supplied]!,
    deliveredQuantity: scratch[Slot.Delivered]!,
    capexEur: capex,
    annualGrossEur: gross,
    annualOpexEur: opex,
    annualSavingsEur: net,
    npvEur: npvRange(capex, gross, opex, p.discountRate, years, u),
    paybackYears: paybackYears(capex, net),
    irr: irr(capex, net, years),
    co2AvoidedTPerYear: symmetricRange(scratch[Slot.Co2T]!, u),
    uncertainty: u,
    discountRate: p.discountRate,
    lifetimeYears: years,
  };
}

/**
 * Economics of supplying `demand` from `supply` directly (no ranking), or null when the
 * two are not compatible at all. Distance and temperature limits are ignored here
 * (the caller asks "what would it cost"), but a heat pump is costed when heat is too cold.
 */
export function evaluateEconomics(
  supply: MatchableFlow,
  demand: MatchableFlow,
  economics: Partial<EconomicParams> = {},
): MatchEconomics | null {
  const p = { ...DEFAULT_ECONOMIC_PARAMS, ...economics };
  const t = compileFlows([supply, demand]);
  const scratch = newScratch();
  const lifted = (1 << Rejection.Distance) | (1 << Rejection.Temperature) | (1 << Rejection.Purity) | (1 << Rejection.Quantity);
  const v = evaluatePair(t, 0, 1, { ...DEFAULT_SCORING_PARAMS, economics: p, lifted }, scratch);
  if (v < 0) return null;
  return economicsFromScratch(scratch, supply.precision, demand.precision, p);
}

