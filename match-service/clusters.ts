/**
 * Heat clusters of an organization: each heat supply it takes part in (as the supplier or
 * as one of the matched consumers) with at least two matched consumers, priced as one
 * shared pipe network by matching/heat-cluster.ts and split by exact Shapley values.
 *
 * Built from stored `:Match` nodes, so a cluster exists only after its pairs were matched:
 * - the supply's capacity is the supply flow's yearly quantity (MWh), each consumer's
 *   demand its need's yearly quantity;
 * - a consumer's value per MWh is its pair's gross value over the quantity that pair
 *   delivers (`annualGrossEur / deliveredQuantity` of the match's economics) — the price
 *   the engine already used for that pair, so the cluster and its pairs agree;
 * - one consumer per organization (its best-scoring match on the supply): the split is per
 *   organization, and one plant's two needs are not two parties;
 * - full-load hours are DEFAULT_ECONOMIC_PARAMS.fullLoadHours, as for pairs.
 * Members without a located site are left out; at most 11 consumers (the game is exact and
 * exponential, heat-cluster.ts), the best-scoring first.
 */
import type { Driver } from "neo4j-driver";
import { Thermal, findCompatibility } from "../matching/compatibility.ts";
import { DEFAULT_ECONOMIC_PARAMS } from "../matching/economics/parameters.ts";
import { splitCluster, type HeatCluster } from "../matching/heat-cluster.ts";
import { flowSites, type FlowSite } from "../graph/queries/flow-sites.ts";
import { clusterId } from "./ids.ts";
import { matchesOnSuppliesOfOrg } from "./store.ts";
import { storedJson, type StoredMatch } from "./stored-match.ts";

/** Most consumers in one cluster (12 members with the supplier: heat-cluster.ts's bound). */
export const MAX_CLUSTER_CONSUMERS = 11;

/** One member of a cluster, exact (presenters decide what a viewer is shown). */
export interface ClusterMember {
  readonly role: "supplier" | "consumer";
  readonly orgId: string;
  readonly flowId: string;
  /** The member's pair with the supplier; null for the supplier. */
  readonly matchId: string | null;
  readonly resourceType: string;
  /** Supplier: heat available; consumer: its demand (MWh/yr). */
  readonly quantityMWh: number;
  /** Consumer: what a delivered MWh is worth to it (€); null for the supplier. */
  readonly valuePerMWh: number | null;
  /** Consumer: heat the cluster's network delivers to it (MWh/yr); supplier: the sum. */
  readonly deliveredMWh: number;
  /** Part of the network (a consumer may stay unconnected where it costs more than it brings). */
  readonly connected: boolean;
  /** Exact Shapley share of the cluster's yearly value, €/yr. */
  readonly shareEur: number;
}

/** A solved heat cluster. */
export interface ClusterView {
  readonly id: string;
  readonly supplyFlowId: string;
  readonly resourceType: string;
  /** Supplier first, then consumers by score. */
  readonly members: readonly ClusterMember[];
  readonly network: { readonly pipeKm: number; readonly capexEur: number; readonly connectedConsumers: number };
  /** What the cluster is worth per year, € (the grand coalition's value). */
  readonly annualValueEur: number;
  /** The same consumers each with its own line from the supplier, summed, €/yr. */
  readonly pairsAloneEur: number;
}

/** True for a stored match that carries heat (a thermal heat pair of the taxonomy). */
export const isHeatMatch = (m: StoredMatch) => findCompatibility(m.offerType, m.needType)?.thermal === Thermal.Heat;

/** A pair's value per delivered MWh from its stored economics; null when it delivers nothing. */
export function valuePerMWhOf(m: StoredMatch): number | null {
  const e = storedJson(m.economics);
  const gross = Number(e.annualGrossEur);
  const delivered = Number(e.deliveredQuantity);
  return Number.isFinite(gross) && Number.isFinite(delivered) && delivered > 0 ? gross / delivered : null;
}

/**
 * The cluster around one supply, from its stored matches and the flows' sites; undefined
 * when fewer than two consumers with a located site and a positive value remain. Pure.
 */
