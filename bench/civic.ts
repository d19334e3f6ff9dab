/**
 * Civic dashboard benchmark (`npm run bench:civic`): how fast a municipality's public
 * dashboard answers, on stores of its own (database `turash_bench_civic`, a Neo4j on port
 * 7702 that this checkout starts — it refuses one on that port it did not start, and stops
 * its own at the end — Redis prefix `turash-bench-civic:`, stream prefix TURASH_BENCH_CIVIC).
 *
 * Two datasets, one after the other into emptied stores (the default region boundaries —
 * every country, Germany's NUTS-3, Denmark's municipalities — loaded once):
 * - `hotmaps`: the Hotmaps Industrial Database (real EU plants, excess heat offers), read in
 *   place as `npm run seed -- --hotmaps FILE` reads it (seed/hotmaps.ts; never copied into
 *   the repo); measured for Germany (its most plants);
 * - `generated`: a generated region (seed/generate-region.ts, seed 42, BENCH_CIVIC_SITES
 *   sites); measured for Denmark and its municipality with the most sites.
 *
 * Each is seeded through the write path, then built as the workers build it: a full rematch
 * (match-service/rematch.ts, persisted), today's carbon rollups (what the matching worker's
 * rollup writer does after its batches), then each region's civic release — the disclosure
 * against the digests published before, recorded again (projections/civic/service.ts) —
 * BENCH_CIVIC_REPS times (`release_build`). Baseline of that build in the same run: the
 * region's supply and demand per resource type as one plain SQL GROUP BY on flow_index
 * joined with the region's boundary (no hexagons, no disclosure).
 *
 * Then, over HTTP against one api process (api/main.ts) started on the same stores, the
 * routes the dashboard calls, BENCH_CIVIC_REQUESTS sequential requests each: the region
 * list, the region's summary, its H3 cells at city (7) and country (5) resolution, its
 * outline, the CSV and GeoJSON open data — p50/p95 from the cached release, and the summary
 * with the release cache dropped before each request (`summary_uncached`, what the first
 * visitor after the 5-minute TTL waits). Floor in the same run: the data dictionary, a
 * static answer of the same express app through the same middleware; each route's ratio to
 * it at p50. Every answer is checked: the bench fails when the region list lacks the region
 * or the dashboard would show nothing for it (no totals, no cells of either resolution, an
 * empty CSV or GeoJSON, no outline).
 *
 * Writes bench/results/civic.json (civic-<BENCH_TAG>.json when BENCH_TAG is set).
 *
 * Env: BENCH_CIVIC_SITES=100000  BENCH_CIVIC_REPS=5  BENCH_CIVIC_REQUESTS=30
 *      BENCH_CIVIC_HOTMAPS=/work/shared/datasets/hotmaps-industrial-database/Industrial_Database.csv
 *      BENCH_CIVIC_DATABASE_URL  BENCH_CIVIC_NEO4J_URL  BENCH_CIVIC_KEEP_NEO4J=1  BENCH_TAG
 * The api's output: $TMPDIR/turash-bench-civic/api.log.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../platform/config.ts";
import { closeConnections, type Connections } from "../platform/connect/connections.ts";
import { freePort } from "../ops/services/support.ts";
import { createPublisher } from "../events/publisher.ts";
import { eventNames } from "../events/streams.ts";
import { generateRegion } from "../seed/generate-region.ts";
import { loadHotmaps } from "../seed/hotmaps.ts";
import { seedRegion, type SeedData } from "../ingest/seed-region.ts";
import { loadDefaultRegions } from "../spatial/default-regions.ts";
import { rematchRegion } from "../match-service/rematch.ts";
import { writeTodayRollups } from "../projections/carbon/service.ts";
import { civicRule, computeRelease } from "../projections/civic/service.ts";
import { emptyBenchStores, openBenchStores, ownBenchEnv } from "./bench-env.ts";
import { log, machine, median, round, writeResult } from "./report.ts";
import { pct, startProcess, stopProcesses, waitReady } from "./processes.ts";

const LOG_DIR = join(tmpdir(), "turash-bench-civic");
const SITES = Number(process.env.BENCH_CIVIC_SITES ?? 100_000);
const REPS = Number(process.env.BENCH_CIVIC_REPS ?? 5);
const REQUESTS = Number(process.env.BENCH_CIVIC_REQUESTS ?? 30);
const HOTMAPS = process.env.BENCH_CIVIC_HOTMAPS ?? "/work/shared/datasets/hotmaps-industrial-database/Industrial_Database.csv";
const TAG = process.env.BENCH_TAG;
const SEED = 42;
const V1 = "/api/v1";

// One address makes every request of the benchmark: a budget it never reaches.
const env = ownBenchEnv("civic", 7702, "1g", { RATE_LIMIT_PER_ADDRESS: "10000000" });

/** The tables a dataset's run starts from empty (the boundaries stay: they are reference data). */
const TABLES = ["flow_index", "site_index", "match_history", "match_decisions", "audit_log", "daily_rollups", "carbon_match_days", "civic_published_sets"];

