/**
 * Explanations: turns the numbers of a scored pair into a RankedMatch with one-line
 * reasons, economics, route and counterfactuals, and names why a pair was rejected.
 * Runs only for the top N (and a few near-misses), never in the hot path.
 */
import { RULE_CODE, RULE_THERMAL, RULES, TYPE_IDS, forbiddenReason } from "./compatibility.ts";
import { hazardLabel } from "../domain/hazardous-properties.ts";
import { checkConstraints, deliverable, liftBit, REJECTION_NAMES, Rejection } from "./constraints.ts";
import { matchCounterfactuals } from "./counterfactuals.ts";
import { economicsFromScratch } from "./economics/index.ts";
import { moneyParts } from "./economics/reason.ts";
import { distanceParts, haversineKm } from "./factors/distance.ts";
import { graphParts } from "./factors/graph-context.ts";
import { qualityParts } from "./factors/quality.ts";
import { quantityParts } from "./factors/quantity.ts";
import { temporalParts } from "./factors/temporal.ts";
import { effectivePrecision, trustParts } from "./factors/trust.ts";
import { useFitParts } from "./factors/use-fit.ts";
import { part, reasonText, type CodedReason, type ReasonParts } from "./reasons.ts";
import type { ScoringParams } from "./params.ts";
import { routeMatch } from "./router.ts";
import { evaluatePair } from "./score.ts";
import { newScratch, Slot } from "./slots.ts";
import type { FlowTable } from "./table.ts";
import { FACTOR_NAMES, type FactorName, type FactorResult, type Precision, type RankedMatch, type Weights } from "./types.ts";
import { TYPE_UNIT } from "./units.ts";

/** Precision names by code (matching/table.ts PRECISION_CODE). */
const PRECISIONS: readonly Precision[] = ["rough", "estimated", "measured"];

const REGULATED_OFFERS = new Set(["sewage_sludge", "animal_byproducts"]);

/** Builds the explained match for supply `s` → demand `d` (which must pass under `p`). */
export function explainMatch(
  t: FlowTable,
  s: number,
  d: number,
  p: ScoringParams,
  weights: Weights,
  scratch: Float64Array,
  rank: number,
): RankedMatch {
  const score = evaluatePair(t, s, d, p, scratch);
  if (score < 0) throw new Error(`explainMatch: pair ${t.flows[s]!.id} → ${t.flows[d]!.id} does not pass`);
  const r = scratch[Slot.Rule]! | 0;
  const rule = RULES[r]!;
  const cop = scratch[Slot.Cop]!;
  const os = t.org[s]!;
  const od = t.org[d]!;
  const key = os * t.orgIds.length + od;
  const partnered = t.partners.has(key);
  const shared = t.sharedFacilitator.has(key);
  const thermal = RULE_THERMAL[r]!;
  const missingS = thermal !== 0 && Number.isNaN(t.tempC[s]!);
  const missingD = thermal !== 0 && Number.isNaN(t.tempC[d]!);
  const missing = missingS && missingD ? "both" : missingS ? "supply" : missingD ? "need" : "";
  const precisionS = effectivePrecision(t.precision[s]!, missingS);
  const precisionD = effectivePrecision(t.precision[d]!, missingD);
  const reasons: Record<FactorName, ReasonParts> = {
    distance: distanceParts(
      scratch[Slot.DistanceKm]!,
      scratch[Slot.BaseRadiusKm]!,
      scratch[Slot.RadiusKm]!,
      scratch[Slot.TransportEur]!,
      scratch[Slot.GrossEur]!,
    ),
    quality: qualityParts(t.tempC[s]!, t.tempC[d]!, cop, t.purity[s]!, t.purity[d]!, thermal, useFitParts(r)),
    quantity: quantityParts(
      scratch[Slot.SupplyAsNeedUnits]!,
      scratch[Slot.DemandInWindow]!,
      TYPE_UNIT[t.type[d]!]!,
      Math.max(t.variability[s]!, t.variability[d]!),
    ),
    temporal: temporalParts(t.months[s]!, t.months[d]!, scratch[Slot.TimeCoverage]!, scratch[Slot.DateCoverage]!),
    economics: [], // written below from the reported economics, so text and figures agree
    trust: trustParts(precisionS, precisionD, t.orgHistory[os]!, t.orgHistory[od]!, missing),
    graph: graphParts(partnered, shared),
  };
  const factors = {} as Record<FactorName, FactorResult>;
  FACTOR_NAMES.forEach((name, i) => {
    factors[name] = { score: scratch[Slot.Factor0 + i]!, weight: weights[name], reason: reasonText(reasons[name]), reasonCodes: reasons[name] };
  });
  const supply = t.flows[s]!;
  const demand = t.flows[d]!;
  // The ranges widen with the precision the score used (a missing temperature lowers it).
  const economics = economicsFromScratch(scratch, PRECISIONS[precisionS]!, PRECISIONS[precisionD]!, p.economics, { t, s, d });
  const money = moneyParts(economics);
  factors.economics = { ...factors.economics, reason: reasonText(money), reasonCodes: money };
  const demandWin = scratch[Slot.DemandInWindow]!;
  const route = routeMatch({
    hazardous: t.hazard[s]! >= 0,
    parties: 2,
    coverage: demandWin > 0 ? Math.min(1, scratch[Slot.SupplyAsNeedUnits]! / demandWin) : 0,
    heatPump: cop > 0,
    roughSides: (t.precision[s] === 0 ? 1 : 0) + (t.precision[d] === 0 ? 1 : 0),
    capexEur: scratch[Slot.CapexEur]!,
    distanceKm: scratch[Slot.DistanceKm]!,
    radiusKm: scratch[Slot.BaseRadiusKm]!,
    regulated: RULE_CODE[r] !== 0 || REGULATED_OFFERS.has(supply.resourceType),
  });
  const counterfactualCodes = matchCounterfactuals(t, s, d, p, scratch, economics);
  return {
    rank,
    supplyFlowId: supply.id,
    demandFlowId: demand.id,
    supplyOrgId: supply.orgId,
    demandOrgId: demand.orgId,
    offerType: supply.resourceType,
    needType: demand.resourceType,
    score,
    distanceKm: scratch[Slot.DistanceKm]!,
    factors,
    conversion: conversionText(rule.use, rule.conversion, cop, t.tempC[s]!, t.tempC[d]!),
    heatPump: cop > 0 ? { fromC: t.tempC[s]!, toC: t.tempC[d]!, liftK: t.tempC[d]! - t.tempC[s]!, cop } : null,
    route,
    economics,
    counterfactuals: counterfactualCodes.map(reasonText),
    counterfactualCodes,
  };
}

