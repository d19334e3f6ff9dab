/**
 * Graph context for scoring: for the organizations of a source and its candidates —
 * their names (for presentation), existing partnerships, past exchanges (PARTNERS_WITH
 * count), facilitators working with them and the flows their NACE class usually has (the
 * engine's tie-break). Read in ONE Neo4j query for the
 * organizations not already cached; each organization's entry is kept for a short while
 * (default 60 s), because partnerships change on the scale of contracts, not requests,
 * and the query would otherwise dominate a match's latency. A contract signed elsewhere
 * shows up in scores at most one TTL later.
 */
import type { Driver } from "neo4j-driver";
import type { MatchContext } from "../matching/index.ts";
import { typicalFlowsOfOrgs } from "./typical-flows.ts";

/** Context for the engine plus what the API shows of each organization (name, NACE code). */
export interface GraphContext {
  readonly context: MatchContext;
  readonly orgNames: ReadonlyMap<string, string>;
  readonly orgNace: ReadonlyMap<string, string>;
}

/** What the graph says about one organization. */
export interface OrgEntry {
  readonly name: string;
  readonly naceCode: string | null;
  readonly partners: readonly string[];
  readonly exchanges: number;
  readonly facilitators: readonly string[];
}

const CYPHER = `
UNWIND $orgIds AS orgId
MATCH (a:Business {id: orgId})
OPTIONAL MATCH (a)-[p:PARTNERS_WITH]-(b:Business)
WITH a, collect(DISTINCT b.id) AS partners, count(p) AS exchanges
OPTIONAL MATCH (f:Facilitator)-[:FACILITATES|WORKS_WITH]->(a)
RETURN a.id AS id, a.name AS name, a.nace AS nace, partners, exchanges, collect(DISTINCT f.id) AS facilitators`;

/** Read the entries of these organizations from the graph (unknown ids are absent). */
export async function fetchOrgEntries(neo4j: Driver, orgIds: readonly string[]): Promise<Map<string, OrgEntry>> {
  const out = new Map<string, OrgEntry>();
  if (orgIds.length === 0) return out;
  const { records } = await neo4j.executeQuery(CYPHER, { orgIds }, { routing: "READ" });
  for (const r of records) {
    const id = r.get("id") as string;
    out.set(id, {
      name: (r.get("name") as string | null) ?? id,
      naceCode: (r.get("nace") as string | null) ?? null,
      partners: r.get("partners") as string[],
      exchanges: Number(r.get("exchanges")),
      facilitators: r.get("facilitators") as string[],
    });
  }
  return out;
}

/** Assemble the engine's context for a set of organizations from their entries. */
export function assembleContext(entries: ReadonlyMap<string, OrgEntry>, orgIds: Iterable<string>): GraphContext {
  const wanted = new Set(orgIds);
  const partnerships = new Map<string, Set<string>>();
  const facilitators = new Map<string, Set<string>>();
  const successfulExchanges = new Map<string, number>();
  const orgNames = new Map<string, string>();
  const orgNace = new Map<string, string>();
  for (const id of wanted) {
    const e = entries.get(id);
    if (!e) continue;
    orgNames.set(id, e.name);
    if (e.naceCode) orgNace.set(id, e.naceCode);
    const partners = e.partners.filter((p) => wanted.has(p));
    if (partners.length) partnerships.set(id, new Set(partners));
    if (e.exchanges > 0) successfulExchanges.set(id, e.exchanges);
    if (e.facilitators.length) facilitators.set(id, new Set(e.facilitators));
  }
  return { context: { partnerships, facilitators, successfulExchanges, typicalFlows: typicalFlowsOfOrgs(orgNace) }, orgNames, orgNace };
}

/** A per-process cache of organization entries with a time to live. */
export interface OrgContextCache {
  /** Context for these organizations, reading only the missing or expired ones. */
  read(neo4j: Driver, orgIds: readonly string[]): Promise<GraphContext>;
  /** Forget some organizations (or all), e.g. after a contract between them. */
  invalidate(orgIds?: Iterable<string>): void;
}

/** Create a cache whose entries live `ttlMs` (0 disables caching). */
export function createOrgContextCache(ttlMs = 60_000, now: () => number = Date.now): OrgContextCache {
  const entries = new Map<string, { entry: OrgEntry | null; at: number }>();
  return {
    async read(neo4j, orgIds) {
      const ids = [...new Set(orgIds)];
      const t = now();
      const missing = ids.filter((id) => {
        const cached = entries.get(id);
        return !cached || t - cached.at >= ttlMs;
      });
      if (missing.length > 0) {
        const fetched = await fetchOrgEntries(neo4j, missing);
        // Unknown organizations are remembered as such too, so they do not cause a query each time.
        for (const id of missing) entries.set(id, { entry: fetched.get(id) ?? null, at: t });
      }
      const known = new Map<string, OrgEntry>();
      for (const id of ids) {
        const e = entries.get(id)?.entry;
        if (e) known.set(id, e);
      }
      if (entries.size > 200_000) entries.clear(); // bound memory on very large regions
      return assembleContext(known, ids);
    },
    invalidate(orgIds) {
      if (!orgIds) entries.clear();
      else for (const id of orgIds) entries.delete(id);
    },
  };
}

/** Read the context of these organizations without caching. */
export async function readGraphContext(neo4j: Driver, orgIds: readonly string[]): Promise<GraphContext> {
  const ids = [...new Set(orgIds)];
  return assembleContext(await fetchOrgEntries(neo4j, ids), ids);
}
