/**
 * Counterfactual explanations: for near-misses, the smallest change that would make
 * the pair feasible ("feasible within 8 km", "feasible with a heat pump lifting
 * 46 → 60 °C", "feasible if the supply reaches 1,200 t/yr"); for matches, what they
 * hinge on. Built only for the few pairs shown to a user.
 */
import { RULE_EFFICIENCY, RULE_HEAT_PUMPABLE, RULE_MIN_SUPPLY_C, RULE_THERMAL } from "./compatibility.ts";
import { hazardLabel } from "../domain/hazardous-properties.ts";
import { liftBit, NEAR_MISS_CODES, Rejection, RELAXABLE } from "./constraints.ts";
import { monthCount } from "./factors/temporal.ts";
import { carnotCop } from "./heat-pump.ts";
import type { ScoringParams } from "./params.ts";
import { evaluatePair } from "./score.ts";
import { Slot } from "./slots.ts";
import type { FlowTable } from "./table.ts";
import { TYPE_UNIT } from "./units.ts";
import { part, reasonText, type CodedReason, type ReasonParts } from "./reasons.ts";
import type { MatchEconomics } from "./types.ts";

/** Distance near-misses only up to this multiple of the resource radius (the last relaxation step). */
export const NEAR_MISS_RADIUS_FACTOR = 3;

/** The fix for one failed constraint, read from the table and the scratch of a lifted evaluation. */
function fixFor(code: number, t: FlowTable, s: number, d: number, p: ScoringParams, scratch: Float64Array): CodedReason[] {
  const r = scratch[Slot.Rule]! | 0;
  switch (code) {
    case Rejection.Distance:
      return [part("fix.distance", { withinWholeKm: Math.ceil(scratch[Slot.DistanceKm]!), radiusWholeKm: scratch[Slot.RadiusKm]! })];
    case Rejection.Temperature: {
      const sc = t.tempC[s]!;
      const dc = t.tempC[d]!;
      const minC = RULE_MIN_SUPPLY_C[r]!;
      if (RULE_THERMAL[r] === 2) return [part("fix.maxSupplyC", { maxC: Math.round(dc - p.temperatureMarginK), supplyC: Math.round(sc) })];
      const lift = dc - sc;
      const pumpable = RULE_HEAT_PUMPABLE[r] === 1 && !(sc < minC);
      if (pumpable && lift <= p.maxHeatPumpLiftK && dc <= p.maxHeatPumpOutputC) {
        const cop = carnotCop(sc, dc, p.economics.heatPumpCarnotEfficiency);
        return [part("fix.heatPump", { fromC: Math.round(sc), toC: Math.round(dc), cop })];
      }
      // Direct supply needs both the conversion's minimum and the demand plus margin.
      const required = Math.max(minC === minC ? minC : -Infinity, dc === dc ? dc + p.temperatureMarginK : -Infinity);
      const reaches = part("fix.supplyReachesC", { requiredC: Math.round(required), supplyC: Math.round(sc) });
      return pumpable ? [reaches, part("fix.liftBeyondLimit", { liftK: Math.round(lift), maxLiftK: p.maxHeatPumpLiftK })] : [reaches];
    }
    case Rejection.Hazard: {
      const cls = t.hazardClasses[t.hazard[s]!]!;
      return [cls === "hazardous" ? part("fix.hazardDeclare") : part("fix.hazardAccept", { hazard: hazardLabel(cls) })];
    }
    case Rejection.Purity:
      return [part("fix.purity", { requiredPct: t.purity[d]! - p.purityTolerancePct, supplyPct: t.purity[s]! })];
    case Rejection.Quantity: {
      const share = monthCount(t.months[s]! & t.months[d]!) / (t.monthCount[s]! || 1);
      const per = RULE_EFFICIENCY[r]! * (scratch[Slot.Cop]! > 0 ? scratch[Slot.Cop]! / (scratch[Slot.Cop]! - 1) : 1);
      const needed = t.minQty[d]! / (per * share);
      return [part("fix.quantity", { neededQty: needed, supplyUnit: TYPE_UNIT[t.type[s]!]!, nowQty: t.qty[s]! })];
    }
    default:
      return [];
  }
}

