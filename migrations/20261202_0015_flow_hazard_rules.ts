/**
 * A party's own matching rules in the spatial index, so the prefilter hands them to the
 * engine without a graph read: the hazard classes a need accepts, the farthest either side
 * ships or fetches, the least a need takes per year (canonical unit). Additive: every
 * column is nullable and filled by the write path and `npm run reindex`.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("flow_index", (t) => {
    t.specificType("accepted_hazard_classes", "text[]");
    t.double("max_distance_km");
    t.double("min_annual_quantity");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("flow_index", (t) => {
    t.dropColumns("accepted_hazard_classes", "max_distance_km", "min_annual_quantity");
  });
}
