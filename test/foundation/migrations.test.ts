import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAll } from "../../ops/migrate.ts";
import { connectNeo4j, type Driver } from "../../platform/connect/neo4j.ts";
import { connectDatabase, type SpatialDatabase } from "../../platform/connect/postgres.ts";
import { testConfig } from "../helpers/config.ts";

describe("npm run migrate", () => {
  const config = testConfig();
  let driver: Driver;
  let db: SpatialDatabase;

  beforeAll(async () => {
    driver = await connectNeo4j(config.neo4j);
    db = await connectDatabase(config.postgres.url);
  });
  afterAll(async () => {
    await driver.close();
    await db.knex.destroy();
  });

  it("is harmless the second time: nothing more is applied", async () => {
    await migrateAll(config); // the global setup already ran it once
    const again = await migrateAll(config);
    expect(again).toEqual({ neo4j: [], postgres: [] });
  });

  it("records each graph migration once and creates the uniqueness constraints", async () => {
    const { records } = await driver.executeQuery("MATCH (m:SchemaMigration) RETURN m.id AS id ORDER BY id");
    const ids = records.map((r) => r.get("id"));
    expect(ids).toEqual([...new Set(ids)]);
    expect(ids).toContain("0001-constraints");

    const constraints = await driver.executeQuery("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes[0] AS label, properties[0] AS prop, type");
    const unique = constraints.records.filter((r) => r.get("type") === "UNIQUENESS").map((r) => `${r.get("label")}.${r.get("prop")}`);
    expect(unique).toEqual(expect.arrayContaining(["Business.id", "Site.id", "ResourceFlow.id", "Match.id"]));

    const indexes = await driver.executeQuery("SHOW INDEXES YIELD name, type RETURN name, type");
    expect(indexes.records.map((r) => `${r.get("name")}:${r.get("type")}`)).toContain("site_location:POINT");
  });

  it("creates sites as geography(Point, 4326) with a GiST index, and the ledgers", async () => {
    const column = await db.knex.raw(
      "select format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = 'site_index'::regclass and attname = 'geog'",
    );
    expect(column.rows[0].type).toBe("geography(Point,4326)");
    const gist = await db.knex.raw("select indexdef from pg_indexes where tablename = 'site_index' and indexdef ilike '%gist%' order by indexname");
    // One on the geography for the matching prefilter's distances, one on its geometry for the civic projection's lat/lon boxes.
    expect(gist.rows.map((r: { indexdef: string }) => r.indexdef.replace(/^.* USING gist /, ""))).toEqual(["(geog)", "(((geog)::geometry))"]);
    for (const table of ["flow_index", "users", "api_keys", "audit_log", "match_history", "proposals", "proposal_status_history", "daily_rollups", "region_boundaries"]) {
      expect(await db.knex.schema.hasTable(table), table).toBe(true);
    }
  });
});
