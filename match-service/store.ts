/**
 * Where matches are kept: `(:Match)` nodes linked to both flows (the match graph that
 * chains walk) and the `match_history` ledger, written only when a match is new, its
 * score or route changed, or it is withdrawn.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { RankedMatch } from "../matching/index.ts";

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
  readonly factors: string;
  readonly economics: string;
  readonly relaxed: boolean;
  readonly updatedAt: string;
}

/** What persisting did, per match id. */
export interface PersistOutcome {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

const SCORE_EPSILON = 1e-9;

/** The graph row of a ranked match `id`, given both flows' versions. */
export function storedMatch(id: string, m: RankedMatch, versions: ReadonlyMap<string, number>, relaxed: boolean, now: string): StoredMatch {
  return {
    id,
    supplyFlowId: m.supplyFlowId,
    demandFlowId: m.demandFlowId,
    supplyOrgId: m.supplyOrgId,
    demandOrgId: m.demandOrgId,
    supplyVersion: versions.get(m.supplyFlowId) ?? 0,
    demandVersion: versions.get(m.demandFlowId) ?? 0,
    offerType: m.offerType,
    needType: m.needType,
    score: m.score,
    route: m.route.decision,
    distanceKm: m.distanceKm,
    annualValueEur: m.economics.annualSavingsEur,
    factors: JSON.stringify(m.factors),
    economics: JSON.stringify(m.economics),
    relaxed,
    updatedAt: now,
  };
}

const UPSERT = `
UNWIND $rows AS r
MATCH (s:ResourceFlow {id: r.supplyFlowId})
MATCH (d:ResourceFlow {id: r.demandFlowId})
OPTIONAL MATCH (old:Match {id: r.id})
WITH r, s, d, old IS NOT NULL AS existed, old.score AS oldScore, old.route AS oldRoute
MERGE (m:Match {id: r.id})
SET m += r
MERGE (m)-[:SUPPLY]->(s)
MERGE (m)-[:DEMAND]->(d)
RETURN r.id AS id, existed, oldScore, oldRoute`;

/** Upsert `:Match` nodes and append ledger rows for the new and changed ones. */
export async function persistMatches(neo4j: Driver, knex: Knex, rows: readonly StoredMatch[]): Promise<PersistOutcome> {
  const out: PersistOutcome = { created: [], updated: [], unchanged: [] };
  if (rows.length === 0) return out;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const { records } = await neo4j.executeQuery(UPSERT, { rows: [...byId.values()] });
  const ledger: StoredMatch[] = [];
  const events: string[] = [];
  for (const rec of records) {
    const id = rec.get("id") as string;
    const row = byId.get(id)!;
    const existed = rec.get("existed") as boolean;
    const oldScore = rec.get("oldScore") as number | null;
    const oldRoute = rec.get("oldRoute") as string | null;
    if (!existed) out.created.push(id);
    else if (oldScore === null || Math.abs(oldScore - row.score) > SCORE_EPSILON || oldRoute !== row.route) out.updated.push(id);
    else {
      out.unchanged.push(id);
      continue;
    }
    ledger.push(row);
    events.push(existed ? "updated" : "created");
  }
  await appendHistory(knex, ledger, events);
  return out;
}

async function appendHistory(knex: Knex, rows: readonly StoredMatch[], events: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await knex("match_history").insert(
      part.map((r, k) => ({
        match_id: r.id,
        supply_flow_id: r.supplyFlowId,
        demand_flow_id: r.demandFlowId,
        supply_version: r.supplyVersion,
        demand_version: r.demandVersion,
        score: r.score,
        route: r.route,
        factors: r.factors,
        economics: r.economics,
        event: events[i + k]!,
      })),
    );
  }
}

function fromProps(p: Record<string, unknown>): StoredMatch {
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
    route: p.route as "auto" | "facilitator",
    distanceKm: Number(p.distanceKm ?? 0),
    annualValueEur: Number(p.annualValueEur ?? 0),
    factors: (p.factors as string) ?? "{}",
    economics: (p.economics as string) ?? "{}",
    relaxed: Boolean(p.relaxed),
    updatedAt: String(p.updatedAt ?? ""),
  };
}

/** Stored matches by id. */
export async function readMatches(neo4j: Driver, ids: readonly string[]): Promise<Map<string, StoredMatch>> {
  const { records } = await neo4j.executeQuery("UNWIND $ids AS id MATCH (m:Match {id: id}) RETURN properties(m) AS p", { ids: [...ids] }, { routing: "READ" });
  return new Map(records.map((r) => {
    const m = fromProps(r.get("p") as Record<string, unknown>);
    return [m.id, m];
  }));
}

/** Stored matches in which a flow takes part. */
export async function matchesOfFlow(neo4j: Driver, flowId: string): Promise<StoredMatch[]> {
  const { records } = await neo4j.executeQuery(
    `MATCH (m:Match {supplyFlowId: $id}) RETURN properties(m) AS p
     UNION MATCH (m:Match {demandFlowId: $id}) RETURN properties(m) AS p`,
    { id: flowId },
    { routing: "READ" },
  );
  return records.map((r) => fromProps(r.get("p") as Record<string, unknown>));
}

/** Delete `:Match` nodes and record their withdrawal in the ledger; returns what was withdrawn. */
export async function withdrawMatches(neo4j: Driver, knex: Knex, ids: readonly string[]): Promise<StoredMatch[]> {
  if (ids.length === 0) return [];
  const { records } = await neo4j.executeQuery(
    "UNWIND $ids AS id MATCH (m:Match {id: id}) WITH m, properties(m) AS p DETACH DELETE m RETURN p",
    { ids: [...new Set(ids)] },
  );
  const gone = records.map((r) => fromProps(r.get("p") as Record<string, unknown>));
  await appendHistory(knex, gone, gone.map(() => "withdrawn"));
  return gone;
}

/**
 * The flows and organizations of a match that is no longer in the graph (withdrawn,
 * declined), from its last ledger row and the spatial index; undefined when unknown or
 * when either flow is gone.
 */
export async function lastKnownParties(knex: Knex, matchId: string): Promise<{ supplyFlowId: string; demandFlowId: string; supplyOrgId: string; demandOrgId: string } | undefined> {
  const row = (await knex("match_history").where({ match_id: matchId }).orderBy("id", "desc").first("supply_flow_id", "demand_flow_id")) as
    | { supply_flow_id: string; demand_flow_id: string }
    | undefined;
  if (!row) return undefined;
  const flows = (await knex("flow_index").whereIn("flow_id", [row.supply_flow_id, row.demand_flow_id]).select("flow_id", "org_id")) as { flow_id: string; org_id: string }[];
  const org = new Map(flows.map((f) => [f.flow_id, f.org_id]));
  const supplyOrgId = org.get(row.supply_flow_id);
  const demandOrgId = org.get(row.demand_flow_id);
  if (!supplyOrgId || !demandOrgId) return undefined;
  return { supplyFlowId: row.supply_flow_id, demandFlowId: row.demand_flow_id, supplyOrgId, demandOrgId };
}
