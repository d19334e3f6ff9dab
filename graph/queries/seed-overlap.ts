/** What a seed would meet in the graph: how much is there, and which of the seed's ids exist already. */
import type { Driver } from "neo4j-driver";

/** Counts per kind of node a seed writes. */
export interface SeedKindCounts {
  readonly businesses: number;
  readonly sites: number;
  readonly flows: number;
}

/** The graph's size, and how many of the given ids of each kind it already holds. */
export async function seedOverlap(
  neo4j: Driver,
  ids: { readonly businesses: readonly string[]; readonly sites: readonly string[]; readonly flows: readonly string[] },
): Promise<{ inGraph: SeedKindCounts; existing: SeedKindCounts }> {
  const { records } = await neo4j.executeQuery(
    `CALL { MATCH (b:Business) RETURN count(b) AS businesses }
     CALL { MATCH (s:Site) RETURN count(s) AS sites }
     CALL { MATCH (f:ResourceFlow) RETURN count(f) AS flows }
     CALL { UNWIND $businesses AS id MATCH (b:Business {id: id}) RETURN count(b) AS existingBusinesses }
     CALL { UNWIND $sites AS id MATCH (s:Site {id: id}) RETURN count(s) AS existingSites }
     CALL { UNWIND $flows AS id MATCH (f:ResourceFlow {id: id}) RETURN count(f) AS existingFlows }
     RETURN businesses, sites, flows, existingBusinesses, existingSites, existingFlows`,
    { businesses: ids.businesses, sites: ids.sites, flows: ids.flows },
    { routing: "READ" },
  );
  const r = records[0]!;
  const n = (key: string) => Number(r.get(key));
  return {
    inGraph: { businesses: n("businesses"), sites: n("sites"), flows: n("flows") },
    existing: { businesses: n("existingBusinesses"), sites: n("existingSites"), flows: n("existingFlows") },
  };
}
