/** Every row of the spatial index, all columns but `updated_at`, points as text, in id order. */
import type { Knex } from "knex";

export async function indexSnapshot(knex: Knex) {
  const sites = await knex.raw(
    "select site_id, org_id, name, region_code, st_astext(geog) as geog, version from site_index order by site_id",
  );
  const flows = await knex.raw(
    `select flow_id, site_id, org_id, direction, resource_type, annual_quantity, canonical_unit, peak_kw, temperature_c,
            hazard_class, months_mask, available_from::text, available_until::text, precision, st_astext(geog) as geog, version
     from flow_index order by flow_id`,
  );
  return { sites: sites.rows as Record<string, unknown>[], flows: flows.rows as Record<string, unknown>[] };
}