/** p50/p95 of a list of milliseconds. */
const stats = (ms: readonly number[]) => ({ p50_ms: round(pct(ms, 50), 1), p95_ms: round(pct(ms, 95), 1), samples: ms.length });

/** A region a dataset is measured for. */
interface Target {
  readonly level: string;
  readonly code: string;
}

/** What one answer must hold for the dashboard to show something; throws naming the route otherwise. */
type Check = (body: string) => string | undefined;

const json = (body: string) => JSON.parse(body) as Record<string, any>;
const checks = {
  regions: (t: Target): Check => (b) => (json(b).items.some((r: Target) => r.code === t.code && r.level === t.level) ? undefined : `region ${t.level} ${t.code} missing from the list`),
  summary: (b: string) => {
    const s = json(b);
    if (!(s.totals.organizations > 0)) return "no organizations in the totals";
    if (s.cells.city === 0 || s.cells.country === 0) return `cells city ${s.cells.city}, country ${s.cells.country}`;
    if (!Object.keys(s.totals).some((m) => m.startsWith("supply:"))) return "no supply figure in the totals";
    return undefined;
  },
  cells: (b: string) => (json(b).items.length > 0 ? undefined : "no hexagons"),
  outline: (b: string) => (json(b).geometry.coordinates.length > 0 ? undefined : "empty outline"),
  csv: (b: string) => (b.split("\n").filter((l) => l.includes(",city_cell,")).length > 0 ? undefined : "no city hexagon rows in the CSV"),
  geojson: (b: string) => (json(b).features.length > 0 ? undefined : "no features in the GeoJSON"),
  dictionary: (b: string) => (json(b).columns.length > 0 ? undefined : "no columns"),
};

