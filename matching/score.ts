/**
 * The hot path: hard constraints, then seven factor scores and their weighted sum,
 * for one pair or a batch. Numbers only; no strings, no objects per pair.
 *
 * Like with like across offer types: distance enters through what moving the resource
 * costs against the value it delivers (not against each type's own radius), missing
 * temperatures lower trust rather than quality, and the quality factor carries the use
 * fit (by-products above commodity utilities, each by-product's best use first).
 */
import { RULE_THERMAL } from "./compatibility.ts";
import { checkConstraints } from "./constraints.ts";
import { computeExchange } from "./economics/exchange.ts";
import { transportCostEur, transportScore } from "./factors/distance.ts";
import { economicsScore } from "./factors/economics.ts";
import { graphScore } from "./factors/graph-context.ts";
import { pressureFit, purityFit, qualityScore, temperatureFit } from "./factors/quality.ts";
import { quantityScore } from "./factors/quantity.ts";
import { temporalScore } from "./factors/temporal.ts";
import { effectivePrecision, trustScore } from "./factors/trust.ts";
import { RULE_ORIGIN_FACTOR, RULE_USE_FIT } from "./factors/use-fit.ts";
import type { ScoringParams } from "./params.ts";
import { newScratch, Slot } from "./slots.ts";
import type { FlowTable } from "./table.ts";

/**
 * Scores supply `s` → demand `d`. Factor scores and intermediate figures land in `out`
 * (see Slot).
 * @returns the weighted score in [0, 1] (times the commodity discount for commodity
 *   offers), or −(Rejection code) when a constraint fails.
 */
export function evaluatePair(t: FlowTable, s: number, d: number, p: ScoringParams, out: Float64Array): number {
  const code = checkConstraints(t, s, d, p, out);
  if (code !== 0) return -code;
  computeExchange(t, s, d, p.economics, out);
  const r = out[Slot.Rule]! | 0;
  const cop = out[Slot.Cop]!;
  const w = p.weights;
  const os = t.org[s]!;
  const od = t.org[d]!;
  const orgKey = os * t.orgIds.length + od;

  const transport = transportCostEur(
    out[Slot.Mode]!,
    out[Slot.DistanceKm]!,
    out[Slot.PeakKw]!,
    out[Slot.Supplied]!,
    out[Slot.Delivered]!,
    p.economics,
  );
  out[Slot.TransportEur] = transport;
  const thermal = RULE_THERMAL[r]!;
  const tS = t.tempC[s]!;
  const tD = t.tempC[d]!;
  const f0 = transportScore(transport, out[Slot.GrossEur]!);
  const f1 = qualityScore(
    temperatureFit(thermal, tS, tD, p.temperatureMarginK, cop),
    purityFit(t.purity[s]!, t.purity[d]!, p.purityTolerancePct),
    pressureFit(t.pressure[s]!, t.pressure[d]!),
    RULE_USE_FIT[r]!,
  );
  const f2 = quantityScore(out[Slot.SupplyAsNeedUnits]!, out[Slot.DemandInWindow]!, t.variability[s]!, t.variability[d]!, out[Slot.SupplyAsNeedUnitsAtSource]!);
  const f3 = temporalScore(out[Slot.TimeCoverage]!, out[Slot.DateCoverage]!);
  const f4 = economicsScore(out[Slot.NetEur]!, out[Slot.CapexEur]!);
  // A heat pair without a declared temperature is trusted as one precision step lower.
  const f5 = trustScore(
    effectivePrecision(t.precision[s]!, thermal !== 0 && tS !== tS),
    effectivePrecision(t.precision[d]!, thermal !== 0 && tD !== tD),
    t.orgHistory[os]!,
    t.orgHistory[od]!,
  );
  const f6 = graphScore(
    t.partners.size !== 0 && t.partners.has(orgKey),
    t.sharedFacilitator.size !== 0 && t.sharedFacilitator.has(orgKey),
  );
  out[Slot.Factor0] = f0;
  out[Slot.Factor0 + 1] = f1;
  out[Slot.Factor0 + 2] = f2;
  out[Slot.Factor0 + 3] = f3;
  out[Slot.Factor0 + 4] = f4;
  out[Slot.Factor0 + 5] = f5;
  out[Slot.Factor0 + 6] = f6;
  // Commodity utilities (grid electricity, mains water) are discounted as a whole:
  // no weighting of the factors may lift them above a by-product (factors/use-fit.ts).
  const total = RULE_ORIGIN_FACTOR[r]! * (w[0]! * f0 + w[1]! * f1 + w[2]! * f2 + w[3]! * f3 + w[4]! * f4 + w[5]! * f5 + w[6]! * f6);
  // Clamp: weights sum to 1 up to rounding, so the sum may overshoot 1 by an ulp.
  return total > 1 ? 1 : total < 0 ? 0 : total;
}

/**
 * Scores flow `source` against every table row in [from, to) (or the rows listed in
 * `indices`), in whichever direction is complementary. Writes `scores[k]` for the k-th
 * candidate: the score, or −(Rejection code). The source against itself is rejected.
 * When `keys` is given, writes the tie-break keys of each passing candidate too
 * (yearly net value, distance; see ranking.ts).
 * @returns how many candidates passed every hard constraint.
 */
export function scorePairs(
  t: FlowTable,
  source: number,
  p: ScoringParams,
  scores: Float64Array,
  from = 0,
  to: number = t.n,
  indices?: Int32Array,
  scratch: Float64Array = newScratch(),
  keys?: { readonly valueEur: Float64Array; readonly distanceKm: Float64Array },
): number {
  const sourceIsOffer = t.dir[source] === 0;
  let passed = 0;
  const count = indices ? indices.length : to - from;
  for (let k = 0; k < count; k++) {
    const j = indices ? indices[k]! : from + k;
    let v: number;
    if (j === source) v = -1;
    else v = sourceIsOffer ? evaluatePair(t, source, j, p, scratch) : evaluatePair(t, j, source, p, scratch);
    scores[k] = v;
    if (v >= 0) {
      passed++;
      if (keys) {
        keys.valueEur[k] = scratch[Slot.NetEur]!;
        keys.distanceKm[k] = scratch[Slot.DistanceKm]!;
      }
    }
  }
  return passed;
}
