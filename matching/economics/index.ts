/**
 * Full economics of a match: capex, yearly savings, NPV/payback/IRR and CO2 avoided,
 * the price used and what it displaces, and ranges that follow the stated uncertainty
 * of each input, with the top driver named.
 */
import { DEFAULT_SCORING_PARAMS } from "../params.ts";
import { Rejection } from "../constraints.ts";
import { evaluatePair } from "../score.ts";
import { newScratch, Slot } from "../slots.ts";
import { compileFlows, type FlowTable } from "../table.ts";
import { TYPE_UNIT } from "../units.ts";
import { CAPEX_BASIS, heatPumpCapexEur } from "./capex.ts";
import { npvSpread } from "./npv-range.ts";
import { DECLARED_COST_SOURCE, RULE_PAIR_VALUE } from "./value.ts";
import type { MatchableFlow, MatchEconomics, Precision, Range } from "../types.ts";
import { annuityFactor, irr, paybackYears } from "./finance.ts";
import { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./parameters.ts";
import { Mode, TRANSPORT_MODES } from "./transport.ts";
import { combinedUncertainty, PRECISION_ERROR } from "./uncertainty.ts";

export { annuityFactor, irr, npv, paybackYears } from "./finance.ts";
export { bufferCapexEur, CAPEX_BASIS, heatPumpCapexEur, lineCapexEur, lineLossFraction, truckingOpexEur } from "./capex.ts";
export { co2AvoidedT } from "./co2.ts";
export { combinedUncertainty, PRECISION_ERROR, symmetricRange } from "./uncertainty.ts";
export { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./parameters.ts";
export { npvSpread, type NpvDriver, type NpvInputs, type NpvSpread } from "./npv-range.ts";
export { DECLARED_COST_SOURCE, RULE_PAIR_VALUE, type PairValue } from "./value.ts";
export { COMMODITIES, type DisplacedCommodity } from "./prices.ts";
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

/** Capex of a screening study: AACE International RP 18R-97, Class 4 (−15…−30 % / +20…+50 %), its outer bounds. */
export const CAPEX_INTERVAL = { low: 0.7, high: 1.5 } as const;

/** Where the pair sits in the flow table, for the value basis of its economics. */
export interface PairContext {
  readonly t: FlowTable;
  readonly s: number;
  readonly d: number;
}

/** The delivered quantity's interval: each flow ± its precision error, delivery the smaller of the two; `why` names the limiting side ("the demand is rough"). */
function quantityInterval(scratch: Float64Array, ps: Precision, pd: Precision): { low: number; high: number; why: string } {
  const sNU = scratch[Slot.SupplyAsNeedUnits]!;
  const dW = scratch[Slot.DemandInWindow]!;
  const delivered = scratch[Slot.Delivered]!;
  if (!(delivered > 0)) return { low: 1, high: 1, why: "nothing is delivered" };
  const es = PRECISION_ERROR[ps];
  const ed = PRECISION_ERROR[pd];
  const sLo = sNU * (1 - es);
  const dLo = dW * (1 - ed);
  const sHi = sNU * (1 + es);
  const dHi = dW * (1 + ed);
  // Delivery is the smaller of supply and demand: whichever side is smaller at an end limits it there.
  const lowSide = sLo < dLo ? "supply" : "demand";
  const highSide = sHi < dHi ? "supply" : "demand";
  const side = (k: "supply" | "demand") => `the ${k} is ${k === "supply" ? ps : pd}`;
  const why = lowSide === highSide ? side(lowSide) : `${side("supply")} and ${side("demand")}`;
  return { low: Math.min(sLo, dLo) / delivered, high: Math.min(sHi, dHi) / delivered, why };
}

/**
 * Turns the figures the hot path left in `scratch` into the reported economics.
 * The horizon is the lifetime shortened by the share of it both flows coexist. With
 * `pair` the value basis (declared current cost or displaced commodity) and the split
 * of value and disposal are read from the table; without it the whole gross value is
 * treated as the pair's displaced-commodity value.
 */
export function economicsFromScratch(
  scratch: Float64Array,
  precisionS: Precision,
  precisionD: Precision,
  p: EconomicParams,
  pair?: PairContext,
): MatchEconomics {
  const capex = scratch[Slot.CapexEur]!;
  const gross = scratch[Slot.GrossEur]!;
  const opex = scratch[Slot.OpexEur]!;
  const net = gross - opex;
  const years = p.lifetimeYears * scratch[Slot.DateCoverage]!;
  const u = combinedUncertainty(precisionS, precisionD);
  const mode = scratch[Slot.Mode]! | 0;
  const rule = scratch[Slot.Rule]! | 0;
  const supplied = scratch[Slot.Supplied]!;
  const delivered = scratch[Slot.Delivered]!;

  const basis = RULE_PAIR_VALUE[rule]!;
  const cc = pair ? pair.t.currentCost[pair.d]! : Number.NaN;
  const disp = pair ? pair.t.disposal[pair.s]! : Number.NaN;
  const declared = cc === cc;
  const disposalEur = disp === disp ? supplied * disp : 0;
  const needUnit = pair ? (TYPE_UNIT[pair.t.type[pair.d]!] ?? "") : basis.unit;

  // Maintenance scales with capex; everything else in the opex with the quantity (exchange.ts).
  const cop = scratch[Slot.Cop]!;
  const hp = cop > 0 ? heatPumpCapexEur(scratch[Slot.PeakKw]!, p) : 0;
  const fixedOpex = (mode === Mode.Truck ? 0 : (capex - hp) * p.pipeMaintenanceShare) + hp * p.heatPumpMaintenanceShare;
  const priceU = declared ? PRECISION_ERROR[precisionD] : basis.priceUncertainty;
  const quantity = quantityInterval(scratch, precisionS, precisionD);
  const spread = npvSpread({
    capexEur: capex,
    annualValueEur: gross - disposalEur,
    annualDisposalEur: disposalEur,
    annualVariableOpexEur: opex - fixedOpex,
    annualFixedOpexEur: fixedOpex,
    annuity: annuityFactor(p.discountRate, years),
    quantity,
    price: {
      low: 1 - priceU,
      high: 1 + priceU,
      why: declared
        ? `the consumer's current cost is ${precisionD}`
        : `the ${basis.displaces} price varies ±${Math.round(priceU * 100)} %`,
    },
    capex: { ...CAPEX_INTERVAL, why: "the capex is a screening estimate (AACE class 4, −30 % / +50 %)" },
    opex: { ...CAPEX_INTERVAL, why: "the running costs are a screening estimate (AACE class 4, −30 % / +50 %)" },
  });
  const co2 = scratch[Slot.Co2T]!;
  const co2a = co2 * quantity.low;
  const co2b = co2 * quantity.high;
  return {
    transportMode: TRANSPORT_MODES[mode]!,
    suppliedQuantity: supplied,
    deliveredQuantity: delivered,
    capexEur: capex,
    annualGrossEur: gross,
    annualOpexEur: opex,
    annualSavingsEur: net,
    npvEur: spread.range,
    paybackYears: paybackYears(capex, net),
    irr: irr(capex, net, years),
    co2AvoidedTPerYear: { low: Math.min(co2a, co2b, co2), mid: co2, high: Math.max(co2a, co2b, co2) },
    uncertainty: u,
    discountRate: p.discountRate,
    lifetimeYears: years,
    pricePerUnit: declared ? cc : basis.pricePerUnit,
    unit: declared ? needUnit : basis.unit,
    displaces: declared ? `the consumer's current supply` : basis.displaces,
    substitutionRatio: declared ? 1 : basis.substitutionRatio,
    valueEurPerUnit: declared ? cc : basis.valueEurPerUnit,
    source: declared ? DECLARED_COST_SOURCE : basis.source,
    capexBasis: CAPEX_BASIS[mode]! + (hp > 0 ? "; plus an electric heat pump at 0.5–0.9 M€/MW heat (Danish Energy Agency technology catalogue, 2021)" : ""),
    npvDrivers: spread.drivers,
    npvNote: spread.note,
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
  return economicsFromScratch(scratch, supply.precision, demand.precision, p, { t, s: 0, d: 1 });
}