export function buildCluster(supplyMatches: readonly StoredMatch[], sites: ReadonlyMap<string, FlowSite>, idSecret: string, hoursPerYear = DEFAULT_ECONOMIC_PARAMS.fullLoadHours): ClusterView | undefined {
  const first = supplyMatches[0];
  if (!first) return undefined;
  const supplierSite = sites.get(first.supplyFlowId);
  if (supplierSite?.lat == null || supplierSite.lon == null) return undefined;
  const byOrg = new Map<string, { m: StoredMatch; site: FlowSite; value: number }>();
  for (const m of [...supplyMatches].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))) {
    const site = sites.get(m.demandFlowId);
    const value = valuePerMWhOf(m);
    if (m.demandOrgId === m.supplyOrgId || byOrg.has(m.demandOrgId) || site?.lat == null || site.lon == null || value === null || value <= 0 || m.demandQuantity <= 0) continue;
    if (byOrg.size < MAX_CLUSTER_CONSUMERS) byOrg.set(m.demandOrgId, { m, site, value });
  }
  if (byOrg.size < 2) return undefined;
  const consumers = [...byOrg.values()];
  const cluster: HeatCluster = {
    supplier: { orgId: first.supplyOrgId, lat: supplierSite.lat, lon: supplierSite.lon, capacityMWh: first.supplyQuantity, hoursPerYear },
    consumers: consumers.map((c) => ({ orgId: c.m.demandOrgId, lat: c.site.lat!, lon: c.site.lon!, demandMWh: c.m.demandQuantity, valuePerMWh: c.value })),
  };
  const split = splitCluster(cluster);
  const delivered = new Map(split.network.connected.map((i, k) => [i, split.network.deliveredMWh[k]!]));
  const members: ClusterMember[] = [
    {
      role: "supplier",
      orgId: first.supplyOrgId,
      flowId: first.supplyFlowId,
      matchId: null,
      resourceType: first.offerType,
      quantityMWh: first.supplyQuantity,
      valuePerMWh: null,
      deliveredMWh: [...delivered.values()].reduce((a, b) => a + b, 0),
      connected: split.network.connected.length > 0,
      shareEur: split.shares[first.supplyOrgId] ?? 0,
    },
    ...consumers.map((c, i): ClusterMember => ({
      role: "consumer",
      orgId: c.m.demandOrgId,
      flowId: c.m.demandFlowId,
      matchId: c.m.id,
      resourceType: c.m.needType,
      quantityMWh: c.m.demandQuantity,
      valuePerMWh: c.value,
      deliveredMWh: delivered.get(i) ?? 0,
      connected: delivered.has(i),
      shareEur: split.shares[c.m.demandOrgId] ?? 0,
    })),
  ];
  return {
    id: clusterId(first.supplyFlowId, idSecret),
    supplyFlowId: first.supplyFlowId,
    resourceType: first.offerType,
    members,
    network: { pipeKm: split.network.pipeKm, capexEur: split.network.capexEur, connectedConsumers: split.network.connected.length },
    annualValueEur: split.annualValueEur,
    pairsAloneEur: split.pairsAloneEur,
  };
}

/**
 * The heat clusters an organization takes part in, most valuable first (then by id, so the
 * order is stable). Clusters worth nothing are left out.
 */
export async function clustersOfOrg(neo4j: Driver, orgId: string, idSecret: string): Promise<ClusterView[]> {
  const matches = (await matchesOnSuppliesOfOrg(neo4j, orgId)).filter(isHeatMatch);
  const bySupply = new Map<string, StoredMatch[]>();
  for (const m of matches) bySupply.set(m.supplyFlowId, [...(bySupply.get(m.supplyFlowId) ?? []), m]);
  const candidates = [...bySupply.values()].filter((ms) => new Set(ms.map((m) => m.demandOrgId)).size >= 2);
  if (candidates.length === 0) return [];
  const sites = await flowSites(neo4j, candidates.flatMap((ms) => [ms[0]!.supplyFlowId, ...ms.map((m) => m.demandFlowId)]));
  return candidates
    .map((ms) => buildCluster(ms, sites, idSecret))
    .filter((c): c is ClusterView => c !== undefined && c.annualValueEur > 0 && c.members.some((m) => m.orgId === orgId))
    .sort((a, b) => b.annualValueEur - a.annualValueEur || (a.id < b.id ? -1 : 1));
}
