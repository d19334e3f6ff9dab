/**
 * Regions as the services projection needs them: the names of the codes a service serves,
 * every region a region lies in (a country's provider serves its municipalities), and every
 * region a match's supply site lies in, most specific first — the routing rule's input
 * (matching/service-routing.ts). Read from the loaded boundaries (spatial/regions.ts).
 */
import type { Knex } from "knex";

/** A loaded region, by code. */
export interface NamedRegion {
  readonly code: string;
  readonly name: string;
}

/** The loaded regions among these codes (one per code: the smallest of any level); unknown codes are absent. */
export async function regionsByCode(knex: Knex, codes: readonly string[]): Promise<Map<string, NamedRegion>> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return new Map();
  const { rows } = await knex.raw<{ rows: { code: string; name: string }[] }>(
    "select distinct on (code) code, name from region_boundaries where code = any(?::text[]) order by code, area_km2",
    [wanted],
  );
  return new Map(rows.map((r) => [r.code, { code: r.code, name: r.name }]));
}

/**
 * The region `code` and every loaded region containing it (a point on its surface), most
 * specific first; empty when the code is not loaded.
 */
export async function enclosingRegions(knex: Knex, code: string): Promise<NamedRegion[]> {
  const { rows } = await knex.raw<{ rows: { code: string; name: string }[] }>(
    `with r as (select st_pointonsurface(geom) as pt, area_km2 from region_boundaries where code = ? order by area_km2 limit 1)
     select b.code, min(b.name) as name, min(b.area_km2) as area
     from r join region_boundary_parts x on st_intersects(x.geom, r.pt)
     join region_boundaries b on b.level = x.level and b.code = x.code and b.area_km2 >= r.area_km2
     group by b.code order by area, b.code`,
    [code],
  );
  const out = rows.map((r) => ({ code: r.code, name: r.name }));
  // The point on the surface may fall in a smaller neighbour's sliver; the region itself comes first regardless.
  const self = out.find((r) => r.code === code);
  return self ? [self, ...out.filter((r) => r.code !== code)] : out;
}

/**
 * Every region each flow's site lies in, most specific first: the site's own region as the
 * index holds it (which may be the nearest boundary, for a harbour site just off a coarse
 * coast), then every loaded boundary containing the site, and last a region code the site
 * declares that no loaded boundary has (named by its code: "no facilitator serves DE6"). Unknown flows are absent; a
 * site in no region has an empty list.
 */
export async function flowRegionChains(knex: Knex, flowIds: readonly string[]): Promise<Map<string, NamedRegion[]>> {
  const ids = [...new Set(flowIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await knex.raw<{ rows: { flow_id: string; code: string | null; name: string | null; rank: number }[] }>(
    `select f.flow_id, c.code, c.name, c.rank
     from flow_index f join site_index s on s.site_id = f.site_id
     left join lateral (
       select code, min(name) as name, min(rank) as rank from (
         select b.code, b.name, -1::float8 as rank from region_boundaries b where b.code = s.region_code
         union all
         -- A region the site declares that no loaded boundary has: last, named by its code.
         select s.region_code, s.region_code, 'Infinity'::float8 from (select 1) as one
         where s.region_code is not null and not exists (select 1 from region_boundaries b where b.code = s.region_code)
         union all
         select b.code, b.name, b.area_km2 as rank
         from region_boundary_parts x join region_boundaries b on b.level = x.level and b.code = x.code
         where st_intersects(x.geom, s.geog::geometry)
       ) as hits group by code
     ) c on true
     where f.flow_id = any(?::text[])
     order by f.flow_id, c.rank, c.code`,
    [ids],
  );
  const out = new Map<string, NamedRegion[]>();
  for (const r of rows) {
    const list = out.get(r.flow_id) ?? [];
    if (r.code !== null) list.push({ code: r.code, name: r.name ?? r.code });
    out.set(r.flow_id, list);
  }
  return out;
}