/** `count` sequential GETs of `path`, each checked; `before` runs (untimed) before each. */
async function timeRoute(api: string, name: string, path: string, check: Check, count: number, before?: () => Promise<unknown>): Promise<{ route: string; path: string; p50_ms: number; p95_ms: number; samples: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    if (before) await before();
    const started = performance.now();
    const res = await fetch(api + V1 + path);
    const body = await res.text();
    ms.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${name} (${path}): ${res.status} ${body.slice(0, 300)}`);
    const problem = check(body);
    if (problem) throw new Error(`the dashboard shows nothing: ${name} (${path}): ${problem}`);
    bytes = Buffer.byteLength(body);
  }
  const s = stats(ms);
  log(`  ${name.padEnd(18)} p50 ${s.p50_ms} ms  p95 ${s.p95_ms} ms  (${bytes.toLocaleString("en")} bytes)`);
  return { route: name, path, ...s, bytes };
}

/** The region's supply and demand per resource type as one plain GROUP BY: the baseline of a release build. */
async function plainGroupBy(c: Connections, t: Target): Promise<number> {
  const { rows } = await c.db.knex.raw<{ rows: unknown[] }>(
    `select f.direction, f.resource_type, count(distinct f.org_id) as organizations, sum(f.annual_quantity) as total
     from flow_index f
     where exists (select 1 from region_boundary_parts x where x.level = ? and x.code = ? and st_intersects(x.geom, f.geog::geometry))
     group by f.direction, f.resource_type`,
    [t.level, t.code],
  );
  return rows.length;
}

/** The release builds and the HTTP routes of one region. */
async function measureRegion(c: Connections, api: string, config: ReturnType<typeof loadConfig>, t: Target) {
  const stores = { neo4j: c.neo4j, knex: c.db.knex };
  const rule = civicRule(config);
  const builds: number[] = [];
  let cells = { city: 0, country: 0 };
  let metrics = 0;
  for (let i = 0; i < REPS; i++) {
    const started = performance.now();
    const release = await computeRelease(stores, t.code, t.level, new Date(), rule);
    builds.push(performance.now() - started);
    if (!release) throw new Error(`region ${t.level} ${t.code} is not loaded`);
    cells = { city: release.cells.city.length, country: release.cells.country.length };
    metrics = Object.keys(release.totals).length;
  }
  const sql: number[] = [];
  let groups = 0;
  for (let i = 0; i < REPS; i++) {
    const started = performance.now();
    groups = await plainGroupBy(c, t);
    sql.push(performance.now() - started);
  }
  if (cells.city === 0 || groups === 0) throw new Error(`the dashboard shows nothing for ${t.level} ${t.code}: ${cells.city} city hexagons published, ${groups} groups in the index`);
  const build = { median_ms: round(median(builds), 1), p95_ms: round(pct(builds, 95), 1), runs_ms: builds.map((x) => round(x, 1)) };
  const baseline = { median_ms: round(median(sql), 1), p95_ms: round(pct(sql, 95), 1), groups };
  log(`${t.level} ${t.code}: release build median ${build.median_ms} ms (${cells.city} city, ${cells.country} country hexagons, ${metrics} totals); plain GROUP BY ${baseline.median_ms} ms (${groups} groups); ${round(build.median_ms / baseline.median_ms, 1)}×`);

  const q = `level=${encodeURIComponent(t.level)}`;
  const base = `/public/regions/${encodeURIComponent(t.code)}`;
  // The api caches the release under the level asked for: drop the one the summary reads.
  const dropRelease = () => c.redis.del(`civic:release:${t.level}:${t.code}`);
  const floor = await timeRoute(api, "floor: dictionary", "/public/civic/dictionary", checks.dictionary, REQUESTS);
  const routes = [
    await timeRoute(api, "summary_uncached", `${base}/summary?${q}`, checks.summary, REPS, dropRelease),
    await timeRoute(api, "regions", "/public/regions", checks.regions(t), REQUESTS),
    await timeRoute(api, "summary", `${base}/summary?${q}`, checks.summary, REQUESTS),
    await timeRoute(api, "cells_city", `${base}/cells?${q}&resolution=city`, checks.cells, REQUESTS),
    await timeRoute(api, "cells_country", `${base}/cells?${q}&resolution=country`, checks.cells, REQUESTS),
    await timeRoute(api, "outline", `${base}/outline?${q}`, checks.outline, REQUESTS),
    await timeRoute(api, "csv", `${base}/civic.csv?${q}`, checks.csv, REQUESTS),
    await timeRoute(api, "geojson", `${base}/civic.geojson?${q}&resolution=city`, checks.geojson, REQUESTS),
  ].map((r) => ({ ...r, ratio_to_floor_p50: round(r.p50_ms / floor.p50_ms, 1) }));
  return { level: t.level, code: t.code, cells, totals: metrics, release_build: build, plain_group_by: baseline, build_ratio_to_group_by: round(build.median_ms / baseline.median_ms, 1), floor, routes };
}

/** The region of `level` holding the most indexed sites (the busiest municipality). */
async function busiest(c: Connections, level: string, country: string): Promise<Target> {
  const { rows } = await c.db.knex.raw<{ rows: { code: string }[] }>(
    `select x.code, count(*) as n from site_index s join region_boundary_parts x on x.level = ? and st_intersects(x.geom, s.geog::geometry)
     join region_boundaries b on b.level = x.level and b.code = x.code and b.country = ?
     group by x.code order by n desc, x.code limit 1`,
    [level, country],
  );
  if (!rows[0]) throw new Error(`no ${level} of ${country} holds a site`);
  return { level, code: rows[0].code };
}

/** Seed a dataset into emptied stores, build it as the workers do, and measure its regions. */
async function runDataset(c: Connections, api: string, config: ReturnType<typeof loadConfig>, name: string, data: SeedData, targets: (c: Connections) => Promise<Target[]>) {
  const prefix = config.nats.streamPrefix;
  const names = eventNames(prefix);
  await emptyBenchStores(c, prefix, TABLES);
  let cursor = "0";
  do {
    const [next, keys] = await c.redis.scan(cursor, "MATCH", `${config.redis.prefix}civic:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await c.redis.del(...keys.map((k) => k.slice(config.redis.prefix.length)));
  } while (cursor !== "0");
  const seeded = await seedRegion({ neo4j: c.neo4j, knex: c.db.knex, publisher: createPublisher(c.nats.jetstream(), names), actor: "bench" }, data);
  await (await c.nats.jetstreamManager()).streams.purge(names.streams.events);
  if (seeded.rejected.length > 0) throw new Error(`${name}: ${seeded.rejected.length} rows rejected by the write path`);
  log(`${name}: seeded ${data.businesses.length} businesses, ${data.sites.length} sites, ${data.flows.length} flows in ${seeded.seconds.toFixed(1)} s`);
  const rematch = await rematchRegion({ neo4j: c.neo4j, knex: c.db.knex, idSecret: config.secrets.idSecret }, { topN: 10, onProgress: (d, t) => d % 2000 === 0 && log(`  rematch ${d}/${t}`) });
  log(`${name}: rematch ${rematch.matches} matches of ${rematch.offers} offers in ${rematch.seconds.toFixed(1)} s`);
  const rollupStarted = performance.now();
  const rollupRows = await writeTodayRollups({ neo4j: c.neo4j, knex: c.db.knex });
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  log(`${name}: carbon rollups of today ${rollupRows} rows in ${rollupSeconds.toFixed(1)} s`);
  const regions = [];
  for (const t of await targets(c)) regions.push(await measureRegion(c, api, config, t));
  return {
    dataset: name,
    seeded: { businesses: data.businesses.length, sites: data.sites.length, flows: data.flows.length, seconds: round(seeded.seconds, 1) },
    rematch: { offers: rematch.offers, matches: rematch.matches, seconds: round(rematch.seconds, 1) },
    carbon_rollups: { rows: rollupRows, seconds: round(rollupSeconds, 2) },
    regions,
  };
}

