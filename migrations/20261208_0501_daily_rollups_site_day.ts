/**
 * The civic projection reads a day's carbon rollups of the sites around a region (issue 14,
 * "fast on the 100k-site region"): one query joining the sites in the region's box with
 * their rows of the latest day. The primary key leads with the day and the organization,
 * so a municipality's few hundred sites would scan the whole day; this index finds a site's
 * rows of a day directly.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("daily_rollups", (t) => {
    t.index(["projection", "day", "site_id"], "daily_rollups_projection_day_site");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("daily_rollups", (t) => {
    t.dropIndex(["projection", "day", "site_id"], "daily_rollups_projection_day_site");
  });
}
