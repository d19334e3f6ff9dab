/**
 * What a party of a match is shown of it (DESIGN.md "Trust and disclosure"). Until both
 * parties said `interested`, each sees the other only as an anonymous listing: resource
 * type, quantity, temperature and distance as bands (domain/bands.ts), region, NACE
 * section, data precision, hazard class, the score and reasons phrased from those bands
 * alone. Once both said `interested` — or when the counterpart chose to be `public` — the
 * full counterpart: organization, site, exact figures, and (after mutual interest only)
 * its designated contact.
 *
 * Invariants of an anonymous view, which the tests check as properties:
 * - no organization id or name, no flow or site id, no coordinates of the counterpart;
 * - no exact counterpart quantity or temperature, no price and no gross value: money is
 *   shown as bands, and every reason is built from bands, never from the exact figures;
 * - two counterparts whose figures fall in the same bands produce the same view.
 * Pure: the caller supplies the disclosure state it read from the ledgers.
 */
import type { AnonymousCounterpart, BandedEconomics, Decision, DisclosureState, PartyMatch, PartyNearMiss } from "../contract/matches.ts";
import { coverageBand, distanceBand, moneyBand, quantityBand, temperatureBand, yearsBand } from "../domain/bands.ts";
import type { Contact } from "../domain/schemas/business.ts";
import { parseNace } from "../domain/nace.ts";
import { externalOf } from "../domain/node-ref.ts";
import { economics as econModel } from "../matching/index.ts";
import { part, reasonText, type ReasonParts } from "../matching/reasons.ts";
import type { CounterpartView, MatchView, NearMissView } from "./flow-matches.ts";

/** What the ledgers say about one match, from one party's side. */
export interface MatchDisclosure {
  /** Both parties said interested (match_reveals). */
  readonly revealed: boolean;
  readonly yourDecision: Decision | null;
  /** The counterpart rejected the match; who they are is still not told. */
  readonly counterpartDeclined: boolean;
  /** The counterpart's organization chose to be public. */
  readonly counterpartPublic: boolean;
  /** The counterpart's designated contact; used only once revealed. */
  readonly contact: Contact | null;
}

/** The counterpart named: public from the start, or revealed by mutual interest. */
export interface NamedCounterpart extends Omit<CounterpartView, "flowId" | "siteId"> {
  readonly kind: "public" | "revealed";
  readonly flowId: string;
  readonly siteId: string;
  /** The designated contact: after mutual interest only. */
  readonly contact: Contact | null;
}

/**
 * One match as one of its parties sees it: the wire's {@link PartyMatch}
 * (contract/matches.ts), with the engine's exact types where the wire names only their
 * shape — so a party view that drifts from the contract fails tsc here.
 */
export interface PartyMatchView extends PartyMatch {
  readonly counterpart: AnonymousCounterpart | NamedCounterpart;
  readonly factors: MatchView["factors"];
  readonly heatPump: MatchView["heatPump"];
  readonly route: MatchView["route"];
  readonly economics: MatchView["economics"] | BandedEconomics;
}

/** A near miss as a party sees it. */
export interface PartyNearMissView extends PartyNearMiss {
  readonly counterpart: AnonymousCounterpart | NamedCounterpart | null;
}

/** The state a party is shown, from what the ledgers say. */
export function disclosureState(d: Pick<MatchDisclosure, "revealed" | "yourDecision" | "counterpartDeclined" | "counterpartPublic">): DisclosureState {
  if (d.counterpartDeclined || d.yourDecision === "rejected") return "declined";
  if (d.revealed) return "revealed";
  return d.counterpartPublic ? "public" : "anonymous";
}

/** The section letter of a NACE code ("10.51" → "C"). */
export function naceSectionOf(code: string | null): string | null {
  return code ? (parseNace(code)?.section ?? null) : null;
}

/** The anonymous listing of a counterpart at a distance. */
export function anonymousCounterpart(c: CounterpartView, distanceKm: number | null): AnonymousCounterpart {
  return {
    kind: "anonymous",
    direction: c.direction,
    resourceType: c.resourceType,
    quantity: { band: quantityBand(c.annualQuantity), unit: c.unit },
    temperature: c.temperatureC === null ? null : temperatureBand(c.temperatureC),
    distance: distanceBand(distanceKm ?? Number.POSITIVE_INFINITY),
    region: c.region,
    naceSection: naceSectionOf(c.naceCode),
    precision: c.precision,
    hazardClass: c.hazardClass,
  };
}

/** The named counterpart; the contact only after mutual interest. */
export function namedCounterpart(c: CounterpartView, kind: "public" | "revealed", contact: Contact | null): NamedCounterpart {
  // The counterpart's node ids, not its own form: that could equal one of the viewer's ids.
  return { ...c, kind, contact: kind === "revealed" ? contact : null };
}

