/**
 * A heat cluster: one heat supply and several consumers who could share one pipe network
 * instead of each building its own line. Its value is not the sum of pairs: consumers near
 * each other share the trunk from the supplier (pipe cost per metre grows with √capacity,
 * so one pipe for two loads costs less than two pipes), and a supply too small for all of
 * them is shared by value. The coalition game below prices exactly that, and the exact
 * Shapley value (shapley.ts) splits the cluster's yearly value among its members.
 *
 * v(S), for a coalition S of the supplier and consumers:
 * - 0 without the supplier;
 * - otherwise the best the coalition can do by connecting any subset T of its consumers
 *   (a member may stay unconnected): deliveries shared by value per MWh within the supply's
 *   capacity; a minimum spanning tree over the supplier and T, each edge sized for the heat it
 *   carries downstream; value = Σ delivered·(1 − losses along its path)·value per MWh −
 *   capex annuity − maintenance.
 * So v is monotone (adding a member never lowers it) and v(∅) = 0. Invariants tested in
 * heat-cluster.test.ts: efficiency (shares sum to v(N)), symmetry, a consumer who adds
 * nothing gets nothing, and the value is not additive when the trunk is shared.
 */
import { distanceKm } from "../domain/geodesy.ts";
import { annuityFactor } from "./economics/finance.ts";
import { lineCapexEur, lineLossFraction } from "./economics/capex.ts";
import { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./economics/parameters.ts";
import { Mode } from "./economics/transport.ts";
import { shapleyValues } from "./shapley.ts";

/** A place on the map. */
export interface Point {
  readonly lat: number;
  readonly lon: number;
}

/** The heat supply of a cluster. */
export interface ClusterSupplier extends Point {
  readonly orgId: string;
  /** Heat available per year, MWh. */
  readonly capacityMWh: number;
  /** Full-load hours per year: peak kW = MWh / hours. */
  readonly hoursPerYear: number;
}

/** A consumer that could join. */
export interface ClusterConsumer extends Point {
  readonly orgId: string;
  readonly demandMWh: number;
  /** What a delivered MWh is worth to it, € (the heat it displaces, net of its own conversion). */
  readonly valuePerMWh: number;
}

/** A cluster: members are indexed supplier first (bit 0), then consumers in order. */
export interface HeatCluster {
  readonly supplier: ClusterSupplier;
  readonly consumers: readonly ClusterConsumer[];
}

/** The network a coalition would build, and what it is worth per year. */
export interface ClusterNetwork {
  /** Consumers connected (indices into `consumers`). */
  readonly connected: readonly number[];
  readonly deliveredMWh: readonly number[];
  readonly pipeKm: number;
  readonly capexEur: number;
  readonly annualValueEur: number;
}

const NONE: ClusterNetwork = { connected: [], deliveredMWh: [], pipeKm: 0, capexEur: 0, annualValueEur: 0 };

/** The network connecting exactly `consumers` (indices), priced; not optimised over subsets. */
export function networkOf(cluster: HeatCluster, consumers: readonly number[], p: EconomicParams = DEFAULT_ECONOMIC_PARAMS): ClusterNetwork {
  if (consumers.length === 0) return NONE;
  const { supplier } = cluster;
  // Deliveries: the most valuable demand first, within the supply (optimal for one supply and linear values).
  const delivered = new Map<number, number>();
  let left = supplier.capacityMWh;
  for (const i of [...consumers].sort((a, b) => cluster.consumers[b]!.valuePerMWh - cluster.consumers[a]!.valuePerMWh || a - b)) {
    const take = Math.max(0, Math.min(left, cluster.consumers[i]!.demandMWh));
    delivered.set(i, take);
    left -= take;
  }
  // Minimum spanning tree (Prim) over the supplier (node -1) and the consumers.
  const nodes = [-1, ...consumers];
  const at = (n: number): Point => (n === -1 ? supplier : cluster.consumers[n]!);
  const parent = new Map<number, number>();
  const inTree = new Set<number>([-1]);
  const best = new Map<number, [number, number]>(consumers.map((n) => [n, [distanceKm(supplier, at(n)), -1]]));
  while (inTree.size < nodes.length) {
    let next = -2;
    let nextKm = Infinity;
    for (const [n, [km]] of best) if (!inTree.has(n) && (km < nextKm || (km === nextKm && n < next))) [next, nextKm] = [n, km];
    inTree.add(next);
    parent.set(next, best.get(next)![1]);
    best.delete(next);
    for (const [n, [km]] of best) {
      const d = distanceKm(at(next), at(n));
      if (d < km) best.set(n, [d, next]);
    }
  }
  const edgeKm = (n: number) => {
    const q = parent.get(n)!;
    return distanceKm(at(q), at(n));
  };
  // Heat each edge carries: the deliveries of everything below it.
  const carried = new Map<number, number>(consumers.map((n) => [n, delivered.get(n) ?? 0]));
  const depth = (n: number): number => (n === -1 ? 0 : 1 + depth(parent.get(n)!));
  for (const n of [...consumers].sort((a, b) => depth(b) - depth(a))) {
    const q = parent.get(n)!;
    if (q !== -1) carried.set(q, (carried.get(q) ?? 0) + carried.get(n)!);
  }
  let capex = 0;
  let pipeKm = 0;
  for (const n of consumers) {
    const km = edgeKm(n);
    pipeKm += km;
    capex += lineCapexEur(Mode.HeatPipe, km, (carried.get(n)! / supplier.hoursPerYear) * 1000, p);
  }
  const pathKm = (n: number): number => (n === -1 ? 0 : edgeKm(n) + pathKm(parent.get(n)!));
  let gross = 0;
  for (const n of consumers) gross += (delivered.get(n) ?? 0) * (1 - lineLossFraction(Mode.HeatPipe, pathKm(n), p)) * cluster.consumers[n]!.valuePerMWh;
  const annualValueEur = gross - capex / annuityFactor(p.discountRate, p.lifetimeYears) - capex * p.pipeMaintenanceShare;
  const connected = [...consumers].sort((a, b) => a - b);
  return { connected, deliveredMWh: connected.map((n) => delivered.get(n) ?? 0), pipeKm, capexEur: capex, annualValueEur };
}

/** Players of the game: the supplier (bit 0) and each consumer (bit i + 1). */
export const playerCount = (cluster: HeatCluster) => cluster.consumers.length + 1;

/**
 * v(S) for every coalition S (bitmask), and the network each would build. Exponential in the
 * number of consumers: clusters are limited to 12 members.
 */
export function coalitionValues(cluster: HeatCluster, p: EconomicParams = DEFAULT_ECONOMIC_PARAMS): { values: Float64Array; networks: ClusterNetwork[] } {
  const n = playerCount(cluster);
  if (n > 12) throw new Error(`a heat cluster has at most 12 members, got ${n}`);
  const size = 1 << n;
  const values = new Float64Array(size);
  const networks: ClusterNetwork[] = new Array<ClusterNetwork>(size).fill(NONE);
  // By increasing coalition: a coalition may leave any member unconnected, so v(S) ≥ v(S∖{i}).
  for (let c = 1; c < size; c++) {
    if ((c & 1) === 0) continue;
    const members = [...cluster.consumers.keys()].filter((i) => c & (1 << (i + 1)));
    let bestNet = networkOf(cluster, members, p);
    for (const i of members) {
      const without = networks[c & ~(1 << (i + 1))]!;
      if (values[c & ~(1 << (i + 1))]! > bestNet.annualValueEur) bestNet = without;
    }
    networks[c] = bestNet.annualValueEur > 0 ? bestNet : NONE;
    values[c] = Math.max(0, bestNet.annualValueEur);
  }
  return { values, networks };
}

/** A cluster's value, its network and each member's Shapley share of it (€/yr, by org id). */
export interface ClusterSplit {
  readonly annualValueEur: number;
  readonly network: ClusterNetwork;
  /** The same value if every consumer built its own line from the supplier (pairs alone). */
  readonly pairsAloneEur: number;
  readonly shares: Readonly<Record<string, number>>;
}

/** Solve a cluster: the grand coalition's network and the exact Shapley split of its value. */
export function splitCluster(cluster: HeatCluster, p: EconomicParams = DEFAULT_ECONOMIC_PARAMS): ClusterSplit {
  const { values, networks } = coalitionValues(cluster, p);
  const n = playerCount(cluster);
  const phi = shapleyValues(n, (c) => values[c]!);
  const shares: Record<string, number> = {};
  const orgs = [cluster.supplier.orgId, ...cluster.consumers.map((c) => c.orgId)];
  orgs.forEach((org, i) => (shares[org] = (shares[org] ?? 0) + phi[i]!));
  const pairsAloneEur = cluster.consumers.reduce((sum, _, i) => sum + values[1 | (1 << (i + 1))]!, 0);
  return { annualValueEur: values[(1 << n) - 1]!, network: networks[(1 << n) - 1]!, pairsAloneEur, shares };
}
