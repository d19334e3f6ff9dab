/**
 * The carbon of matches, credited once. Each match alone assumes it gets all of its
 * supply it can use, so two matches of one 13,100 MWh/yr supply could each claim it in
 * full; here each supply's yearly capacity is shared first among its live partnerships,
 * then among the deals in progress, then among the remaining (potential) matches — by the
 * allocation the match lists show (matching/allocation.ts), each tier getting only what
 * the tiers before left. A match's CO2 avoided is its allocated delivery times what the
 * delivery displaces, less the trucking or pumping it takes; the range follows the data
 * precision (the economics' relative uncertainty), as the match's own range does.
 *
 * Which factors: the receiving organization's overrides, since the displacement happens
 * at its plant; its site's grid zone for electricity.
 */
import { allocate, type AllocationEdge } from "../../matching/allocation.ts";
import { DEFAULT_ECONOMIC_PARAMS } from "../../matching/economics/parameters.ts";
import { displacementFactor, gridFactorId, resolveFactor, type FactorUse, type GridLocation, type Overrides } from "../../domain/carbon/factors.ts";
import type { Co2Range, CreditedAllocation } from "../../contract/carbon.ts";

/** The three figures kept apart. */
export const CARBON_STAGES = ["potential", "in_progress", "realised"] as const;
export type CarbonStage = (typeof CARBON_STAGES)[number];

/** One end of a match: its flow, site and organization. */
export interface MatchEnd extends GridLocation {
  readonly flowId: string;
  readonly orgId: string;
  readonly siteId: string;
  readonly regionCode: string;
  readonly resourceType: string;
  readonly precision: string;
  /** The flow's yearly quantity in its canonical unit (0 when not stored). */
  readonly annualQuantity: number;
}

/** A stored match as the carbon projection needs it. */
export interface CarbonMatchInput {
  readonly id: string;
  readonly supply: MatchEnd;
  readonly demand: MatchEnd;
  readonly distanceKm: number;
  readonly transportMode: string;
  /** Supply units per year the match takes alone. */
  readonly suppliedQuantity: number;
  /** Need units per year it delivers alone. */
  readonly deliveredQuantity: number;
  /** The need's canonical unit ("MWh", "t", "m³"). */
  readonly unit: string;
  readonly annualValueEur: number;
  /** Relative half-width of the ranges, from both flows' precision. */
  readonly uncertainty: number;
}

/** A match's stage, from the lifecycle ledger. */
export interface StageOf {
  readonly stage: CarbonStage;
  readonly proposalId?: string;
  /** When the match reached this stage (ISO), if it came from the ledger. */
  readonly since?: string;
}

export type { Co2Range, CreditedAllocation } from "../../contract/carbon.ts";

/** The carbon of one match. */
export interface MatchCarbon {
  readonly matchId: string;
  readonly stage: CarbonStage;
  readonly proposalId?: string;
  readonly since?: string;
  readonly supply: MatchEnd;
  readonly demand: MatchEnd;
  readonly allocation: CreditedAllocation;
  /** tCO2/yr the credited delivery displaces. */
  readonly grossT: number;
  /** tCO2/yr of trucking or pumping, subtracted. */
  readonly transportT: number;
  /** tCO2/yr avoided, net, with the precision's range. */
  readonly co2AvoidedT: Co2Range;
  /** MWh/yr delivered when the resource is energy, else 0. */
  readonly energyMWh: number;
  /** m³/yr delivered when the resource is water, else 0. */
  readonly waterM3: number;
  readonly factors: readonly FactorUse[];
  /** Measured when both flows' quantities come from meter readings. */
  readonly basis: "measured" | "declared";
}

const STAGE_ORDER: readonly CarbonStage[] = ["realised", "in_progress", "potential"];
const PIPES: Readonly<Record<string, "heat" | "water">> = { heat_pipe: "heat", steam_pipe: "heat", water_pipe: "water" };
const round = (x: number) => Number(x.toPrecision(10));

/**
 * Each match's credited share of its supply: tier by tier (realised, in progress,
 * potential), each tier sharing what the tiers before left, by matching/allocation.ts. A
 * match worth nothing is given a token value so that leftover capacity still reaches it:
 * carbon is credited on volume, not on price.
 */