/**
 * One model of the conversion per match: with a heat pump the text names the heat pump
 * (its lift and COP, the figures the economics costed), never the rule's direct heat
 * exchanger beside it; without one, the rule's own conversion.
 */
export function conversionText(use: string, conversion: string, cop: number, fromC: number, toC: number): string {
  if (cop > 0) return `${use}: heat pump lifting ${Math.round(fromC)} → ${Math.round(toC)} °C (COP ${cop.toFixed(1)})`;
  return `${use}: ${conversion}`;
}

/** One line saying why supply `s` → demand `d` was rejected with `code`. */
export function explainRejection(t: FlowTable, s: number, d: number, p: ScoringParams, code: number): string {
  const parts = rejectionParts(t, s, d, p, code);
  return parts.length > 0 ? reasonText(parts) : otherRejection(t, s, d, code);
}

/** The words of rejections that have no coded parts (never shown as a near miss). */
function otherRejection(t: FlowTable, s: number, d: number, code: number): string {
  const S = t.flows[s]!;
  const D = t.flows[d]!;
  switch (code) {
    case Rejection.Direction:
      return "both flows point the same way (need an offer and a need)";
    case Rejection.SameOrg:
      return "same organization";
    case Rejection.SameSite:
      return "same site";
    case Rejection.Incompatible:
      return `${S.resourceType} cannot feed a ${D.resourceType} need`;
    case Rejection.Regulatory:
      return (
        forbiddenReason(S.resourceType, D.resourceType) ??
        `animal by-products of category ${S.abpCategory ?? "undeclared"} may not go to ${D.resourceType} (Reg. (EC) 1069/2009)`
      );
    case Rejection.Rejected:
      return "a party rejected this pair before";
    case Rejection.Temporal:
      return "the two flows never exist at the same time";
    default:
      return REJECTION_NAMES[code] ?? `rejected (${code})`;
  }
}

/**
 * The coded parts of a near miss's rejection (distance, temperature, purity, quantity,
 * hazard); empty for the others, whose words carry regulation text in English.
 */
export function rejectionParts(t: FlowTable, s: number, d: number, p: ScoringParams, code: number): ReasonParts {
  const S = t.flows[s]!;
  const D = t.flows[d]!;
  switch (code) {
    case Rejection.Distance:
      return [distanceReason(t, s, d, p)];
    case Rejection.Temperature: {
      const params = { supplyC: S.temperatureC ?? Number.NaN, needC: D.temperatureC ?? Number.NaN, marginK: p.temperatureMarginK };
      return [
        p.allowHeatPump
          ? part("nearMiss.temperatureHeatPump", { ...params, maxLiftK: p.maxHeatPumpLiftK, maxOutputC: p.maxHeatPumpOutputC })
          : part("nearMiss.temperature", params),
      ];
    }
    case Rejection.Purity:
      return [part("nearMiss.purity", { supplyPct: S.purityPct ?? Number.NaN, needPct: D.purityPct ?? Number.NaN })];
    case Rejection.Quantity:
      return [quantityReason(t, s, d, p)];
    case Rejection.Hazard:
      return [hazardReason(t, s, d)];
    default:
      return [];
  }
}

