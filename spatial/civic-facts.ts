/**
 * What the civic projection reads from PostGIS: a region's boundary (its box), the sites and
 * flows around it (the spatial index, which the write path keeps equal to the graph), and
 * which hexagon centres lie inside it. Nothing here is published as read: the projection's
 * disclosure rule (projections/civic/disclosure.ts) decides what is.
 */
import type { Knex } from "knex";

/** A loaded region and its bounding box (degrees). */
export interface CivicRegion {
  readonly level: string;
  readonly code: string;
  readonly name: string;
  readonly bbox: { readonly west: number; readonly south: number; readonly east: number; readonly north: number };
}

/**
 * The region of `code` (at `level`, or the smallest loaded boundary with that code — the
 * same choice the site facts make), or null when none is loaded.
 */
export async function civicRegion(knex: Knex, code: string, level?: string): Promise<CivicRegion | null> {
  const { rows } = await knex.raw<{ rows: { level: string; code: string; name: string; west: number; south: number; east: number; north: number }[] }>(
    `select level, code, name, st_xmin(b.box) as west, st_ymin(b.box) as south, st_xmax(b.box) as east, st_ymax(b.box) as north
     from (select level, code, name, area_km2, st_envelope(geom::geometry) as box from region_boundaries
           where code = ? and (?::text is null or level = ?)) b
     order by area_km2 nulls last, level limit 1`,
    [code, level ?? null, level ?? null],
  );
  const r = rows[0];
  return r ? { level: r.level, code: r.code, name: r.name, bbox: { west: Number(r.west), south: Number(r.south), east: Number(r.east), north: Number(r.north) } } : null;
}

/** A region's boundary as GeoJSON, simplified for a map. */
export interface CivicRegionOutline {
  readonly level: string;
  readonly code: string;
  readonly name: string;
  /** A GeoJSON Polygon or MultiPolygon ([lon, lat], 5 decimals). */
  readonly geometry: { readonly type: "Polygon" | "MultiPolygon"; readonly coordinates: unknown[] };
}

/**
 * Tolerance of the outline's simplification, degrees: 0.0005° is ~55 m north–south, finer
 * than a line at the zoom a whole municipality fills the screen, and it cuts a 1:10m
 * country outline to a few thousand points.
 */
const OUTLINE_TOLERANCE_DEG = 0.0005;

/**
 * The boundary of the region `code` (at `level`, or the smallest loaded boundary with that
 * code, as {@link civicRegion} chooses), simplified without breaking its topology; null
 * when none is loaded. A boundary is public reference data: it names no company.
 */
export async function civicRegionOutline(knex: Knex, code: string, level?: string): Promise<CivicRegionOutline | null> {
  const { rows } = await knex.raw<{ rows: { level: string; code: string; name: string; geometry: string }[] }>(
    `select level, code, name, st_asgeojson(st_simplifypreservetopology(geom::geometry, ?), 5) as geometry
     from region_boundaries where code = ? and (?::text is null or level = ?)
     order by area_km2 nulls last, level limit 1`,
    [OUTLINE_TOLERANCE_DEG, code, level ?? null, level ?? null],
  );
  const r = rows[0];
  return r ? { level: r.level, code: r.code, name: r.name, geometry: JSON.parse(r.geometry) as CivicRegionOutline["geometry"] } : null;
}

/** Every loaded region without geometry, by level then name (the dashboard's picker). */
export async function civicRegionList(knex: Knex): Promise<{ level: string; code: string; name: string }[]> {
  return knex("region_boundaries").select("level", "code", "name").orderBy([{ column: "level" }, { column: "name" }, { column: "code" }]);
}

/** A site of the spatial index with its point. */
export interface CivicSite {
  readonly siteId: string;
  readonly orgId: string;
  readonly lat: number;
  readonly lon: number;
}

/** A flow of the spatial index with its site's point. */
export interface CivicFlow extends CivicSite {
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  /** Per year, in the canonical unit. */
  readonly annualQuantity: number;
}

type Box = CivicRegion["bbox"];
const ENVELOPE = "st_makeenvelope(?, ?, ?, ?, 4326)";

