/**
 * The prefilter looks for flows of a few compatible types within a radius. With only a
 * GiST index on the point, a bulk material's 200 km radius scans every flow in that box
 * and filters by type afterwards (16 ms for some flows of a 10k-site region); a composite
 * GiST index on (resource_type, direction, point) — btree_gist makes the text columns
 * indexable — probes only the right type (about 1–2 ms).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create extension if not exists btree_gist");
  await knex.raw("create index if not exists flow_index_type_direction_geog on flow_index using gist (resource_type, direction, geog)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index if exists flow_index_type_direction_geog");
}
