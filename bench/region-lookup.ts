/**
 * Region lookup benchmark (`npm run bench:region-lookup`): how long `regionsForPoints`
 * (spatial/regions.ts) takes to locate one import chunk of 1,000 points — four in five
 * across Europe, one in five at Kalundborg, seeded — against every country outline
 * (world-atlas, offline) and the Kalundborg municipality fixture, strict and with the
 * 2 km coastal tolerance. Only PostgreSQL + PostGIS is needed: a bench database of its own
 * (BENCH_DATABASE_URL moves it), migrated, the boundaries loaded once (a reload is a no-op).
 *
 * test/regions/load-regions-cli.test.ts asserts what the lookup finds for such a chunk;
 * how fast is this benchmark's (a timing bound in a test fails on a busy machine).
 *
 * Writes bench/results/region-lookup.json: points, located, the median milliseconds per
 * chunk for each tolerance over the repetitions, every run, and the machine.
 *
 * Env: BENCH_POINTS=1000  BENCH_REPS=7
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ensurePostgres } from "../ops/services/postgres.ts";
import { migratePostgres } from "../migrations/index.ts";
import { mulberry32 } from "../domain/prng.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { loadRegionBoundaries, regionsForPoints, type GeoJsonFeatureCollection, type LatLon } from "../spatial/regions.ts";
import { COUNTRY_CODE_PROPERTY, COUNTRY_NAME_PROPERTY, worldCountries } from "../spatial/world-countries.ts";
import { log, machine, median, round, writeResult } from "./report.ts";

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/turash_bench_regions";
const POINTS = Number(process.env.BENCH_POINTS ?? 1_000);
const REPS = Number(process.env.BENCH_REPS ?? 7);
const SEED = 42;
const MUNICIPALITIES = new URL("../test/fixtures/regions/kalundborg-municipalities.geojson", import.meta.url);


/** The chunk: seeded, so every run measures the same points. */
function importChunk(n: number): LatLon[] {
  const rnd = mulberry32(SEED);
  return Array.from({ length: n }, (_, i) =>
    i % 5 === 0 ? { lat: 55.6 + rnd() * 0.2, lon: 11 + rnd() * 0.3 } : { lat: 36 + rnd() * 34, lon: -10 + rnd() * 40 },
  );
}

async function main(): Promise<void> {
  log((await ensurePostgres(DATABASE_URL, new URL(DATABASE_URL).pathname.slice(1))).version);
  const db = await connectDatabase(DATABASE_URL);
  try {
    await migratePostgres(db.knex);
    const { collection, file } = worldCountries();
    const countries = await loadRegionBoundaries(db.knex, collection, { level: "country", codeProperty: COUNTRY_CODE_PROPERTY, nameProperty: COUNTRY_NAME_PROPERTY, source: `world-atlas ${basename(file)} (Natural Earth)` });
    const municipalities = JSON.parse(readFileSync(MUNICIPALITIES, "utf8")) as GeoJsonFeatureCollection;
    await loadRegionBoundaries(db.knex, municipalities, { level: "municipality", codeProperty: "KOMKODE", nameProperty: "NAVN", source: "kalundborg-municipalities.geojson" });
    const countryCount = countries.inserted + countries.updated + countries.unchanged;
    log(`boundaries: ${countryCount} countries and the Kalundborg municipalities`);

    const chunk = importChunk(POINTS);
    await regionsForPoints(db.knex, chunk); // warm the connection and the caches
    const measure = async (withinMeters: number) => {
      const runs: number[] = [];
      let located = 0;
      for (let rep = 0; rep < REPS; rep++) {
        const started = performance.now();
        const hits = await regionsForPoints(db.knex, chunk, { withinMeters });
        runs.push(performance.now() - started);
        located = hits.filter(Boolean).length;
      }
      log(`withinMeters ${withinMeters}: ${median(runs).toFixed(1)} ms (median of ${REPS}; ${located} of ${POINTS} located)`);
      return { median_ms: round(median(runs), 1), located, runs_ms: runs.map((ms) => round(ms, 1)) };
    };
    const strict = await measure(0);
    const tolerant = await measure(2_000);
    const result = {
      points: POINTS,
      seed: SEED,
      countries: countryCount,
      strict,
      tolerant_2km: tolerant,
      repetitions: REPS,
      target_ms: 250,
      machine: machine(),
      date: new Date().toISOString(),
    };
    writeResult("region-lookup.json", result);
  } finally {
    await db.knex.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
