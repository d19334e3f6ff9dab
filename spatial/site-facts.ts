/**
 * What a match shows about a site besides its point: its name and the region it is
 * reported under (the most specific loaded boundary, by code and name). Read once per
 * computed result for the sites it shows, from the spatial index.
 */
import type { Knex } from "knex";

/** A site's name and region. */
export interface SiteFacts {
  readonly name: string;
  readonly region: { readonly code: string; readonly name: string } | null;
}

/** Names and regions of these sites (unknown ids are absent). */
export async function siteFacts(knex: Knex, siteIds: readonly string[]): Promise<Map<string, SiteFacts>> {
  const ids = [...new Set(siteIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await knex.raw<{ rows: { site_id: string; name: string; region_code: string | null; region_name: string | null }[] }>(
    `select s.site_id, s.name, s.region_code,
            (select b.name from region_boundaries b where b.code = s.region_code order by b.area_km2 nulls last limit 1) as region_name
     from site_index s where s.site_id = any(?::text[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [r.site_id, { name: r.name, region: r.region_code ? { code: r.region_code, name: r.region_name ?? r.region_code } : null }]),
  );
}

/** Where a flow is: its site's point and region. */
export interface FlowPlace {
  readonly lat: number;
  readonly lon: number;
  readonly region: SiteFacts["region"];
}

/** The point and region of these flows' sites (unknown flows are absent): the facilitator queue's map and region filter. */
export async function flowPlaces(knex: Knex, flowIds: readonly string[]): Promise<Map<string, FlowPlace>> {
  const ids = [...new Set(flowIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await knex.raw<{ rows: { flow_id: string; lat: number; lon: number; region_code: string | null; region_name: string | null }[] }>(
    `select f.flow_id, st_y(s.geog::geometry) as lat, st_x(s.geog::geometry) as lon, s.region_code,
            (select b.name from region_boundaries b where b.code = s.region_code order by b.area_km2 nulls last limit 1) as region_name
     from flow_index f join site_index s on s.site_id = f.site_id where f.flow_id = any(?::text[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [r.flow_id, { lat: Number(r.lat), lon: Number(r.lon), region: r.region_code ? { code: r.region_code, name: r.region_name ?? r.region_code } : null }]),
  );
}
