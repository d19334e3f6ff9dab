/**
 * The region hierarchy (issue 14): each boundary names the country it lies in, and each
 * indexed site carries its country beside its most specific region.
 *
 * `region_boundaries.country` is the ISO 3166-1 alpha-2 code of the boundary's country: its
 * own code for a `country` boundary, the country of a municipality or NUTS-3 region. It is
 * what lets civic aggregates roll a region up to its country without a spatial join.
 * `site_index.country_code` is the site's country, so per-country figures need no join.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("region_boundaries", (t) => {
    t.text("country");
    t.index(["country", "level"]);
  });
  await knex.raw("update region_boundaries set country = code where level = 'country'");
  await knex.schema.alterTable("site_index", (t) => {
    t.text("country_code");
    t.index(["country_code"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("site_index", (t) => t.dropColumn("country_code"));
  await knex.schema.alterTable("region_boundaries", (t) => t.dropColumn("country"));
}