export async function creditedAllocations(matches: readonly CarbonMatchInput[], stages: ReadonlyMap<string, StageOf>): Promise<Map<string, CreditedAllocation>> {
  const supplyLeft = new Map<string, number>();
  const demandLeft = new Map<string, number>();
  for (const m of matches) {
    const cap = m.supply.annualQuantity > 0 ? m.supply.annualQuantity : m.suppliedQuantity;
    supplyLeft.set(m.supply.flowId, Math.max(supplyLeft.get(m.supply.flowId) ?? 0, cap));
    const want = m.demand.annualQuantity > 0 ? m.demand.annualQuantity : m.deliveredQuantity;
    demandLeft.set(m.demand.flowId, Math.max(demandLeft.get(m.demand.flowId) ?? 0, want));
  }
  const competitors = new Map<string, number>();
  for (const m of matches) competitors.set(m.supply.flowId, (competitors.get(m.supply.flowId) ?? 0) + 1);
  const byId = new Map(matches.map((m) => [m.id, m]));
  const out = new Map<string, CreditedAllocation>();
  for (const tier of STAGE_ORDER) {
    const edges: AllocationEdge[] = matches
      .filter((m) => (stages.get(m.id)?.stage ?? "potential") === tier && m.suppliedQuantity > 0 && m.deliveredQuantity > 0)
      .map((m) => ({ id: m.id, supplyId: m.supply.flowId, demandId: m.demand.flowId, suppliedQuantity: m.suppliedQuantity, deliveredQuantity: m.deliveredQuantity, annualValueEur: Math.max(m.annualValueEur, 1e-3 * m.suppliedQuantity) }));
    if (edges.length === 0) continue;
    const { edges: allocated } = await allocate({ supplies: supplyLeft, demands: demandLeft, edges });
    for (const e of edges) {
      const a = allocated.get(e.id)!;
      const supplied = Math.min(a.suppliedQuantity, e.suppliedQuantity);
      supplyLeft.set(e.supplyId, Math.max(0, supplyLeft.get(e.supplyId)! - supplied));
      const delivered = supplied * (e.deliveredQuantity / e.suppliedQuantity);
      demandLeft.set(e.demandId, Math.max(0, demandLeft.get(e.demandId)! - delivered));
      const own = byId.get(e.id)!;
      const cap = own.supply.annualQuantity > 0 ? own.supply.annualQuantity : own.suppliedQuantity;
      out.set(e.id, {
        shareOfWish: round(supplied / e.suppliedQuantity),
        shareOfSupply: round(cap > 0 ? supplied / cap : 0),
        competitors: (competitors.get(e.supplyId) ?? 1) - 1,
        deliveredQuantity: round(delivered),
        method: tier === "potential" ? "shared by value among the potential matches, after partnerships took theirs (matching/allocation.ts)" : `shared by value among the ${tier === "realised" ? "live partnerships" : "deals in progress"}${tier === "realised" ? "" : ", after live partnerships took theirs"} (matching/allocation.ts)`,
      });
    }
  }
  for (const m of matches) if (!out.has(m.id)) out.set(m.id, { shareOfWish: 0, shareOfSupply: 0, competitors: (competitors.get(m.supply.flowId) ?? 1) - 1, deliveredQuantity: 0, method: "no quantity to allocate" });
  return out;
}

/** The carbon of one match at its credited allocation, with `overrides` of the receiving organization. */
export function matchCarbon(m: CarbonMatchInput, stage: StageOf, allocation: CreditedAllocation, overrides: Overrides = new Map()): MatchCarbon {
  const gridId = gridFactorId(m.demand);
  const factors: FactorUse[] = [];
  const displaced = displacementFactor(m.demand.resourceType, gridId, overrides);
  if (displaced) factors.push(displaced);
  const delivered = allocation.deliveredQuantity;
  const supplied = m.deliveredQuantity > 0 ? (delivered * m.suppliedQuantity) / m.deliveredQuantity : 0;
  const grossT = delivered * (displaced?.value ?? 0);
  const p = DEFAULT_ECONOMIC_PARAMS;
  let transportT = 0;
  if (m.transportMode === "truck") {
    const truck = resolveFactor("transport:truck_diesel", overrides)!;
    factors.push(truck);
    transportT = supplied * m.distanceKm * p.routeFactorRoad * truck.value;
  } else if (PIPES[m.transportMode]) {
    const grid = resolveFactor(gridId, overrides)!;
    if (!factors.some((f) => f.id === grid.id)) factors.push(grid);
    const km = m.distanceKm * p.routeFactorPipe;
    const pumpingMWh = PIPES[m.transportMode] === "heat" ? delivered * p.pumpingMWhElPerMWhKm * km : (supplied * p.waterPumpingKWhPerM3Km * km) / 1000;
    transportT = pumpingMWh * grid.value;
  }
  const mid = grossT - transportT;
  const u = Math.min(Math.max(m.uncertainty, 0), 1);
  const a = mid * (1 - u);
  const b = mid * (1 + u);
  return {
    matchId: m.id,
    stage: stage.stage,
    ...(stage.proposalId ? { proposalId: stage.proposalId } : {}),
    ...(stage.since ? { since: stage.since } : {}),
    supply: m.supply,
    demand: m.demand,
    allocation,
    grossT: round(grossT),
    transportT: round(transportT),
    co2AvoidedT: { low: round(Math.min(a, b)), mid: round(mid), high: round(Math.max(a, b)) },
    energyMWh: m.unit === "MWh" ? round(delivered) : 0,
    waterM3: m.unit === "m³" || m.unit === "m3" ? round(delivered) : 0,
    factors,
    basis: m.supply.precision === "measured" && m.demand.precision === "measured" ? "measured" : "declared",
  };
}

/** Every match's carbon, credited once; `overridesOf` gives an organization's overrides. */
export async function carbonOfMatches(matches: readonly CarbonMatchInput[], stages: ReadonlyMap<string, StageOf>, overridesOf: (orgId: string) => Overrides): Promise<MatchCarbon[]> {
  const allocations = await creditedAllocations(matches, stages);
  return matches.map((m) => matchCarbon(m, stages.get(m.id) ?? { stage: "potential" }, allocations.get(m.id)!, overridesOf(m.demand.orgId)));
}
