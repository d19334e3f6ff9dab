/**
 * Region boundaries in the real PostGIS: loading GeoJSON (repairs, merges and refusals
 * reported), idempotent reloads, and locating points in the most specific region.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectDatabase, type SpatialDatabase } from "../../platform/connect/postgres.ts";
import { loadRegionBoundaries, regionsForPoints } from "../../spatial/regions.ts";
import { config } from "../helpers/stores.ts";
import { at, clearRegions, loadMunicipalities, loadZealand, municipalities, problems } from "./fixtures.ts";

describe("region boundaries", () => {
  let db: SpatialDatabase;
  beforeAll(async () => {
    db = await connectDatabase(config.postgres.url);
  });
  beforeEach(async () => clearRegions(db.knex));
  afterAll(async () => db?.knex.destroy());

  it("locates points in the municipality whose polygon holds them, keeping the order; holes and open sea are null", async () => {
    const report = await loadMunicipalities(db.knex);

    const hits = await regionsForPoints(db.knex, [at.kalundborgEast, at.northSea, at.kalundborgWest, at.eastHole, at.westIsland, { lat: Number.NaN, lon: 11 }]);

    expect(report).toMatchObject({ level: "municipality", features: 2, inserted: 2, updated: 0, unchanged: 0, repaired: [], merged: [], skipped: [] });
    expect(hits).toEqual([
      { level: "municipality", code: "9902", name: "Kalundborg Øst", distanceM: 0 },
      null,
      { level: "municipality", code: "9901", name: "Kalundborg Vest", distanceM: 0 },
      null,
      { level: "municipality", code: "9901", name: "Kalundborg Vest", distanceM: 0 },
      null,
    ]);
    expect(await regionsForPoints(db.knex, [])).toEqual([]);
  });

  it("a point just outside every boundary takes the nearest one only when asked to, within the distance given", async () => {
    await loadMunicipalities(db.knex);
    // 500 m west of Kalundborg Vest's western edge (lon 11.00).
    const offshore = { lat: 55.7, lon: 11 - 500 / (111_320 * Math.cos((55.7 * Math.PI) / 180)) };

    const strict = await regionsForPoints(db.knex, [offshore, at.kalundborgWest]);
    const near = await regionsForPoints(db.knex, [offshore, at.kalundborgWest, at.northSea], { withinMeters: 1000 });
    const tooFar = await regionsForPoints(db.knex, [offshore], { withinMeters: 300 });

    expect(strict).toEqual([null, { level: "municipality", code: "9901", name: "Kalundborg Vest", distanceM: 0 }]);
    expect(near[0]).toMatchObject({ level: "municipality", code: "9901" });
    expect(Math.abs(near[0]!.distanceM - 500)).toBeLessThan(10);
    expect(near.slice(1)).toEqual([{ level: "municipality", code: "9901", name: "Kalundborg Vest", distanceM: 0 }, null]);
    expect(tooFar).toEqual([null]);
  });

  it("a point on the border of two municipalities gets the same one every time", async () => {
    await loadMunicipalities(db.knex);

    const hits = await regionsForPoints(db.knex, [at.sharedBorder, at.sharedBorder, at.sharedBorder]);

    expect(hits[0]?.level).toBe("municipality");
    expect(new Set(hits.map((h) => h?.code)).size).toBe(1);
  });

  it("chooses the most specific level containing the point; a level filter narrows the choice", async () => {
    await loadZealand(db.knex);
    await loadMunicipalities(db.knex);

    const hits = await regionsForPoints(db.knex, [at.kalundborgWest, at.eastHole, at.ringsted, at.northSea]);
    const nuts2Only = await regionsForPoints(db.knex, [at.kalundborgWest], { levels: ["nuts2"] });

    expect(hits.map((h) => h && `${h.level}:${h.code}`)).toEqual(["municipality:9901", "nuts2:DK02", "nuts2:DK02", null]);
    expect(nuts2Only).toEqual([{ level: "nuts2", code: "DK02", name: "Sjælland", distanceM: 0 }]);
  });

  it("repairs invalid geometry, unites features sharing a code, and reports every feature it refuses with why", async () => {
    const report = await loadRegionBoundaries(db.knex, problems(), { level: "test", codeProperty: "code", nameProperty: "name", source: "problems.geojson" });

    expect(report.repaired).toEqual([{ index: 0, code: "BOWTIE", reason: expect.stringMatching(/self-intersection/i) }]);
    expect(report.merged).toEqual([{ code: "TWIN", features: 2 }]);
    expect(report.skipped).toEqual([
      { index: 1, code: "POINT", reason: "geometry is a Point; only Polygon and MultiPolygon are regions" },
      { index: 2, reason: 'no "code" property' },
      { index: 3, code: "OPEN", reason: "a ring is not closed (its last position differs from its first)" },
      { index: 4, code: "FLAT", reason: expect.stringMatching(/^no area left after repairing the geometry/) },
      { index: 7, code: "NULL", reason: "no geometry" },
    ]);
    expect(report).toMatchObject({ features: 8, inserted: 2, updated: 0, unchanged: 0 });
    // The bow-tie became its two triangles; both halves of the twin are one boundary named after the first.
    const hits = await regionsForPoints(db.knex, [
      { lat: 55.65, lon: 11.42 },
      { lat: 55.65, lon: 11.48 },
      { lat: 55.72, lon: 11.85 },
      { lat: 55.62, lon: 11.85 },
    ]);
    expect(hits).toEqual([
      { level: "test", code: "BOWTIE", name: "Self-intersecting bow-tie", distanceM: 0 },
      { level: "test", code: "BOWTIE", name: "Self-intersecting bow-tie", distanceM: 0 },
      { level: "test", code: "TWIN", name: "Twin north", distanceM: 0 },
      { level: "test", code: "TWIN", name: "Twin north", distanceM: 0 },
    ]);
    const geom = await db.knex("region_boundaries").where({ level: "test", code: "BOWTIE" }).first(db.knex.raw("st_isvalid(geom) as valid, st_numgeometries(geom) as parts"));
    expect(geom).toEqual({ valid: true, parts: 2 });
  });

  it("loading the same file again changes nothing; a changed feature is updated", async () => {
    await loadMunicipalities(db.knex);
    const snapshot = () => db.knex.raw("select level, code, name, st_asewkt(geom) as geom, area_km2, loaded_at, (select count(*) from region_boundary_parts) as parts from region_boundaries order by code");
    const before = (await snapshot()).rows;

    const again = await loadMunicipalities(db.knex);
    const after = (await snapshot()).rows;
    const renamed = municipalities();
    (renamed.features[1]!.properties as Record<string, unknown>).NAVN = "Kalundborg Østre";
    const changed = await loadMunicipalities(db.knex, renamed);

    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(after).toEqual(before);
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await regionsForPoints(db.knex, [at.kalundborgEast])).toEqual([{ level: "municipality", code: "9902", name: "Kalundborg Østre", distanceM: 0 }]);
  });

  it("refuses what is not a FeatureCollection or a bad level, loading nothing", async () => {
    await expect(loadRegionBoundaries(db.knex, { type: "Feature", features: [] }, { level: "x", codeProperty: "c", nameProperty: "n", source: "s" })).rejects.toThrow(/FeatureCollection/);
    await expect(loadRegionBoundaries(db.knex, municipalities(), { level: "Not A Level", codeProperty: "KOMKODE", nameProperty: "NAVN", source: "s" })).rejects.toThrow(/level/);
    expect(await db.knex("region_boundaries").count({ n: "*" }).first()).toEqual({ n: "0" });
  });
});
