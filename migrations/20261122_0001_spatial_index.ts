/**
 * The derived spatial index: sites and flow summaries rebuilt from Neo4j at any time
 * (`npm run reindex`). Flows carry their site's point too, so the matching prefilter is a
 * single GiST-indexed ST_DWithin without a join.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create extension if not exists postgis");

  await knex.schema.createTable("site_index", (t) => {
    t.text("site_id").primary();
    t.text("org_id").notNullable();
    t.text("name").notNullable();
    t.text("region_code");
    t.specificType("geog", "geography(Point, 4326)").notNullable();
    t.integer("version").notNullable();
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["org_id"]);
  });
  await knex.raw("create index site_index_geog_gist on site_index using gist (geog)");

  await knex.schema.createTable("flow_index", (t) => {
    t.text("flow_id").primary();
    t.text("site_id").notNullable().references("site_id").inTable("site_index").onDelete("cascade");
    t.text("org_id").notNullable();
    t.text("direction").notNullable().checkIn(["offer", "need"]);
    t.text("resource_type").notNullable();
    t.double("annual_quantity").notNullable();
    t.text("canonical_unit").notNullable();
    t.double("peak_kw");
    t.double("temperature_c");
    t.text("hazard_class");
    t.integer("months_mask").notNullable().defaultTo(4095);
    t.date("available_from");
    t.date("available_until");
    t.text("precision").notNullable().checkIn(["rough", "estimated", "measured"]);
    t.specificType("geog", "geography(Point, 4326)").notNullable();
    t.integer("version").notNullable();
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["resource_type", "direction"]);
    t.index(["site_id"]);
    t.index(["org_id"]);
  });
  await knex.raw("create index flow_index_geog_gist on flow_index using gist (geog)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("flow_index");
  await knex.schema.dropTableIfExists("site_index");
}
