/**
 * Hard constraints: a pair either passes all of them or is rejected with one code.
 * Checked cheapest first, so most impossible pairs cost a few array reads.
 *
 * Rules, in order:
 * 1. supply is an offer, demand a need; different organizations and sites;
 * 2. taxonomy compatibility (compatibility.json) and regulatory bans (e.g. sewage
 *    sludge, manure, catering waste never to feed);
 * 3. animal by-products: category 1 never reused, only category 3 to feed
 *    (Reg. (EC) 1069/2009 Art. 8–10, 14);
 * 4. hazardous offers only to a consumer declaring it accepts that hazard class (never relaxed;
 *    near misses lift it only to say what else would hold);
 * 5. pairs a party has rejected;
 * 6. some common months and overlapping date windows;
 * 7. distance within the resource radius (smaller of the two flows' radii) × radius factor, and
 *    never beyond either party's own maxDistanceKm (the fallback does not relax a party's limit);
 * 8. heat: supply ≥ demand + margin, or a heat pump when the pair allows one, the lift
 *    is ≤ maxHeatPumpLiftK and the output ≤ maxHeatPumpOutputC; cold: supply ≤ demand − margin;
 *    conversions with a minimum supply temperature (absorption chillers, steam raising);
 * 9. purity ≥ the demand's minimum − tolerance;
 * 10. deliverable quantity ≥ the consumer's declared minimum.
 */
import {
  FORBIDDEN_AT,
  RULE_AT,
  RULE_CODE,
  RULE_EFFICIENCY,
  RULE_HEAT_PUMPABLE,
  RULE_MIN_SUPPLY_C,
  RULE_THERMAL,
  TYPE_COUNT,
} from "./compatibility.ts";
import { haversineKm } from "./factors/distance.ts";
import { dateCoverage, monthCount, timeCoverage } from "./factors/temporal.ts";
import { carnotCop, heatPumpMultiplier } from "./heat-pump.ts";
import type { ScoringParams } from "./params.ts";
import { Slot } from "./slots.ts";
import type { FlowTable } from "./table.ts";

/** Why a pair was rejected. 0 = passed. */
export const Rejection = {
  None: 0,
  Direction: 1,
  SameOrg: 2,
  SameSite: 3,
  Incompatible: 4,
  Regulatory: 5,
  Hazard: 6,
  Rejected: 7,
  Temporal: 8,
  Distance: 9,
  Temperature: 10,
  Purity: 11,
  Quantity: 12,
} as const;

export type RejectionCode = (typeof Rejection)[keyof typeof Rejection];

/** Constraints the fallback and the counterfactuals may relax. */
export const RELAXABLE: readonly number[] = [Rejection.Distance, Rejection.Temperature, Rejection.Purity, Rejection.Quantity];

/**
 * Constraints a near miss may name: the relaxable ones and the consumer's hazard rule. The
 * fallback never relaxes the hazard rule (a permit is not a search parameter); a near miss
 * lifts it only to tell the consumer what accepting the class would open up.
 */
export const NEAR_MISS_CODES: readonly number[] = [...RELAXABLE, Rejection.Hazard];

/** Short machine name of a rejection code. */
export const REJECTION_NAMES: readonly string[] = [
  "none",
  "direction",
  "same_org",
  "same_site",
  "incompatible",
  "regulatory",
  "hazard",
  "rejected",
  "temporal",
  "distance",
  "temperature",
  "purity",
  "quantity",
];

/** The bit of a code in `ScoringParams.lifted`. */
export function liftBit(code: number): number {
  return 1 << code;
}

/**
 * Checks every hard constraint for supply `s` → demand `d` of table `t`.
 * Writes Rule, DistanceKm, RadiusKm, BaseRadiusKm, Cop, TimeCoverage, DateCoverage into `out`.
 * @returns 0 when the pair passes, else the Rejection code.
 */
