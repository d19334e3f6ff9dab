/** Every site's stored document, page by page in id order (what `regions:assign` walks). */
import type { Driver } from "neo4j-driver";
import { toStored, type StoredEntity } from "../entity-store.ts";
import type { Site } from "../../domain/schemas/site.ts";

/** Up to `limit` sites with ids after `after` (all from the first when null), in id order. */
export async function sitePage(neo4j: Driver, after: string | null, limit: number): Promise<StoredEntity<Site>[]> {
  const { records } = await neo4j.executeQuery(
    `MATCH (n:Site) WHERE $after IS NULL OR n.id > $after
     RETURN n.id AS id, n.doc AS doc, n.version AS version, n.updatedAt AS updatedAt, n.contentHash AS hash, n.orgId AS orgId
     ORDER BY n.id LIMIT toInteger($limit)`,
    { after, limit },
    { routing: "READ" },
  );
  return records.map((r) => toStored<Site>(r.toObject()));
}

/** How many of these sites have no region. */
export async function countWithoutRegion(neo4j: Driver, ids: readonly string[]): Promise<number> {
  const { records } = await neo4j.executeQuery("UNWIND $ids AS id MATCH (s:Site {id: id}) WHERE s.region IS NULL RETURN count(s) AS n", { ids }, { routing: "READ" });
  return Number(records[0]?.get("n") ?? 0);
}
