/**
 * Where matches are kept: `(:Match)` nodes linked to both flows (the match graph that
 * chains walk) and the `match_history` ledger, written only when a match is new, its
 * score or route changed, or it is withdrawn. Every read and write of either lives here
 * (chains.ts walks the match graph for its own projection); nodes are decoded by
 * stored-match.ts.
 */
import neo4jDriver, { type Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { decodeStoredMatch, type StoredMatch } from "./stored-match.ts";
import { routeFacilitatedMatches } from "./service-routing.ts";

/** What persisting did, per match id. */
export interface PersistOutcome {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

const SCORE_EPSILON = 1e-9;

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
  // A facilitated match new to the queue goes to a facilitator who fits it (or the shared queue), once.
  await routeFacilitatedMatches({ neo4j, knex }, ledger.filter((r) => r.route === "facilitator").map((r) => r.id));
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

/** Stored matches by id. */
export async function readMatches(neo4j: Driver, ids: readonly string[]): Promise<Map<string, StoredMatch>> {
  const { records } = await neo4j.executeQuery("UNWIND $ids AS id MATCH (m:Match {id: id}) RETURN properties(m) AS p", { ids: [...ids] }, { routing: "READ" });
  return new Map(records.map((r) => {
    const m = decodeStoredMatch(r.get("p") as Record<string, unknown>);
    return [m.id, m];
  }));
}

/**
 * Every stored match that shares a supply or a need with the given flows: the matches that
 * compete for the same by-product, or for the same need's demand (allocation.ts).
 * Bounded to `limit` rows, best score first.
 */
export async function competingMatches(neo4j: Driver, supplyFlowIds: readonly string[], demandFlowIds: readonly string[], limit = 2_000): Promise<StoredMatch[]> {
  const { records } = await neo4j.executeQuery(
    `CALL () {
       UNWIND $supplies AS s MATCH (m:Match {supplyFlowId: s}) RETURN m
       UNION
       UNWIND $demands AS d MATCH (m:Match {demandFlowId: d}) RETURN m
     }
     RETURN properties(m) AS p ORDER BY m.score DESC, m.id LIMIT $limit`,
    { supplies: [...supplyFlowIds], demands: [...demandFlowIds], limit: neo4jDriver.int(limit) },
    { routing: "READ" },
  );
  return records.map((r) => decodeStoredMatch(r.get("p") as Record<string, unknown>));
}

/** Which part of the facilitator queue to read: unclaimed matches, claimed ones, or both. */
export type QueueStatus = "open" | "claimed" | "all";

/** Which queued matches a page lists: by claim status, and optionally one resource type (offered or needed) and a minimum score. */
export interface QueueFilter {
  readonly status: QueueStatus;
  readonly resourceType?: string | undefined;
  readonly minScore?: number | undefined;
  /** Only the matches routed to this facilitator's own queue, or only the shared queue's (routed to no one); absent: both. */
  readonly routed?: { readonly facilitatorId: string } | "shared" | undefined;
}

/** Where a page of the queue starts: after this score and id (the queue's order). */
export interface QueuePosition {
  readonly score: number;
  readonly id: string;
}

/**
 * Matches routed to a facilitator, best first (score descending, then id): `claimed` lists
 * the claimed match ids (the facilitator_claims ledger) that `status` keeps or leaves out;
 * withdrawn matches are deleted from the graph, so they drop out.
 */
export async function queuedMatches(
  neo4j: Driver,
  page: QueueFilter & { readonly claimed: readonly string[]; readonly after: QueuePosition | null; readonly limit: number },
): Promise<StoredMatch[]> {
  const { records } = await neo4j.executeQuery(
    `MATCH (m:Match) WHERE m.route = 'facilitator'
       AND ($status = 'all' OR ($status = 'claimed') = (m.id IN $claimed))
       AND ($resourceType IS NULL OR m.offerType = $resourceType OR m.needType = $resourceType)
       AND m.score >= $minScore
       AND ($routedTo IS NULL OR ($routedTo = '' AND m.routedFacilitatorId IS NULL) OR m.routedFacilitatorId = $routedTo)
       AND ($afterId IS NULL OR m.score < $afterScore OR (m.score = $afterScore AND m.id > $afterId))
     WITH m ORDER BY m.score DESC, m.id ASC LIMIT toInteger($limit)
     RETURN properties(m) AS p
     ORDER BY m.score DESC, m.id ASC`,
    { status: page.status, routedTo: page.routed === undefined ? null : page.routed === "shared" ? "" : page.routed.facilitatorId, resourceType: page.resourceType ?? null, minScore: page.minScore ?? 0, claimed: [...page.claimed], afterId: page.after?.id ?? null, afterScore: page.after?.score ?? null, limit: page.limit },
    { routing: "READ" },
  );
  return records.map((r) => decodeStoredMatch(r.get("p") as Record<string, unknown>));
}

/**
 * Every stored match on the supplies an organization takes part in: the supplies it offers,
 * and those it is matched to as a consumer, with all their matches (the other consumers too).
 * Heat clusters (clusters.ts) are built from them. Bounded to `limit` rows, by supply, best first.
 */
export async function matchesOnSuppliesOfOrg(neo4j: Driver, orgId: string, limit = 2_000): Promise<StoredMatch[]> {
  const { records } = await neo4j.executeQuery(
    `CALL () {
       MATCH (m:Match {supplyOrgId: $org}) RETURN m.supplyFlowId AS s
       UNION
       MATCH (m:Match {demandOrgId: $org}) RETURN m.supplyFlowId AS s
     }
     MATCH (x:Match {supplyFlowId: s})
     RETURN properties(x) AS p ORDER BY x.supplyFlowId, x.score DESC, x.id LIMIT $limit`,
    { org: orgId, limit: neo4jDriver.int(limit) },
    { routing: "READ" },
  );
  return records.map((r) => decodeStoredMatch(r.get("p") as Record<string, unknown>));
}

/** Stored matches in which a flow takes part. */
export async function matchesOfFlow(neo4j: Driver, flowId: string): Promise<StoredMatch[]> {
  const { records } = await neo4j.executeQuery(
    `MATCH (m:Match {supplyFlowId: $id}) RETURN properties(m) AS p
     UNION MATCH (m:Match {demandFlowId: $id}) RETURN properties(m) AS p`,
    { id: flowId },
    { routing: "READ" },
  );
  return records.map((r) => decodeStoredMatch(r.get("p") as Record<string, unknown>));
}

/** Delete `:Match` nodes and record their withdrawal in the ledger; returns what was withdrawn. */
export async function withdrawMatches(neo4j: Driver, knex: Knex, ids: readonly string[]): Promise<StoredMatch[]> {
  if (ids.length === 0) return [];
  const { records } = await neo4j.executeQuery(
    "UNWIND $ids AS id MATCH (m:Match {id: id}) WITH m, properties(m) AS p DETACH DELETE m RETURN p",
    { ids: [...new Set(ids)] },
  );
  const gone = records.map((r) => decodeStoredMatch(r.get("p") as Record<string, unknown>));
  await appendHistory(knex, gone, gone.map(() => "withdrawn"));
  return gone;
}

/** A match's latest row in the `match_history` ledger: what last happened to it. */
export interface MatchLedgerEvent {
  /** The ledger row id: grows with every change of any match. */
  readonly revision: number;
  readonly matchId: string;
  readonly event: "created" | "updated" | "withdrawn";
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly score: number;
  readonly route: StoredMatch["route"];
}

/** The latest ledger row of each of these matches (matches never persisted are absent). */
export async function latestMatchEvents(knex: Knex, ids: readonly string[]): Promise<Map<string, MatchLedgerEvent>> {
  const rows = (await knex("match_history")
    .distinctOn("match_id")
    .select("id", "match_id", "event", "supply_flow_id", "demand_flow_id", "score", "route")
    .whereIn("match_id", [...ids])
    .orderBy([{ column: "match_id" }, { column: "id", order: "desc" }])) as {
    id: string | number;
    match_id: string;
    event: MatchLedgerEvent["event"];
    supply_flow_id: string;
    demand_flow_id: string;
    score: number;
    route: StoredMatch["route"];
  }[];
  return new Map(
    rows.map((r) => [
      r.match_id,
      { revision: Number(r.id), matchId: r.match_id, event: r.event, supplyFlowId: r.supply_flow_id, demandFlowId: r.demand_flow_id, score: Number(r.score), route: r.route },
    ]),
  );
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