export function checkConstraints(t: FlowTable, s: number, d: number, p: ScoringParams, out: Float64Array): number {
  if (t.dir[s] !== 0 || t.dir[d] !== 1) return Rejection.Direction;
  if (t.org[s] === t.org[d]) return Rejection.SameOrg;
  if (t.site[s] === t.site[d]) return Rejection.SameSite;
  const at = t.type[s]! * TYPE_COUNT + t.type[d]!;
  const r = RULE_AT[at]!;
  if (r < 0) return FORBIDDEN_AT[at]! >= 0 ? Rejection.Regulatory : Rejection.Incompatible;
  out[Slot.Rule] = r;
  const rc = RULE_CODE[r]!;
  if (rc !== 0) {
    // Undeclared category (0) is treated as the worst case: reuse needs paperwork.
    const cat = t.abp[s]!;
    if (rc === 3 ? cat !== 3 : cat === 0 || cat === 1) return Rejection.Regulatory;
  }
  const hz = t.hazard[s]!;
  if (hz >= 0 && t.acceptAll[d] === 0 && (p.lifted & (1 << Rejection.Hazard)) === 0) {
    const acc = t.accepts[d];
    if (acc === null || acc === undefined || !acc.has(hz)) return Rejection.Hazard;
  }
  if (t.rejected.size !== 0 && t.rejected.has(s * t.n + d)) return Rejection.Rejected;

  const lifted = p.lifted;
  const ms = t.months[s]!;
  const md = t.months[d]!;
  const lo = Math.max(t.startDay[s]!, t.startDay[d]!);
  const hi = Math.min(t.endDay[s]!, t.endDay[d]!);
  if ((ms & md) === 0 || hi < lo) return Rejection.Temporal;
  out[Slot.TimeCoverage] = timeCoverage(ms, md, t.hours[s]!, t.hours[d]!);
  out[Slot.DateCoverage] = dateCoverage(lo, hi, p.economics.lifetimeYears * 365);

  const dist = haversineKm(t.latR[s]!, t.lonR[s]!, t.cosLat[s]!, t.latR[d]!, t.lonR[d]!, t.cosLat[d]!);
  const rs = t.radiusKm[s]!;
  const rd = t.radiusKm[d]!;
  const base = rs < rd ? rs : rd;
  // The fallback widens the resource radius, never a party's own declared maximum.
  const radius = Math.min(base * p.radiusFactor, t.limitKm[s]!, t.limitKm[d]!);
  out[Slot.DistanceKm] = dist;
  out[Slot.BaseRadiusKm] = base;
  out[Slot.RadiusKm] = radius;
  if (dist > radius && (lifted & (1 << Rejection.Distance)) === 0) return Rejection.Distance;

  let cop = 0;
  const thermal = RULE_THERMAL[r]!;
  if (thermal !== 0) {
    const sc = t.tempC[s]!;
    const dc = t.tempC[d]!;
    const tempLifted = (lifted & (1 << Rejection.Temperature)) !== 0;
    if (sc < RULE_MIN_SUPPLY_C[r]! && !tempLifted) return Rejection.Temperature;
    if (thermal === 1) {
      if (sc < dc + p.temperatureMarginK) {
        if (
          RULE_HEAT_PUMPABLE[r] === 1 &&
          p.allowHeatPump &&
          dc - sc <= p.maxHeatPumpLiftK &&
          dc <= p.maxHeatPumpOutputC
        ) {
          cop = carnotCop(sc, dc, p.economics.heatPumpCarnotEfficiency);
        } else if (!tempLifted) return Rejection.Temperature;
      }
    } else if (sc > dc - p.temperatureMarginK && !tempLifted) return Rejection.Temperature;
  }
  out[Slot.Cop] = cop;

  // NaN on either side compares false: unknown purity passes (the quality factor discounts it).
  if (t.purity[s]! < t.purity[d]! - p.purityTolerancePct && (lifted & (1 << Rejection.Purity)) === 0) {
    return Rejection.Purity;
  }

  const minQ = t.minQty[d]!;
  if (minQ === minQ && (lifted & (1 << Rejection.Quantity)) === 0 && deliverable(t, s, d, r, cop) < minQ) return Rejection.Quantity;
  return 0;
}

/**
 * What supply `s` can deliver to demand `d` per year in the need's unit, through rule `r`
 * (its conversion efficiency, the heat pump's gain at `cop` > 0) in their common months.
 * The quantity rule and its explanation both read this one figure.
 */
export function deliverable(t: FlowTable, s: number, d: number, r: number, cop: number): number {
  const perUnit = RULE_EFFICIENCY[r]! * (cop > 0 ? heatPumpMultiplier(cop) : 1);
  const share = monthCount(t.months[s]! & t.months[d]!) / (t.monthCount[s]! || 1);
  return t.qty[s]! * share * perUnit;
}
