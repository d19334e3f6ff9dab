/**
 * `tsx ops/load-regions.ts` against the test database: country outlines from the installed
 * world-atlas plus a municipality file, one report line per level; then what locating a
 * 1,000-point import chunk against all of them finds. How long that takes is
 * `npm run bench:region-lookup`'s to measure (bench/results/region-lookup.json): a timing
 * bound here failed whenever the machine was busy, which says nothing about the lookup.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type SpatialDatabase } from "../../platform/connect/postgres.ts";
import { regionsForPoints, type LatLon } from "../../spatial/regions.ts";
import { TEST_ENV } from "../helpers/test-env.ts";
import { config } from "../helpers/stores.ts";
import { at, clearRegions } from "./fixtures.ts";

const run = promisify(execFile);
const MUNICIPALITIES = "test/fixtures/regions/kalundborg-municipalities.geojson";

async function loadRegions(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "ops/load-regions.ts", ...args], { env: { ...process.env, ...TEST_ENV }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Seeded, so every run measures the same chunk: four in five across Europe, one in five at Kalundborg.
function importChunk(n: number): LatLon[] {
  let s = 42;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) =>
    i % 5 === 0 ? { lat: 55.6 + rnd() * 0.2, lon: 11 + rnd() * 0.3 } : { lat: 36 + rnd() * 34, lon: -10 + rnd() * 40 },
  );
}

describe("npm run regions:load", () => {
  let db: SpatialDatabase;
  beforeAll(async () => {
    db = await connectDatabase(config.postgres.url);
    await clearRegions(db.knex);
  });
  afterAll(async () => {
    if (db) await clearRegions(db.knex);
    await db?.knex.destroy();
  });

  // Two CLI runs; the country outlines alone take 10–20 s on a 2-core machine.
  it("loads every country offline and a municipality file, one line per level; a reload reports it unchanged", { timeout: 240_000 }, async () => {
    const first = await loadRegions("--countries", MUNICIPALITIES, "--level", "municipality", "--code-property", "KOMKODE", "--name-property", "NAVN");
    const again = await loadRegions(MUNICIPALITIES, "--level", "municipality", "--code-property", "KOMKODE", "--name-property", "NAVN");

    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^country: 2\d\d boundaries from 2\d\d features of world-atlas countries-(10|50)m\.json/m);
    expect(first.stdout).toMatch(/^municipality: 2 boundaries from 2 features of kalundborg-municipalities\.geojson \(2 new, 0 updated, 0 unchanged; 0 repaired, 0 merged, 0 skipped\)/m);
    expect(again.stdout).toMatch(/^municipality: 2 boundaries .*\(0 new, 0 updated, 2 unchanged;/m);
    const codes = (await db.knex("region_boundaries").where({ level: "country" }).pluck("code")) as string[];
    expect(codes).toEqual(expect.arrayContaining(["DK", "SE", "DE", "NL", "FR", "PL", "NO", "FI", "GB", "XK"]));
  });

  it("locates sites in their country or municipality; coastal points need the tolerance", async () => {
    const copenhagen = { lat: 55.676, lon: 12.568 };
    const berlin = { lat: 52.52, lon: 13.405 };

    const strict = await regionsForPoints(db.knex, [berlin, at.kalundborgWest, copenhagen]);
    const tolerant = await regionsForPoints(db.knex, [copenhagen], { withinMeters: 2_000 });

    expect(strict.map((h) => h?.code ?? null)).toEqual(["DE", "9901", null]);
    expect(tolerant[0]).toMatchObject({ level: "country", code: "DK" });
    expect(tolerant[0]!.distanceM).toBeGreaterThan(0);
  });

  it("locates a 1,000-point import chunk in one query: every point answered, the tolerance only adds", async () => {
    const chunk = importChunk(1_000);

    const strict = await regionsForPoints(db.knex, chunk, { withinMeters: 0 });
    const tolerant = await regionsForPoints(db.knex, chunk, { withinMeters: 2_000 });

    expect(strict).toHaveLength(1_000);
    expect(tolerant).toHaveLength(1_000);
    expect(tolerant.filter((h) => h?.level === "municipality").length).toBeGreaterThanOrEqual(190);
    expect(tolerant.filter(Boolean).length).toBeGreaterThanOrEqual(strict.filter(Boolean).length);
  });

  it("usage errors exit 2 and say what is missing", async () => {
    const nothing = await loadRegions();
    const noLevel = await loadRegions(MUNICIPALITIES, "--code-property", "KOMKODE");
    const missing = await loadRegions("no-such-file.geojson", "--level", "municipality", "--code-property", "KOMKODE");

    expect(nothing).toMatchObject({ code: 2, stderr: expect.stringMatching(/give a GeoJSON file, --countries, or both/) });
    expect(noLevel).toMatchObject({ code: 2, stderr: expect.stringMatching(/--level is required/) });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read no-such-file\.geojson: ENOENT/) });
  });
});