/** Sites whose point lies in the box. */
export async function civicSitesInBox(knex: Knex, box: Box): Promise<CivicSite[]> {
  const { rows } = await knex.raw<{ rows: { site_id: string; org_id: string; lat: number; lon: number }[] }>(
    `select site_id, org_id, st_y(geog::geometry) as lat, st_x(geog::geometry) as lon
     from site_index where st_intersects(geog::geometry, ${ENVELOPE})`,
    [box.west, box.south, box.east, box.north],
  );
  return rows.map((r) => ({ siteId: r.site_id, orgId: r.org_id, lat: Number(r.lat), lon: Number(r.lon) }));
}

/** Flows whose site lies in the box. */
export async function civicFlowsInBox(knex: Knex, box: Box): Promise<CivicFlow[]> {
  const { rows } = await knex.raw<{ rows: { site_id: string; org_id: string; lat: number; lon: number; direction: "offer" | "need"; resource_type: string; annual_quantity: number }[] }>(
    `select site_id, org_id, st_y(geog::geometry) as lat, st_x(geog::geometry) as lon, direction, resource_type, annual_quantity
     from flow_index where st_intersects(geog::geometry, ${ENVELOPE})`,
    [box.west, box.south, box.east, box.north],
  );
  return rows.map((r) => ({
    siteId: r.site_id,
    orgId: r.org_id,
    lat: Number(r.lat),
    lon: Number(r.lon),
    direction: r.direction,
    resourceType: r.resource_type,
    annualQuantity: Number(r.annual_quantity),
  }));
}

/** One receiving site's figure of a day's rollups, summed over its rows (stages, regions, organizations), with the spatial index's site. */
export interface CivicSiteFigure extends CivicSite {
  readonly resourceType: string;
  readonly metric: string;
  /** The rows' sum: per day, as the rollups hold it. */
  readonly value: number;
}

/**
 * A day's rollup figures of the sites whose point lies in the box, for one party role and
 * these metrics: one query (grouped by the site's key, which carries its organization and point), the box on the spatial index and each site's rows of the day by
 * the rollups' (projection, day, site) index. A rollup row whose site is not in the spatial
 * index is not read (as the sites themselves are not).
 */
export async function civicSiteRollupsInBox(knex: Knex, box: Box, f: { readonly projection: string; readonly day: string; readonly partyRole: string; readonly metrics: readonly string[] }): Promise<CivicSiteFigure[]> {
  const { rows } = await knex.raw<{ rows: { site_id: string; org_id: string; lat: number; lon: number; resource_type: string; metric: string; value: number }[] }>(
    `select s.site_id, s.org_id, st_y(s.geog::geometry) as lat, st_x(s.geog::geometry) as lon, r.resource_type, r.metric, sum(r.value) as value
     from site_index s
     join daily_rollups r on r.projection = ? and r.day = ?::date and r.site_id = s.site_id
     where st_intersects(s.geog::geometry, ${ENVELOPE}) and r.party_role = ? and r.metric = any(?::text[])
     group by s.site_id, r.resource_type, r.metric`,
    [f.projection, f.day, box.west, box.south, box.east, box.north, f.partyRole, [...f.metrics]],
  );
  return rows.map((r) => ({ siteId: r.site_id, orgId: r.org_id, lat: Number(r.lat), lon: Number(r.lon), resourceType: r.resource_type, metric: r.metric, value: Number(r.value) }));
}

/** Which of these points lie inside the region (level, code), in order. */
export async function pointsInRegion(knex: Knex, level: string, code: string, points: readonly { lat: number; lon: number }[]): Promise<boolean[]> {
  if (points.length === 0) return [];
  const { rows } = await knex.raw<{ rows: { i: number }[] }>(
    `select distinct p.i from json_to_recordset(?::json) as p(i int, lat float8, lon float8)
     join region_boundary_parts x on x.level = ? and x.code = ? and st_intersects(x.geom, st_setsrid(st_makepoint(p.lon, p.lat), 4326))`,
    [JSON.stringify(points.map((p, i) => ({ i, lat: p.lat, lon: p.lon }))), level, code],
  );
  const inside = new Set(rows.map((r) => Number(r.i)));
  return points.map((_, i) => inside.has(i));
}