async function main(): Promise<void> {
  if (!existsSync(HOTMAPS)) throw new Error(`the Hotmaps industrial database is not at ${HOTMAPS}: set BENCH_CIVIC_HOTMAPS to Industrial_Database.csv`);
  const config = loadConfig(env);
  const { c, stopOwnNeo4j } = await openBenchStores(config, "turash-bench-civic", "BENCH_CIVIC_NEO4J_URL");
  const children: ChildProcess[] = [];
  try {
    for (const outcome of await loadDefaultRegions(c.db.knex)) log(`regions: ${outcome.dataset} ${outcome.skipped ? "already loaded" : `loaded in ${outcome.seconds.toFixed(1)} s`}`);
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    children.push(await startProcess("api", ["api/main.ts"], { ...env, PORT: String(port), LOG_LEVEL: "info" }, LOG_DIR, (l) => l.includes("api listening")));
    await waitReady(api);

    const started = performance.now();
    const hotmaps = await loadHotmaps(HOTMAPS);
    log(`hotmaps: ${hotmaps.stats.rows} rows parsed in ${((performance.now() - started) / 1000).toFixed(1)} s (${hotmaps.skipped.length} skipped)`);
    const datasets = [await runDataset(c, api, config, "hotmaps", hotmaps, async () => [{ level: "country", code: "DE" }])];
    const region = generateRegion({ sites: SITES, seed: SEED, idPrefix: "civic" });
    datasets.push(await runDataset(c, api, config, "generated", region, async (c) => [{ level: "country", code: "DK" }, await busiest(c, "municipality", "DK")]));

    writeResult(TAG ? `civic-${TAG}.json` : "civic.json", {
      datasets,
      hotmaps_file: HOTMAPS,
      generated: { sites: SITES, seed: SEED },
      repetitions: { release_builds: REPS, requests_per_route: REQUESTS },
      floor: "GET /public/civic/dictionary: a static answer of the same api through the same middleware",
      baseline: "the region's supply and demand per resource type as one plain SQL GROUP BY on flow_index joined with its boundary",
      note: process.env.BENCH_CIVIC_NOTE ?? "loopback, one api process, every process on one 2-core machine shared with other engineers' work: noisy, compare ratios rather than absolutes",
      machine: machine(),
      date: new Date().toISOString(),
    });
  } finally {
    await stopProcesses(children);
    await closeConnections(c);
    if (process.env.BENCH_CIVIC_KEEP_NEO4J !== "1") await stopOwnNeo4j();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
