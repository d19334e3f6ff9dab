/** The few facts of resource flows that proposals check: owner, direction, resource type. */
import type { Driver } from "neo4j-driver";

/** One flow's owner, direction and type. */
export interface FlowFacts {
  readonly id: string;
  readonly orgId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
}

/** Facts of these flows (unknown ids are absent). */
export async function flowFacts(neo4j: Driver, ids: readonly string[]): Promise<Map<string, FlowFacts>> {
  const { records } = await neo4j.executeQuery(
    "UNWIND $ids AS id MATCH (f:ResourceFlow {id: id}) RETURN f.id AS id, f.orgId AS orgId, f.direction AS direction, f.resourceType AS resourceType",
    { ids: [...new Set(ids)] },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("id") as string, r.toObject() as FlowFacts]));
}
