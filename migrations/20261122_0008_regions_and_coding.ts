/**
 * Region boundaries by level, and the coding-help corrections ledger.
 *
 * `region_boundaries` replaces the placeholder of 0002 (one geography per code, no level):
 * the same code may exist on several levels ("DK" the country, "DK" a NUTS0 region), and
 * point-in-polygon over planar geometry with a GiST index is what locating sites needs.
 * Each boundary is also kept cut into small pieces (`region_boundary_parts`, ST_Subdivide):
 * a country outline has tens of thousands of vertices, and testing a point against small
 * pieces is what keeps locating a 1,000-site import chunk in milliseconds.
 *
 * `coding_corrections` holds the latest correction per description (what the coding help
 * uses); `coding_correction_history` keeps every correction ever made, append-only, so a
 * later correction never erases who said what earlier.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create extension if not exists postgis");

  // 0002's table had no loader, but copy whatever it holds rather than drop it blind.
  await knex.schema.createTable("region_boundaries_next", (t) => {
    t.text("level").notNullable();
    t.text("code").notNullable();
    t.text("name").notNullable();
    t.specificType("geom", "geometry(MultiPolygon, 4326)").notNullable();
    // Geodesic area: the smallest region containing a point is the most specific one.
    t.double("area_km2").notNullable();
    t.text("source").notNullable();
    // When the current geometry and name were loaded; a reload of identical data keeps it.
    t.timestamp("loaded_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["level", "code"]);
  });
  await knex.raw(
    `insert into region_boundaries_next (level, code, name, geom, area_km2, source)
     select distinct on (level, code) level, code, name,
            st_multi(st_collectionextract(st_makevalid(geom::geometry), 3)), st_area(geom) / 1e6, 'migration 0008'
     from region_boundaries order by level, code`,
  );
  await knex.schema.dropTable("region_boundaries");
  await knex.schema.renameTable("region_boundaries_next", "region_boundaries");
  await knex.raw("alter table region_boundaries rename constraint region_boundaries_next_pkey to region_boundaries_pkey");
  await knex.raw("create index region_boundaries_geom_gist on region_boundaries using gist (geom)");

  await knex.schema.createTable("region_boundary_parts", (t) => {
    t.bigIncrements("id").primary();
    t.text("level").notNullable();
    t.text("code").notNullable();
    t.specificType("geom", "geometry(Polygon, 4326)").notNullable();
    t.foreign(["level", "code"]).references(["level", "code"]).inTable("region_boundaries").onDelete("cascade");
    t.index(["level", "code"]);
  });
  await knex.raw("create index region_boundary_parts_geom_gist on region_boundary_parts using gist (geom)");
  await knex.raw(
    `insert into region_boundary_parts (level, code, geom)
     select level, code, (st_dump(st_subdivide(geom, 256))).geom from region_boundaries`,
  );

  await knex.schema.createTable("coding_corrections", (t) => {
    t.bigIncrements("id").primary();
    t.text("description").notNullable();
    // correctionKey(description): the description's words, the key suggestCoding looks up.
    t.text("description_key").notNullable().unique();
    t.text("resource_type").notNullable();
    t.text("ewc_code");
    // What the keyword index alone suggested, to measure where it is wrong.
    t.text("suggested_type");
    t.double("suggested_confidence");
    t.text("corrected_by").notNullable();
    t.text("org_id");
    t.text("flow_id");
    // How many corrections this description has had (1 for the first).
    t.integer("revision").notNullable().defaultTo(1);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["resource_type"]);
  });

  await knex.schema.createTable("coding_correction_history", (t) => {
    t.bigIncrements("id").primary();
    t.bigInteger("correction_id").notNullable().references("id").inTable("coding_corrections").onDelete("cascade");
    t.integer("revision").notNullable();
    t.text("description").notNullable();
    t.text("resource_type").notNullable();
    t.text("ewc_code");
    t.text("suggested_type");
    t.double("suggested_confidence");
    t.text("corrected_by").notNullable();
    t.text("org_id");
    t.text("flow_id");
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(["correction_id", "revision"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("coding_correction_history");
  await knex.schema.dropTableIfExists("coding_corrections");
  await knex.schema.dropTableIfExists("region_boundary_parts");

  // Back to 0002's shape: one geography per code (the most specific level wins a clash).
  await knex.schema.createTable("region_boundaries_prev", (t) => {
    t.text("code").primary();
    t.text("name").notNullable();
    t.text("level").notNullable();
    t.specificType("geom", "geography(MultiPolygon, 4326)").notNullable();
  });
  await knex.raw(
    `insert into region_boundaries_prev (code, name, level, geom)
     select distinct on (code) code, name, level, geom::geography from region_boundaries order by code, area_km2`,
  );
  await knex.schema.dropTable("region_boundaries");
  await knex.schema.renameTable("region_boundaries_prev", "region_boundaries");
  await knex.raw("alter table region_boundaries rename constraint region_boundaries_prev_pkey to region_boundaries_pkey");
  await knex.raw("create index region_boundaries_geom_gist on region_boundaries using gist (geom)");
}