/**
 * The rule a near miss breaks, without the counterpart's figures (its exact distance,
 * quantity, limits or permits), so an anonymous listing can still say which rule it is.
 */
export function ruleBroken(t: FlowTable, s: number, d: number, code: number): string {
  const parts = ruleParts(t, s, d, code);
  return parts.length > 0 ? reasonText(parts) : (REJECTION_NAMES[code] ?? `rejected (${code})`);
}

/** {@link ruleBroken}'s coded parts: codes and bands, never a figure of the counterpart. */
export function ruleParts(t: FlowTable, s: number, d: number, code: number): ReasonParts {
  switch (code) {
    case Rejection.Hazard: {
      const cls = t.hazardClasses[t.hazard[s]!]!;
      return [cls === "hazardous" ? part("rule.hazardUndeclared") : part("rule.hazardClass", { hazard: hazardLabel(cls) })];
    }
    case Rejection.Distance: {
      const limit = bindingDistanceLimit(t, s, d, 1);
      return [part(limit.by === "type" ? "rule.beyondRadius" : limit.by === "need" ? "rule.beyondNeedMax" : "rule.beyondOfferMax")];
    }
    case Rejection.Quantity:
      return [part("rule.belowMinimum")];
    case Rejection.Temperature:
      return [part("rule.temperature")];
    case Rejection.Purity:
      return [part("rule.purity")];
    default:
      return [];
  }
}

/** The hazard rule by name: which class, and what the need accepts. */
function hazardReason(t: FlowTable, s: number, d: number): CodedReason {
  const cls = t.hazardClasses[t.hazard[s]!]!;
  const accepted = [...(t.accepts[d] ?? [])].map((i) => t.hazardClasses[i]!).join(", ");
  const takes: Record<string, string> = accepted === "" ? {} : { accepted };
  const suffix = accepted === "" ? "" : "Accepts";
  return cls === "hazardous"
    ? part(`nearMiss.hazardUndeclared${suffix}`, { offerType: t.flows[s]!.resourceType, ...takes })
    : part(`nearMiss.hazardClass${suffix}`, { hazard: hazardLabel(cls), ...takes });
}

/** The distance rule by name: the need's or the offer's own maximum, or the resource radius. */
function distanceReason(t: FlowTable, s: number, d: number, p: ScoringParams): CodedReason {
  const distanceKm = haversineKm(t.latR[s]!, t.lonR[s]!, t.cosLat[s]!, t.latR[d]!, t.lonR[d]!, t.cosLat[d]!);
  const limit = bindingDistanceLimit(t, s, d, p.radiusFactor);
  if (limit.by !== "type") return part(limit.by === "need" ? "nearMiss.needMaxDistance" : "nearMiss.offerMaxDistance", { distanceKm, limitKm: limit.km });
  return part("nearMiss.beyondRadius", { distanceKm, radiusWholeKm: limit.km, offerType: t.flows[s]!.resourceType });
}

/**
 * Which limit binds a pair's distance at radius factor `factor`, as checkConstraints
 * computes it (min of the widened radius and both parties' own maxima): the need's own
 * maximum, the offer's own maximum, or the (widened) resource radius.
 */
function bindingDistanceLimit(t: FlowTable, s: number, d: number, factor: number): { by: "need" | "offer" | "type"; km: number } {
  const widened = Math.min(t.radiusKm[s]!, t.radiusKm[d]!) * factor;
  const radius = Math.min(widened, t.limitKm[s]!, t.limitKm[d]!);
  const by = radius === t.limitKm[d] ? "need" : radius === t.limitKm[s] ? "offer" : "type";
  return { by, km: radius };
}

/** The quantity rule by name: what the supply delivers against the need's minimum, in the need's unit. */
function quantityReason(t: FlowTable, s: number, d: number, p: ScoringParams): CodedReason {
  // The same figure the rule compared: run the constraints with only the quantity rule lifted for the rule and the COP.
  const scratch = newScratch();
  checkConstraints(t, s, d, { ...p, lifted: p.lifted | liftBit(Rejection.Quantity) }, scratch);
  const unit = TYPE_UNIT[t.type[d]!]!;
  const delivered = deliverable(t, s, d, scratch[Slot.Rule]! | 0, scratch[Slot.Cop]!);
  return part("nearMiss.quantity", { deliveredQty: delivered, minimumQty: t.minQty[d]!, unit });
}

/** Name of a type index (for messages). */
export function typeName(i: number): string {
  return TYPE_IDS[i] ?? "?";
}