function bandedEconomics(e: MatchView["economics"]): BandedEconomics {
  const npvLow = moneyBand(e.npvEur.low);
  const npvHigh = moneyBand(e.npvEur.high);
  const co2Low = quantityBand(e.co2AvoidedTPerYear.low);
  const co2High = quantityBand(e.co2AvoidedTPerYear.high);
  return {
    banded: true,
    transportMode: e.transportMode,
    capexEur: moneyBand(e.capexEur),
    annualSavingsEur: moneyBand(e.annualSavingsEur),
    npvEur: { low: npvLow.low, high: npvHigh.high },
    paybackYears: yearsBand(e.paybackYears),
    co2AvoidedTPerYear: { low: co2Low.low, high: co2High.high },
    uncertainty: e.uncertainty,
    // A market price is public; the consumer's declared current cost is its own secret.
    marketPrice: e.source === undefined || e.source === econModel.DECLARED_COST_SOURCE ? null : { eur: e.pricePerUnit, unit: e.unit, displaces: e.displaces, source: e.source },
    ...(e.npvDrivers?.[0] ? { npvDriver: e.npvDrivers[0].why } : {}),
  };
}

/**
 * Each factor's reason rebuilt from bands and the viewer's own figures only: the coded
 * parts take their params from the anonymous listing (`c`), the banded economics and the
 * viewer's own flow, and the sentence is rendered from those parts, so neither can carry
 * a figure of the counterpart that the bands do not.
 */
export function anonymousReasonParts(m: MatchView, c: AnonymousCounterpart, econ: BandedEconomics): Record<keyof MatchView["factors"], ReasonParts> {
  const f = m.factors;
  const ownIsSupply = m.own.direction === "offer";
  let quality = part("quality.fits");
  if (m.heatPump) quality = part("quality.heatPumpBand");
  else if (m.own.temperatureC !== null && c.temperature) {
    const own = Math.round(m.own.temperatureC);
    quality = ownIsSupply ? part("quality.supplyForNeedBand", { supplyC: own, needCBand: c.temperature }) : part("quality.supplyBandForNeed", { supplyCBand: c.temperature, needC: own });
  }
  const t = f.temporal.score;
  const temporal = part(t >= 0.999 ? "temporal.always" : t >= 0.75 ? "temporal.most" : t >= 0.5 ? "temporal.half" : "temporal.some");
  const savings = econ.annualSavingsEur;
  const economics =
    savings.low >= 0 && savings.high !== 0 ? part("economics.savesBand", { savingsEurBand: savings, capexEurBand: econ.capexEur }) : part("economics.lossBand");
  const sides = ownIsSupply ? [m.own.precision, c.precision] : [c.precision, m.own.precision];
  const quantityParams = { coverShareBand: coverageBand(m.coverage), counterpartQtyBand: c.quantity.band, unit: c.quantity.unit };
  return {
    distance: [part("distance.band", { distanceKmBand: c.distance })],
    quality: [quality],
    quantity: [part(c.direction === "offer" ? "quantity.coversBandSupply" : "quantity.coversBandNeed", quantityParams)],
    temporal: [temporal],
    economics: [economics],
    trust: [part("trust.precision", { supplyPrecision: sides[0]!, demandPrecision: sides[1]! })],
    graph: [part(f.graph.score > 0.3 ? "graph.existing" : "graph.none")],
  };
}

/** Each factor's reason rebuilt from bands and the viewer's own figures only. */
function anonymousReasons(m: MatchView, c: AnonymousCounterpart, econ: BandedEconomics): MatchView["factors"] {
  const f = m.factors;
  const reasons = anonymousReasonParts(m, c, econ);
  const out = {} as Record<keyof MatchView["factors"], MatchView["factors"][keyof MatchView["factors"]]>;
  for (const name of Object.keys(f) as (keyof MatchView["factors"])[]) {
    out[name] = { score: f[name].score, weight: f[name].weight, reason: reasonText(reasons[name]), reasonCodes: reasons[name] };
  }
  return out;
}

/** What an anonymous match hinges on, from bands: coded parts, one list per line. */
function anonymousCounterfactuals(m: MatchView, econ: BandedEconomics): ReasonParts[] {
  const out: ReasonParts[] = [];
  if (m.heatPump) out.push([part("counterfactual.heatPumpBand")]);
  if (m.coverage < 0.999) out.push([part("counterfactual.partialCoverBand", { coverShareBand: coverageBand(m.coverage) })]);
  if (econ.annualSavingsEur.high !== null && econ.annualSavingsEur.high <= 0) out.push([part("counterfactual.lossAtAnyVolume")]);
  else if (m.economics.npvEur.mid < 0) out.push([part("counterfactual.npvAtLargerVolume")]);
  return out;
}

