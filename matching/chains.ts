/**
 * Multi-hop chains: A's output feeds B, whose output feeds C (and on to D). Built from
 * pairwise matches between organizations; the joint benefit of a chain is split fairly
 * among its members with exact Shapley values.
 *
 * Characteristic function: v(S) = the summed yearly value of the chain's exchanges
 * whose supplier and consumer are both in S (an exchange happens only when both its
 * parties take part).
 */
import { shapleyValues } from "./shapley.ts";

/** A pairwise match between two organizations, as the graph stores it. */
export interface ChainEdge {
  readonly supplyOrgId: string;
  readonly demandOrgId: string;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly resourceType?: string;
  /** Joint yearly benefit of this exchange, €. */
  readonly annualValueEur: number;
}

/** A chain and its fair split. */
export interface Chain {
  /** Organizations in flow order: orgs[0] feeds orgs[1] … */
  readonly orgs: readonly string[];
  readonly edges: readonly ChainEdge[];
  readonly hops: number;
  readonly totalValueEur: number;
  /** Shapley value per organization, € per year; sums to totalValueEur. */
  readonly shares: Readonly<Record<string, number>>;
}

export interface ChainOptions {
  readonly minHops?: number;
  readonly maxHops?: number;
  readonly limit?: number;
  /** Outgoing edges kept per organization (best first), bounding the search. */
  readonly maxOutDegree?: number;
}

/** v(coalition) for the chain `edges` among `orgs` (coalition = bitmask over orgs). */
export function chainValue(orgs: readonly string[], edges: readonly ChainEdge[], coalition: number): number {
  let v = 0;
  for (const e of edges) {
    const a = orgs.indexOf(e.supplyOrgId);
    const b = orgs.indexOf(e.demandOrgId);
    if (a >= 0 && b >= 0 && coalition & (1 << a) && coalition & (1 << b)) v += e.annualValueEur;
  }
  return v;
}

/** Exact Shapley split of a chain's value among its organizations. */
export function chainShares(orgs: readonly string[], edges: readonly ChainEdge[]): Record<string, number> {
  const phi = shapleyValues(orgs.length, (c) => chainValue(orgs, edges, c));
  const out: Record<string, number> = {};
  orgs.forEach((o, i) => (out[o] = phi[i]!));
  return out;
}

/**
 * Finds chains of `minHops`..`maxHops` exchanges (default 2–3) through distinct
 * organizations, where each intermediate both receives (a need matched) and gives (an
 * offer matched). Between two organizations only their most valuable exchange counts.
 * Ranked by total value, then fewer hops, then lexicographic org ids.
 */
export function findChains(edges: readonly ChainEdge[], options: ChainOptions = {}): Chain[] {
  const minHops = options.minHops ?? 2;
  const maxHops = options.maxHops ?? 3;
  const limit = options.limit ?? 20;
  const maxOut = options.maxOutDegree ?? 20;
  const best = new Map<string, ChainEdge>();
  for (const e of edges) {
    if (e.supplyOrgId === e.demandOrgId || !(e.annualValueEur > 0)) continue;
    const k = `${e.supplyOrgId}\u0001${e.demandOrgId}`;
    const prev = best.get(k);
    if (!prev || e.annualValueEur > prev.annualValueEur) best.set(k, e);
  }
  const out = new Map<string, ChainEdge[]>();
  for (const e of best.values()) {
    const list = out.get(e.supplyOrgId) ?? [];
    list.push(e);
    out.set(e.supplyOrgId, list);
  }
  for (const list of out.values()) {
    list.sort((a, b) => b.annualValueEur - a.annualValueEur || a.demandOrgId.localeCompare(b.demandOrgId));
    list.length = Math.min(list.length, maxOut);
  }
  const chains: Chain[] = [];
  const walk = (path: ChainEdge[], orgs: string[]) => {
    if (path.length >= minHops) {
      const total = path.reduce((s, e) => s + e.annualValueEur, 0);
      chains.push({ orgs: [...orgs], edges: [...path], hops: path.length, totalValueEur: total, shares: chainShares(orgs, path) });
    }
    if (path.length >= maxHops) return;
    for (const e of out.get(orgs[orgs.length - 1]!) ?? []) {
      if (orgs.includes(e.demandOrgId)) continue;
      path.push(e);
      orgs.push(e.demandOrgId);
      walk(path, orgs);
      path.pop();
      orgs.pop();
    }
  };
  for (const [start, list] of out) for (const e of list) walk([e], [start, e.demandOrgId]);
  chains.sort(
    (a, b) => b.totalValueEur - a.totalValueEur || a.hops - b.hops || a.orgs.join("|").localeCompare(b.orgs.join("|")),
  );
  return chains.slice(0, limit);
}
