/**
 * Graph context for scoring, in ONE Neo4j query: for the organizations of a source and
 * its candidates — their names (for presentation), existing partnerships among them,
 * past exchanges (PARTNERS_WITH count) and facilitators working with them.
 */
import type { Driver } from "neo4j-driver";
import type { MatchContext } from "../matching/index.ts";

/** Context for the engine plus the organization names the API reveals. */
export interface GraphContext {
  readonly context: MatchContext;
  readonly orgNames: ReadonlyMap<string, string>;
}

const CYPHER = `
UNWIND $orgIds AS orgId
MATCH (a:Business {id: orgId})
OPTIONAL MATCH (a)-[p:PARTNERS_WITH]-(b:Business)
WITH a, collect(DISTINCT b.id) AS partners, count(p) AS exchanges
OPTIONAL MATCH (f:Facilitator)-[:FACILITATES|WORKS_WITH]->(a)
RETURN a.id AS id, a.name AS name, partners, exchanges, collect(DISTINCT f.id) AS facilitators`;

/** Read the context of these organizations (unknown ids are simply absent). */
export async function readGraphContext(neo4j: Driver, orgIds: readonly string[]): Promise<GraphContext> {
  const ids = [...new Set(orgIds)];
  const partnerships = new Map<string, Set<string>>();
  const facilitators = new Map<string, Set<string>>();
  const successfulExchanges = new Map<string, number>();
  const orgNames = new Map<string, string>();
  if (ids.length > 0) {
    const { records } = await neo4j.executeQuery(CYPHER, { orgIds: ids }, { routing: "READ" });
    const wanted = new Set(ids);
    for (const r of records) {
      const id = r.get("id") as string;
      orgNames.set(id, (r.get("name") as string | null) ?? id);
      const partners = (r.get("partners") as string[]).filter((p) => wanted.has(p));
      if (partners.length) partnerships.set(id, new Set(partners));
      const exchanges = Number(r.get("exchanges"));
      if (exchanges > 0) successfulExchanges.set(id, exchanges);
      const facs = r.get("facilitators") as string[];
      if (facs.length) facilitators.set(id, new Set(facs));
    }
  }
  return { context: { partnerships, facilitators, successfulExchanges }, orgNames };
}
