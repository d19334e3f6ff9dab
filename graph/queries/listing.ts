/**
 * Read queries behind the REST lists: organizations, sites and flows, filtered, scoped to
 * the organizations a caller may see, ordered by id for cursor pagination.
 */
import neo4j, { type Driver } from "neo4j-driver";
import { toStored, type StoredEntity } from "../entity-store.ts";

/** Bounding box in degrees. */
export interface BBox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** Filters shared by the lists; `orgIds: null` means every organization. */
export interface ListFilter {
  readonly orgIds: readonly string[] | null;
  readonly after: string | null;
  readonly limit: number;
}

const RETURN_ENTITY = "RETURN n.id AS id, n.doc AS doc, n.version AS version, n.updatedAt AS updatedAt, n.contentHash AS hash, n.orgId AS orgId";

async function list<D>(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<StoredEntity<D>[]> {
  const { records } = await driver.executeQuery(cypher, params, { routing: "READ" });
  return records.map((r) => toStored<D>(r.toObject()));
}

const bboxParams = (bbox: BBox | undefined) =>
  bbox ? { sw: { latitude: bbox.south, longitude: bbox.west }, ne: { latitude: bbox.north, longitude: bbox.east } } : { sw: null, ne: null };

/** Organizations (businesses), optionally only some. */
export function listBusinesses<D>(driver: Driver, filter: ListFilter): Promise<StoredEntity<D>[]> {
  return list<D>(
    driver,
    `MATCH (n:Business)
     WHERE ($orgIds IS NULL OR n.id IN $orgIds) AND ($after IS NULL OR n.id > $after)
     ${RETURN_ENTITY} ORDER BY n.id LIMIT $limit`,
    { orgIds: filter.orgIds, after: filter.after, limit: neo4j.int(filter.limit + 1) },
  );
}

/** Sites, optionally within a bounding box. */
export function listSites<D>(driver: Driver, filter: ListFilter & { bbox?: BBox }): Promise<StoredEntity<D>[]> {
  return list<D>(
    driver,
    `MATCH (n:Site)
     WHERE ($orgIds IS NULL OR n.orgId IN $orgIds) AND ($after IS NULL OR n.id > $after)
       AND ($sw IS NULL OR point.withinBBox(n.location, point($sw), point($ne)))
     ${RETURN_ENTITY} ORDER BY n.id LIMIT $limit`,
    { orgIds: filter.orgIds, after: filter.after, limit: neo4j.int(filter.limit + 1), ...bboxParams(filter.bbox) },
  );
}

/** Flows, filtered by resource type, direction, site and the bounding box of their site. */
export function listFlows<D>(
  driver: Driver,
  filter: ListFilter & { bbox?: BBox; resourceType?: string; direction?: string; siteId?: string },
): Promise<StoredEntity<D>[]> {
  return list<D>(
    driver,
    `MATCH (s:Site)-[:OFFERS|NEEDS]->(n:ResourceFlow)
     WHERE ($orgIds IS NULL OR n.orgId IN $orgIds) AND ($after IS NULL OR n.id > $after)
       AND ($resourceType IS NULL OR n.resourceType = $resourceType)
       AND ($direction IS NULL OR n.direction = $direction)
       AND ($siteId IS NULL OR s.id = $siteId)
       AND ($sw IS NULL OR point.withinBBox(s.location, point($sw), point($ne)))
     ${RETURN_ENTITY} ORDER BY n.id LIMIT $limit`,
    {
      orgIds: filter.orgIds,
      after: filter.after,
      limit: neo4j.int(filter.limit + 1),
      resourceType: filter.resourceType ?? null,
      direction: filter.direction ?? null,
      siteId: filter.siteId ?? null,
      ...bboxParams(filter.bbox),
    },
  );
}
