/**
 * Where resource flows are: each flow's owner and resource type with its site and the
 * site's location, for views that place a match on the map (the realtime bridge).
 */
import type { Driver } from "neo4j-driver";

/** One flow with its site (null members when the flow has no site any more). */
export interface FlowSite {
  readonly flowId: string;
  readonly orgId: string;
  readonly resourceType: string | null;
  readonly siteId: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
}

/** These flows with their sites (unknown ids are absent). */
export async function flowSites(neo4j: Driver, ids: readonly string[]): Promise<Map<string, FlowSite>> {
  if (ids.length === 0) return new Map();
  const { records } = await neo4j.executeQuery(
    `UNWIND $ids AS id
     MATCH (f:ResourceFlow {id: id})
     OPTIONAL MATCH (s:Site)-[:OFFERS|NEEDS]->(f)
     RETURN f.id AS flowId, f.orgId AS orgId, f.resourceType AS resourceType, s.id AS siteId,
            s.location.latitude AS lat, s.location.longitude AS lon`,
    { ids: [...new Set(ids)] },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("flowId") as string, r.toObject() as FlowSite]));
}
