/**
 * The civic projection reads the sites and flows around a region and the latest day's
 * carbon rollups of those sites (issue 14, "fast on the 100k-site region"), each as one
 * query whose cost should follow the region, not the table:
 * - the boxes are tested on `geog::geometry` (a lat/lon box, as the hexagons are), which
 *   the GiST on the geography does not serve: a GiST on that expression for `site_index` and
 *   `flow_index`;
 * - `daily_rollups`' primary key leads with the day and the organization, so a site's rows
 *   of a day meant scanning the whole day: an index on (projection, day, site_id).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create index if not exists site_index_geom_gist on site_index using gist ((geog::geometry))");
  await knex.raw("create index if not exists flow_index_geom_gist on flow_index using gist ((geog::geometry))");
  await knex.raw("create index if not exists daily_rollups_projection_day_site on daily_rollups (projection, day, site_id)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists daily_rollups_projection_day_site");
  await knex.raw("drop index if exists flow_index_geom_gist");
  await knex.raw("drop index if exists site_index_geom_gist");
}
