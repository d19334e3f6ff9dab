/** Organizations' names as the graph holds them (`Business.name`), for views that label both sides of a match. */
import type { Driver } from "neo4j-driver";

/** The names of these organizations; unknown ids (and unnamed nodes) are absent. */
export async function orgNames(neo4j: Driver, orgIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(orgIds)].filter(Boolean);
  if (ids.length === 0) return new Map();
  const { records } = await neo4j.executeQuery("UNWIND $ids AS id MATCH (b:Business {id: id}) WHERE b.name IS NOT NULL RETURN b.id AS id, b.name AS name", { ids }, { routing: "READ" });
  return new Map(records.map((r) => [r.get("id") as string, r.get("name") as string]));
}
