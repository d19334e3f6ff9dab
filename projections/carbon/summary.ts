/**
 * An organization's carbon over a period, as the API and both reports show it — one
 * function, so the CSV's and the PDF's totals are the API's by construction:
 * - totals per stage (potential, in progress, realised) summed from the daily rollups of
 *   the period, in tCO2 (with the precision's range), MWh and m³;
 * - the day-by-day series of the same rows;
 * - the partnerships (matches with a proposal in progress or live) with their credited
 *   allocation, CO2 per year, the transport subtracted and the factors used — exact only
 *   where the counterpart was revealed (disclosure rules); others are counted, not listed;
 * - the organization's flows with their energy, water and CO2;
 * - every factor used, with its source, and the method in words.
 *
 * Potential and in-progress totals are rounded to two significant digits: they come from
 * matches whose counterparts may still be anonymous, whose exact figures a total of one
 * or two matches would give away.
 */
import type { Knex } from "knex";
import type { Driver } from "neo4j-driver";
import { readOrgFlows } from "../../graph/queries/carbon.ts";
import { orgNames } from "../../graph/queries/org-names.ts";
import { rollupSeries } from "../../ledgers/daily-rollups.ts";
import { overridesOf } from "../../ledgers/emission-factor-overrides.ts";
import { revealedMatchIds } from "../../ledgers/match-disclosures.ts";
import { asSeenBy, type FactorUse } from "../../domain/carbon/factors.ts";
import type { CarbonSummary, FlowCarbon, PartnershipLine, StageTotals, SupplyAllocation } from "../../contract/carbon.ts";
import { CARBON_STAGES, type CarbonStage, type MatchCarbon } from "./compute.ts";
import { flowCarbon } from "./flow-carbon.ts";
import { CARBON_PROJECTION } from "./rollup-rows.ts";
import { carbonAt } from "./service.ts";

export type { CarbonSummary, PartnershipLine, StageTotals, SupplyAllocation } from "../../contract/carbon.ts";

export const CARBON_METHOD: readonly string[] = [
  "Potential: ranked matches nobody has proposed yet (or whose proposal was rejected, withdrawn or failed). In progress: a proposal is pending or accepted and its deal is negotiating, reserved or contracted. Realised: the deal is live.",
  "CO2 avoided by a match = the delivery credited to it × the emission factor of what the delivery displaces (at the receiving plant) − the trucking (t·km × diesel truck factor) or pumping (electricity × the receiver's grid factor) it takes.",
  "Credited once: a supply's yearly capacity is shared first among its live partnerships, then its deals in progress, then its potential matches, by the same allocation the match lists show; no supply is counted beyond what it offers.",
  "Range: the mid figure ± the relative uncertainty of both flows' data precision (rough, estimated, measured). 'measured' marks a partnership whose two flows' quantities come from meter readings.",
  "Daily figures are the yearly figure / 365 on each day a match was in its stage; a period's total is the sum of its days. An organization's totals count every match it is a party to, as supplier or receiver.",
  "Factors: the organization's own overrides where it set them, else the defaults with their sources below. Grid electricity per country, Denmark per bidding zone (DK1/DK2). Each day keeps the factors in force on it: an override changed later does not rewrite earlier days (the changes are audited with who and when).",
];

const LATEST = "9999-12-31T23:59:59.999Z";
const sig2 = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(2)));
/** `x` ≥ 0 cut down to two significant digits. */
const floor2 = (x: number) => {
  if (x <= 0) return 0;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.floor(x / unit + 1e-9) * unit).toPrecision(2));
};
const zero = (): { low: number; mid: number; high: number; energy: number; water: number } => ({ low: 0, mid: 0, high: 0, energy: 0, water: 0 });

/**
 * How each of `orgId`'s offers is shared among its matches (the same credited allocation
 * the rollups count): per offer, the supply credited per stage and the share of the offer
 * that is, at most all of it. Stages before realised are cut down to two significant
 * digits (their counterparts may be anonymous), so the stages never add up past the offer.
 */
export function supplyAllocations(orgId: string, carbon: readonly MatchCarbon[], flows: readonly FlowCarbon[]): SupplyAllocation[] {
  const flowById = new Map(flows.map((f) => [f.flowId, f]));
  const byOffer = new Map<string, { c: MatchCarbon; credited: Record<CarbonStage, number>; share: number; matches: number }>();
  for (const c of carbon) {
    if (c.supply.orgId !== orgId) continue;
    const a = byOffer.get(c.supply.flowId) ?? byOffer.set(c.supply.flowId, { c, credited: { potential: 0, in_progress: 0, realised: 0 }, share: 0, matches: 0 }).get(c.supply.flowId)!;
    const capacity = flowById.get(c.supply.flowId)?.annualQuantity ?? c.supply.annualQuantity;
    a.credited[c.stage] += c.allocation.shareOfSupply * capacity;
    a.share += c.allocation.shareOfSupply;
    a.matches++;
  }
  return [...byOffer.entries()]
    .map(([flowId, a]) => {
      const f = flowById.get(flowId);
      return {
        flowId,
        siteId: a.c.supply.siteId,
        resourceType: a.c.supply.resourceType,
        annualQuantity: f?.annualQuantity ?? a.c.supply.annualQuantity,
        unit: f?.unit ?? "",
        matches: a.matches,
        // Rounded down, not to the nearest: the stages' figures must never add up to more than the offer.
        credited: { potential: floor2(a.credited.potential), in_progress: floor2(a.credited.in_progress), realised: Number(a.credited.realised.toFixed(3)) },
        shareCredited: Math.min(1, Number(a.share.toFixed(2))),
        method: "shared once among the offer's matches: live partnerships first, then deals in progress, then potential matches, by value (matching/allocation.ts)",
      };
    })
    .sort((x, y) => x.flowId.localeCompare(y.flowId));
}