/**
 * For a pair rejected with `code` (one of NEAR_MISS_CODES), lifts that constraint (and at
 * most one more relaxable one) and, when the pair then passes, says what would have to change.
 * @returns the fix and the score the pair would have, or null when not a near-miss.
 */
export function nearMissFix(
  t: FlowTable,
  s: number,
  d: number,
  p: ScoringParams,
  code: number,
  scratch: Float64Array,
): { text: string; parts: ReasonParts; score: number } | null {
  if (!NEAR_MISS_CODES.includes(code)) return null;
  const codes = [code];
  let lifted = p.lifted | liftBit(code);
  let v = evaluatePair(t, s, d, { ...p, lifted }, scratch);
  if (v < 0 && RELAXABLE.includes(-v) && !codes.includes(-v)) {
    codes.push(-v);
    lifted |= liftBit(-v);
    v = evaluatePair(t, s, d, { ...p, lifted }, scratch);
  }
  if (v < 0) return null;
  // A consumer three radii away is not "near": the fallback never reaches that far either.
  if (codes.includes(Rejection.Distance) && scratch[Slot.DistanceKm]! > NEAR_MISS_RADIUS_FACTOR * scratch[Slot.BaseRadiusKm]!) {
    return null;
  }
  // Two fixes join with " and "; a fix's own parts (a lift beyond the limit) with "; ".
  const parts = codes.flatMap((k, i) => fixFor(k, t, s, d, p, scratch).map((x, j) => (i > 0 && j === 0 ? { ...x, sep: " and " as const } : x)));
  return { text: reasonText(parts), parts, score: v };
}

/**
 * What a passing match hinges on, from its scratch figures: the heat pump, partial
 * cover, or the volume at which the NPV turns positive.
 */
export function matchCounterfactuals(
  t: FlowTable,
  s: number,
  d: number,
  p: ScoringParams,
  scratch: Float64Array,
  econ: MatchEconomics,
): ReasonParts[] {
  const out: ReasonParts[] = [];
  const cop = scratch[Slot.Cop]!;
  const unitS = TYPE_UNIT[t.type[s]!]!;
  const unit = TYPE_UNIT[t.type[d]!]!;
  if (cop > 0) {
    out.push([part("counterfactual.heatPump", { fromC: Math.round(t.tempC[s]!), toC: Math.round(t.tempC[d]!), cop, directC: Math.round(t.tempC[d]! + p.temperatureMarginK) })]);
  }
  const supplyNU = scratch[Slot.SupplyAsNeedUnits]!;
  const demand = scratch[Slot.DemandInWindow]!;
  const perUnit = scratch[Slot.PerUnit]!;
  // Quantities are quoted in the need's unit and never above the demand they are set against:
  // "full cover" is the demand itself; the supply side is given as the ratio, not as a bigger number.
  if (supplyNU < demand * 0.999 && supplyNU > 0) {
    const cover = { coverPct: Math.round((100 * supplyNU) / demand), demandQty: demand, missingQty: demand - supplyNU, unit };
    out.push([
      Math.abs(perUnit - 1) > 0.005 ? part("counterfactual.partialCoverRatio", { ...cover, supplyUnit: unitS, perUnit }) : part("counterfactual.partialCover", cover),
    ]);
  }
  const net = econ.annualSavingsEur;
  if (net <= 0) {
    out.push([part("counterfactual.lossAtAnyVolume")]);
  } else if (econ.npvEur.mid < 0) {
    // Savings scale with volume, capex barely does: the volume factor that repays it.
    const a = econ.npvEur.mid + econ.capexEur; // = annuity · net
    const k = econ.capexEur / a;
    const delivered = econ.deliveredQuantity;
    out.push([k * delivered <= demand ? part("counterfactual.npvAtVolume", { volumeQty: k * delivered, multiple: k, demandQty: demand, unit }) : part("counterfactual.npvNeverPositive", { demandQty: demand, unit })]);
  }
  return out;
}
