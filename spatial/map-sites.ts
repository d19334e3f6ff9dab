/**
 * Sites for the map: every indexed site in a bounding box with its role (does it offer,
 * need, or both) and the resource types of its flows. The box is compared in plain
 * lon/lat (a geography envelope bulges and breaks down for world-sized boxes). No quantities and no names: the
 * route decides which sites are the caller's own and reveals only their names.
 */
import type { Knex } from "knex";

/** What a site's flows make of it on the map. */
export type MapSiteRole = "supplier" | "consumer" | "both" | "none";

/** One site as the map query returns it. */
export interface MapSiteRow {
  readonly siteId: string;
  readonly orgId: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly role: MapSiteRole;
  readonly resourceTypes: readonly string[];
}

/** A bounding box in degrees. */
export interface BoundingBox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** Sites inside the box (up to `limit`), optionally only those with a flow of one resource type. */
export async function mapSitesInBox(
  knex: Knex,
  box: BoundingBox,
  options: { readonly limit: number; readonly resourceType?: string | undefined },
): Promise<{ rows: MapSiteRow[]; truncated: boolean }> {
  const result = await knex.raw<{ rows: { site_id: string; org_id: string; name: string; lat: number; lon: number; offers: boolean | null; needs: boolean | null; types: string[] | null }[] }>(
    `select s.site_id, s.org_id, s.name,
            st_y(s.geog::geometry) as lat, st_x(s.geog::geometry) as lon,
            bool_or(f.direction = 'offer') as offers, bool_or(f.direction = 'need') as needs,
            array_remove(array_agg(distinct f.resource_type), null) as types
     from site_index s
     left join flow_index f on f.site_id = s.site_id
     where s.geog::geometry && st_makeenvelope(?, ?, ?, ?, 4326)
     group by s.site_id
     having (?::text is null or bool_or(f.resource_type = ?::text))
     order by s.site_id
     limit ?`,
    [box.west, box.south, box.east, box.north, options.resourceType ?? null, options.resourceType ?? null, options.limit + 1],
  );
  const rows = result.rows.slice(0, options.limit).map((r): MapSiteRow => ({
    siteId: r.site_id,
    orgId: r.org_id,
    name: r.name,
    lat: Number(r.lat),
    lon: Number(r.lon),
    role: r.offers && r.needs ? "both" : r.offers ? "supplier" : r.needs ? "consumer" : "none",
    resourceTypes: [...(r.types ?? [])].sort(),
  }));
  return { rows, truncated: result.rows.length > options.limit };
}

/** One indexed site of an organization, for the map's search. */
export interface OrgSiteRow {
  readonly siteId: string;
  readonly orgId: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

/** The indexed sites of these organizations (up to `limit`), by name. */
export async function sitesOfOrgs(knex: Knex, orgIds: readonly string[], limit: number): Promise<OrgSiteRow[]> {
  if (orgIds.length === 0) return [];
  const rows = (await knex("site_index")
    .whereIn("org_id", orgIds)
    .select("site_id", "org_id", "name", knex.raw("st_y(geog::geometry) as lat"), knex.raw("st_x(geog::geometry) as lon"))
    .orderBy([{ column: "name" }, { column: "site_id" }])
    .limit(limit)) as { site_id: string; org_id: string; name: string; lat: number; lon: number }[];
  return rows.map((r) => ({ siteId: r.site_id, orgId: r.org_id, name: r.name, lat: Number(r.lat), lon: Number(r.lon) }));
}