/** The organization's summary for `from`..`to` (YYYY-MM-DD, inclusive). Authorization is the caller's. */
export async function carbonSummary(stores: { neo4j: Driver; knex: Knex }, orgId: string, from: string, to: string): Promise<CarbonSummary> {
  const [series, carbon, flows, overrides, revealed] = await Promise.all([
    rollupSeries(stores.knex, { projection: CARBON_PROJECTION, organizationId: orgId, from, to }),
    // The ledger's state as it stands: its times are the database's clock, which may run ahead of this process's.
    carbonAt(stores, LATEST),
    readOrgFlows(stores.neo4j, orgId),
    overridesOf(stores.knex, [orgId]),
    revealedMatchIds(stores.knex, orgId),
  ]);
  const sums = new Map<CarbonStage, ReturnType<typeof zero>>(CARBON_STAGES.map((s) => [s, zero()]));
  const byDay = new Map<string, { potential: number; in_progress: number; realised: number }>();
  for (const r of series) {
    const stage = r.stage as CarbonStage;
    const t = sums.get(stage);
    if (!t) continue;
    if (r.metric === "co2_avoided_t") {
      t.mid += r.value;
      const d = byDay.get(r.day) ?? byDay.set(r.day, { potential: 0, in_progress: 0, realised: 0 }).get(r.day)!;
      d[stage] += r.value;
    } else if (r.metric === "co2_avoided_low_t") t.low += r.value;
    else if (r.metric === "co2_avoided_high_t") t.high += r.value;
    else if (r.metric === "energy_mwh") t.energy += r.value;
    else if (r.metric === "water_m3") t.water += r.value;
  }
  const present = (stage: CarbonStage, x: number) => (stage === "realised" ? Number(x.toFixed(3)) : sig2(x));
  const totals = Object.fromEntries(
    CARBON_STAGES.map((s) => {
      const t = sums.get(s)!;
      return [s, { co2AvoidedT: { low: present(s, t.low), mid: present(s, t.mid), high: present(s, t.high) }, energyMWh: present(s, t.energy), waterM3: present(s, t.water) }];
    }),
  ) as Record<CarbonStage, StageTotals>;

  const own = carbon.filter((c) => c.supply.orgId === orgId || c.demand.orgId === orgId);
  const factors = new Map<string, FactorUse>();
  // A counterpart's own value is listed apart from the default of the same id, and as seen by this organization.
  const keep = (f: FactorUse) => {
    const seen = asSeenBy(orgId, f);
    factors.set(seen.counterpartValue ? `${seen.id}|counterpart|${seen.value}` : seen.id, seen);
  };
  const lines: PartnershipLine[] = [];
  let unlisted = 0;
  const partnered = own.filter((c) => c.stage !== "potential");
  const names = await orgNames(stores.neo4j, partnered.flatMap((c) => [c.supply.orgId, c.demand.orgId]));
  for (const c of partnered) {
    const role = c.supply.orgId === orgId ? "supplier" : "receiver";
    const other = role === "supplier" ? c.demand : c.supply;
    if (!revealed.has(c.matchId)) {
      unlisted++;
      continue;
    }
    for (const f of c.factors) keep(f);
    const mine = role === "supplier" ? c.supply : c.demand;
    lines.push({
      matchId: c.matchId,
      proposalId: c.proposalId ?? null,
      stage: c.stage,
      since: c.since ?? null,
      role,
      siteId: mine.siteId,
      offerType: c.supply.resourceType,
      needType: c.demand.resourceType,
      counterpart: names.get(other.orgId) ?? other.orgId,
      allocation: c.allocation,
      grossTPerYear: c.grossT,
      transportTPerYear: c.transportT,
      co2AvoidedTPerYear: c.co2AvoidedT,
      basis: c.basis,
      factorIds: c.factors.map((f) => f.id),
    });
  }
  const flowFigures = flows.map((f) => flowCarbon(f, overrides.get(orgId)));
  for (const f of flowFigures) if (f.factor) keep(f.factor);
  // Potential totals use the factors of the potential matches too: name them without listing the matches.
  for (const c of own) for (const f of c.factors) keep(f);
  return {
    organizationId: orgId,
    period: { from, to },
    totals,
    series: [...byDay].map(([day, v]) => ({ day, potential: sig2(v.potential), in_progress: sig2(v.in_progress), realised: Number(v.realised.toFixed(4)) })),
    partnerships: lines.sort((a, b) => b.co2AvoidedTPerYear.mid - a.co2AvoidedTPerYear.mid),
    unlistedPartnerships: unlisted,
    potentialMatches: own.filter((c) => c.stage === "potential").length,
    supplyAllocations: supplyAllocations(orgId, own, flowFigures),
    flows: flowFigures,
    factors: [...factors.values()].sort((a, b) => a.id.localeCompare(b.id)),
    method: CARBON_METHOD,
  };
}
