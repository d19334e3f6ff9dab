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
