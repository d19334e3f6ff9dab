/**
 * A match as the graph keeps it: the properties of one `(:Match)` node. This is the one
 * place that builds a node's properties from a ranked match and the one place that reads
 * them back (`decodeStoredMatch`); every reader of `:Match` nodes — the store, the
 * facilitator queue, the realtime bridge — goes through it, so a property added or renamed
 * is changed here once.
 *
 * `factors` and `economics` stay JSON text on the node (Neo4j properties are flat); read
 * them with {@link storedJson}.
 */
import type { MatchableFlow, RankedMatch } from "../matching/index.ts";

/** A match as the graph keeps it. */
export interface StoredMatch {
  readonly id: string;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly supplyOrgId: string;
  readonly demandOrgId: string;
  readonly supplyVersion: number;
  readonly demandVersion: number;
  readonly offerType: string;
  readonly needType: string;
  readonly score: number;
  readonly route: "auto" | "facilitator";
  readonly distanceKm: number;
  readonly annualValueEur: number;
  /** The supply flow's yearly quantity (its canonical unit): what the allocation shares. */
  readonly supplyQuantity: number;
  /** The need flow's yearly quantity (its canonical unit): the most it may receive. */
  readonly demandQuantity: number;
  /** JSON text of the ranked match's factors. */
  readonly factors: string;
  /** JSON text of the ranked match's economics. */
  readonly economics: string;
  readonly relaxed: boolean;
  readonly updatedAt: string;
  /** Why the router sent it where it did ("hazardous resource", …); absent on matches stored before they were kept. */
  readonly routeDrivers?: readonly string[];
  /** Where the services projection routed a facilitated match, and why: JSON text of a RoutingView (match-service/service-routing.ts); absent until routed. */
  readonly routing?: string;
  /** The facilitator whose own queue holds it; absent when it is in the shared queue. */
  readonly routedFacilitatorId?: string;
}

/** What a stored match records of each of its flows. */
export type FlowFigures = Pick<MatchableFlow, "version" | "annualQuantity">;

/** The graph row of a ranked match `id`, given both flows' versions and quantities. */
export function storedMatch(id: string, m: RankedMatch, flows: ReadonlyMap<string, FlowFigures>, relaxed: boolean, now: string): StoredMatch {
  return {
    id,
    supplyFlowId: m.supplyFlowId,
    demandFlowId: m.demandFlowId,
    supplyOrgId: m.supplyOrgId,
    demandOrgId: m.demandOrgId,
    supplyVersion: flows.get(m.supplyFlowId)?.version ?? 0,
    demandVersion: flows.get(m.demandFlowId)?.version ?? 0,
    offerType: m.offerType,
    needType: m.needType,
    score: m.score,
    route: m.route.decision,
    distanceKm: m.distanceKm,
    annualValueEur: m.economics.annualSavingsEur,
    supplyQuantity: flows.get(m.supplyFlowId)?.annualQuantity ?? 0,
    demandQuantity: flows.get(m.demandFlowId)?.annualQuantity ?? 0,
    factors: JSON.stringify(m.factors),
    economics: JSON.stringify(m.economics),
    relaxed,
    updatedAt: now,
    routeDrivers: [...m.route.drivers],
  };
}

/**
 * Decode a `:Match` node's properties (`properties(m)`). Numbers stored as Neo4j integers
 * or floats become numbers; what older nodes may lack gets the documented default (versions,
 * distance, yearly value and quantities 0, factors and economics `"{}"`, updatedAt `""`). Ids, types and
 * route are taken as stored: a node without them was not written by {@link storedMatch}.
 */
export function decodeStoredMatch(p: Readonly<Record<string, unknown>>): StoredMatch {
  return {
    id: p.id as string,
    supplyFlowId: p.supplyFlowId as string,
    demandFlowId: p.demandFlowId as string,
    supplyOrgId: p.supplyOrgId as string,
    demandOrgId: p.demandOrgId as string,
    supplyVersion: Number(p.supplyVersion ?? 0),
    demandVersion: Number(p.demandVersion ?? 0),
    offerType: p.offerType as string,
    needType: p.needType as string,
    score: Number(p.score),
    route: p.route as StoredMatch["route"],
    distanceKm: Number(p.distanceKm ?? 0),
    annualValueEur: Number(p.annualValueEur ?? 0),
    supplyQuantity: Number(p.supplyQuantity ?? 0),
    demandQuantity: Number(p.demandQuantity ?? 0),
    factors: (p.factors as string) ?? "{}",
    economics: (p.economics as string) ?? "{}",
    relaxed: Boolean(p.relaxed),
    updatedAt: String(p.updatedAt ?? ""),
    ...(Array.isArray(p.routeDrivers) ? { routeDrivers: p.routeDrivers.map(String) } : {}),
    ...(typeof p.routing === "string" ? { routing: p.routing } : {}),
    ...(typeof p.routedFacilitatorId === "string" ? { routedFacilitatorId: p.routedFacilitatorId } : {}),
  };
}

/** One of a stored match's JSON members (`factors`, `economics`) as an object; `{}` when it is not an object in JSON. */
export function storedJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
