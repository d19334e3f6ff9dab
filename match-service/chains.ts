/**
 * Multi-hop chains through the match graph (DESIGN.md: "A's output feeds B, whose output
 * feeds C"): Cypher enumerates 2–3-hop paths of `:Match` nodes through distinct
 * organizations that include the given one (in any position); the engine splits each
 * chain's yearly value among its members with exact Shapley values.
 */
import type { Driver } from "neo4j-driver";
import neo4j from "neo4j-driver";
import { chainShares, type ChainEdge } from "../matching/index.ts";

/** One exchange of a chain. */
export interface ChainEdgeView extends ChainEdge {
  readonly matchId: string;
  readonly score: number;
}

/** A ranked chain with its fair split. */
export interface ChainView {
  readonly orgs: readonly { readonly id: string; readonly name: string }[];
  readonly hops: number;
  readonly edges: readonly ChainEdgeView[];
  readonly totalValueEur: number;
  /** Shapley value per organization id, € per year; sums to totalValueEur. */
  readonly shares: Readonly<Record<string, number>>;
}

// Backward paths (length 0–2) ending at the organization, forward paths (0–2) starting
// there; every 2–3-hop chain through it is one backward + one forward path. Each hop is
// an index lookup on Match.supplyOrgId / Match.demandOrgId.
const CYPHER = `
CALL () {
  RETURN [] AS back
  UNION ALL
  MATCH (b1:Match {demandOrgId: $org}) RETURN [b1] AS back
  UNION ALL
  MATCH (b1:Match {demandOrgId: $org}) MATCH (b0:Match {demandOrgId: b1.supplyOrgId}) RETURN [b0, b1] AS back
}
WITH collect(back) AS backs
CALL () {
  RETURN [] AS fwd
  UNION ALL
  MATCH (f1:Match {supplyOrgId: $org}) RETURN [f1] AS fwd
  UNION ALL
  MATCH (f1:Match {supplyOrgId: $org}) MATCH (f2:Match {supplyOrgId: f1.demandOrgId}) RETURN [f1, f2] AS fwd
}
WITH backs, collect(fwd) AS fwds
UNWIND backs AS back
UNWIND fwds AS fwd
WITH back + fwd AS ms
WHERE size(ms) >= 2 AND size(ms) <= 3 AND all(m IN ms WHERE m.annualValueEur > 0)
WITH ms, [m IN ms | m.supplyOrgId] + [last(ms).demandOrgId] AS orgs
WHERE all(i IN range(0, size(orgs) - 2) WHERE NOT orgs[i] IN orgs[i + 1..])
RETURN [m IN ms | m {.id, .supplyOrgId, .demandOrgId, .supplyFlowId, .demandFlowId, .offerType, .annualValueEur, .score}] AS ms,
       [o IN orgs | {id: o, name: head(COLLECT { MATCH (b:Business {id: o}) RETURN b.name })}] AS orgs
LIMIT $rows`;

interface EdgeRow {
  id: string;
  supplyOrgId: string;
  demandOrgId: string;
  supplyFlowId: string;
  demandFlowId: string;
  offerType: string;
  annualValueEur: number;
  score: number;
}

/** Chains through an organization, most valuable first. */
export async function chainsForOrg(driver: Driver, orgId: string, limit = 20): Promise<ChainView[]> {
  const { records } = await driver.executeQuery(CYPHER, { org: orgId, rows: neo4j.int(5_000) }, { routing: "READ" });
  const best = new Map<string, ChainView>();
  for (const r of records) {
    const ms = r.get("ms") as EdgeRow[];
    const orgs = (r.get("orgs") as { id: string; name: string | null }[]).map((o) => ({ id: o.id, name: o.name ?? o.id }));
    const edges: ChainEdgeView[] = ms.map((m) => ({
      matchId: m.id,
      supplyOrgId: m.supplyOrgId,
      demandOrgId: m.demandOrgId,
      supplyFlowId: m.supplyFlowId,
      demandFlowId: m.demandFlowId,
      resourceType: m.offerType,
      annualValueEur: Number(m.annualValueEur),
      score: Number(m.score),
    }));
    const totalValueEur = edges.reduce((s, e) => s + e.annualValueEur, 0);
    // Between the same organizations in the same order only the most valuable chain counts.
    const key = orgs.map((o) => o.id).join("|");
    const prev = best.get(key);
    if (prev && prev.totalValueEur >= totalValueEur) continue;
    best.set(key, { orgs, hops: edges.length, edges, totalValueEur, shares: chainShares(orgs.map((o) => o.id), edges) });
  }
  return [...best.values()]
    .sort((a, b) => b.totalValueEur - a.totalValueEur || a.hops - b.hops || a.orgs.map((o) => o.id).join("|").localeCompare(b.orgs.map((o) => o.id).join("|")))
    .slice(0, limit);
}