/** Present one match to the party whose flow the result was computed for. */
export function presentToParty(m: MatchView, d: MatchDisclosure): PartyMatchView {
  const state = disclosureState(d);
  const side: "supply" | "demand" = m.own.direction === "offer" ? "supply" : "demand";
  const named = state === "revealed" || state === "public" || (state === "declined" && d.revealed);
  const own = externalOf(m.flowId);
  const ownOrg = side === "supply" ? m.supplyOrgId : m.demandOrgId;
  const base = {
    id: m.id,
    rank: m.rank,
    score: m.score,
    side,
    flowId: own,
    disclosure: { state, yourDecision: d.yourDecision, counterpartDecision: d.counterpartDeclined ? ("declined" as const) : null },
    offerType: m.offerType,
    needType: m.needType,
    distance: distanceBand(m.distanceKm),
    coverageBand: coverageBand(m.coverage),
    conversion: m.conversion,
    needsHeatPump: m.heatPump !== null,
    route: m.route,
  };
  if (named) {
    const counterpart = namedCounterpart(m.counterpart, d.revealed ? "revealed" : "public", d.contact);
    return {
      ...base,
      supplyFlowId: side === "supply" ? own : counterpart.flowId,
      demandFlowId: side === "demand" ? own : counterpart.flowId,
      supplyOrgId: m.supplyOrgId,
      demandOrgId: m.demandOrgId,
      distanceKm: m.distanceKm,
      coverage: m.coverage,
      counterpart,
      factors: m.factors,
      heatPump: m.heatPump,
      economics: m.economics,
      counterfactuals: m.counterfactuals,
      ...(m.counterfactualCodes ? { counterfactualCodes: m.counterfactualCodes } : {}),
    };
  }
  const counterpart = anonymousCounterpart(m.counterpart, m.distanceKm);
  const economics = bandedEconomics(m.economics);
  const counterfactualCodes = anonymousCounterfactuals(m, economics);
  return {
    ...base,
    supplyFlowId: side === "supply" ? own : null,
    demandFlowId: side === "demand" ? own : null,
    supplyOrgId: side === "supply" ? ownOrg : null,
    demandOrgId: side === "demand" ? ownOrg : null,
    distanceKm: null,
    coverage: null,
    counterpart,
    factors: anonymousReasons(m, counterpart, economics),
    heatPump: null,
    economics,
    counterfactuals: counterfactualCodes.map(reasonText),
    counterfactualCodes,
  };
}

const NEAR_MISS_FIX: Readonly<Record<string, [reason: string, fix: string]>> = {
  distance: ["rule.beyondRadius", "fix.largerRadius"],
  temperature: ["rule.temperature", "fix.hotterSupply"],
  purity: ["rule.purity", "fix.purerSupply"],
  quantity: ["rule.lessThanMinimum", "fix.largerSupply"],
  hazard: ["rule.hazardNotAccepted", "fix.acceptHazard"],
};

/** The codes a near miss carries as they are (its counterpart named, or none). */
function nearMissCodes(n: NearMissView): Pick<PartyNearMissView, "reasonCodes" | "counterfactualCodes"> {
  return { ...(n.reasonCodes ? { reasonCodes: n.reasonCodes } : {}), ...(n.counterfactualCodes ? { counterfactualCodes: n.counterfactualCodes } : {}) };
}

/** A near miss for a party: named only when the counterpart is public. */
export function nearMissToParty(n: NearMissView, counterpartPublic: boolean): PartyNearMissView {
  const exact = { constraint: n.constraint, reason: n.reason, counterfactual: n.counterfactual, ...nearMissCodes(n) };
  if (!n.counterpart) return { counterpart: null, ...exact };
  if (counterpartPublic) return { counterpart: namedCounterpart(n.counterpart, "public", null), ...exact };
  // The rule by name, without the counterpart's figures (its distance, quantity, limits or permits).
  const [rule, fix] = NEAR_MISS_FIX[n.constraint] ?? ["rule.failsOn", "fix.notFeasible"];
  const generic = [part(rule, rule === "rule.failsOn" ? { constraint: n.constraint } : {})];
  const reasonCodes = n.rule === undefined ? generic : (n.ruleCodes ?? []);
  const counterfactualCodes = [part(fix)];
  return {
    counterpart: anonymousCounterpart(n.counterpart, n.distanceKm),
    constraint: n.constraint,
    reason: n.rule ?? reasonText(generic),
    counterfactual: reasonText(counterfactualCodes),
    reasonCodes,
    counterfactualCodes,
  };
}
