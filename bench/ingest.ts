/**
 * Ingest benchmark (`npm run bench:ingest`): a deterministic municipal register
 * (seed/register-file.ts over generate-region.ts, seed 42) of 100k flow rows imported
 * through the whole pipeline — CSV parsed and streamed into JetStream, validated,
 * normalized, enriched, deduplicated, written to Neo4j and PostGIS by the ingest worker —
 * into a dedicated bench database and Neo4j instance, from empty stores each repetition.
 *
 * Baseline, measured in the same run on the same rows: the one write path called directly
 * with the register's already-validated documents (what `npm run seed` does), i.e. the
 * cost of the stores alone, without parsing, JetStream, validation and deduplication.
 *
 * Floor, measured in the same run on the same rows (bench/floors/bulk-load.ts, issue 16
 * item 3): the register's businesses, sites and flows written by a bare bulk load —
 * batched UNWIND … MERGE into Neo4j, COPY into site_index and flow_index — into the same
 * empty bench stores, which it empties again afterwards. `floor_ratio` = Turash's flows/s ÷
 * the floor's; the aim is at least half of the floor (`floor_target_met`).
 *
 * Writes bench/results/ingest.json, or ingest-<BENCH_TAG>.json when BENCH_TAG is set (runs
 * at other sizes must not overwrite the documented figures): rows, seconds,
 * flows_per_second (median of the repetitions), neo4j_seconds and postgis_seconds (time
 * inside each store during the write stage, summed over chunks), the baseline, the floor,
 * and the machine with its load average (BENCH_NOTE adds a remark, e.g. that other work ran).
 *
 * Env: BENCH_ROWS=20000  BENCH_REPS=3  BENCH_WORKERS=1  BENCH_FLOOR_BATCH=5000  BENCH_TAG  BENCH_NOTE
 */
import os from "node:os";
import { Readable } from "node:stream";
import { loadConfig } from "../platform/config.ts";
import { closeConnections, openConnections, type Connections } from "../platform/connect/connections.ts";
import { ensureServices, formatReport } from "../ops/services.ts";
import { migrateAll } from "../ops/migrate.ts";
import { createPublisher } from "../events/publisher.ts";
import { ensureStreams, eventNames } from "../events/streams.ts";
import { generateRegion } from "../seed/generate-region.ts";
import { registerCsv } from "../seed/register-file.ts";
import { seedRegion } from "../ingest/seed-region.ts";
import { importJobSummary, type ImportJobSummary } from "../ledgers/import-jobs.ts";
import { readSource } from "../ingest/imports/sources.ts";
import { submitImport } from "../ingest/imports/submit.ts";
import { startIngestWorker } from "../ingest/imports/worker.ts";
import { ingestEnrichment } from "../ingest/imports/enrichment-sources.ts";
import { benchEnv, emptyBenchStores } from "./bench-env.ts";
import { bulkLoad, bulkLoadRows, floorVerdict, INGEST_FLOOR_TARGET, registerSlice, type BulkLoadRows } from "./floors/bulk-load.ts";
import { log, machine, median, round, writeResult } from "./report.ts";

const env = benchEnv("turash-bench-ingest:", "TURASH_BENCH_INGEST");
// 20k by default so three repetitions of pipeline, baseline and floor fit in a few minutes on
// a shared 2-core machine; BENCH_ROWS=100000 is the size of the 22 Nov figures.
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const FLOOR_BATCH = Number(process.env.BENCH_FLOOR_BATCH ?? 5_000);
const TAG = process.env.BENCH_TAG;
const SEED = 42;


const resetStores = (c: Connections, prefix: string) => emptyBenchStores(c, prefix, ["flow_index", "site_index", "audit_log", "import_jobs"]);

async function waitForJob(c: Connections, id: string): Promise<ImportJobSummary> {
  for (;;) {
    const job = (await importJobSummary(c.db.knex, id))!;
    if (job.status === "completed") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One import of the whole register through the pipeline, from empty stores. */
async function pipelineRun(c: Connections, prefix: string, csv: string) {
  await resetStores(c, prefix);
  const names = eventNames(prefix);
  const workers = [];
  for (let i = 0; i < WORKERS; i++) workers.push(await startIngestWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: prefix, ...ingestEnrichment(c.db.knex) }));
  const started = performance.now();
  const queued = await submitImport({ knex: c.db.knex, nats: c.nats, names }, { source: "cli", format: "csv", requestedBy: "bench", fileName: "register.csv" }, readSource(Readable.from([Buffer.from(csv)]), "csv"));
  const submitSeconds = (performance.now() - started) / 1000;
  const job = await waitForJob(c, queued.id);
  const seconds = (performance.now() - started) / 1000;
  for (const w of workers) await w.stop();
  const r = job.rows;
  const flows = r.imported;
  return { seconds, submitSeconds, flows, refused: r.refused, merged: r.merged, neo4jSeconds: job.storeSeconds.neo4j, postgisSeconds: job.storeSeconds.postgis };
}

/** The baseline: the write path alone with the register's documents, batches of 1,000. */
async function baselineRun(c: Connections, prefix: string, region: ReturnType<typeof generateRegion>) {
  await resetStores(c, prefix);
  const data = registerSlice(region, ROWS);
  const ctx = { neo4j: c.neo4j, knex: c.db.knex, publisher: createPublisher(c.nats.jetstream(), eventNames(prefix)), actor: "bench" };
  const started = performance.now();
  await seedRegion(ctx, data, { batchSize: 1_000 });
  return { seconds: (performance.now() - started) / 1000, flows: data.flows.length };
}

/** The floor: the same rows by a bare bulk load into empty stores, which are emptied again after. */
async function floorRun(c: Connections, prefix: string, databaseUrl: string, rows: BulkLoadRows) {
  await resetStores(c, prefix);
  try {
    return await bulkLoad({ neo4j: c.neo4j, databaseUrl }, rows, { batchSize: FLOOR_BATCH });
  } finally {
    await resetStores(c, prefix);
  }
}

async function main(): Promise<void> {
  const config = loadConfig(env);
  for (const r of await ensureServices(config)) log(formatReport(r));
  await migrateAll(config);
  const c = await openConnections(config, "turash-bench-ingest");
  const prefix = config.nats.streamPrefix;
  await ensureStreams(await c.nats.jetstreamManager(), prefix);
  try {
    const region = generateRegion({ sites: Math.ceil(ROWS / 2.9), seed: SEED, idPrefix: "bench" });
    const csv = registerCsv(region, ROWS);
    log(`register: ${ROWS.toLocaleString("en")} rows, ${(csv.length / 2 ** 20).toFixed(1)} MB of CSV`);
    const floorRows = bulkLoadRows(registerSlice(region, ROWS));
    const loadBefore = os.loadavg();
    const runs = [];
    const baselines = [];
    const floors = [];
    for (let rep = 0; rep < REPS; rep++) {
      const run = await pipelineRun(c, prefix, csv);
      log(`pipeline #${rep + 1}: ${run.flows.toLocaleString("en")} flows in ${run.seconds.toFixed(1)} s = ${Math.round(run.flows / run.seconds).toLocaleString("en")} flows/s (queued in ${run.submitSeconds.toFixed(1)} s; neo4j ${run.neo4jSeconds.toFixed(1)} s, postgis ${run.postgisSeconds.toFixed(1)} s; ${run.refused} refused, ${run.merged} merged)`);
      runs.push(run);
      const base = await baselineRun(c, prefix, region);
      log(`baseline #${rep + 1}: write path alone ${base.flows.toLocaleString("en")} flows in ${base.seconds.toFixed(1)} s = ${Math.round(base.flows / base.seconds).toLocaleString("en")} flows/s`);
      baselines.push(base);
      const floor = await floorRun(c, prefix, config.postgres.url, floorRows);
      log(`floor #${rep + 1}: bulk load ${floor.flows.toLocaleString("en")} flows (${floor.sites.toLocaleString("en")} sites, ${floor.businesses.toLocaleString("en")} businesses) in ${floor.seconds.toFixed(1)} s = ${Math.round(floor.flows / floor.seconds).toLocaleString("en")} flows/s (neo4j ${floor.neo4jSeconds.toFixed(1)} s, postgis ${floor.postgisSeconds.toFixed(1)} s)`);
      floors.push(floor);
    }
    const seconds = median(runs.map((r) => r.seconds));
    const mid = runs.find((r) => r.seconds === seconds)!;
    const floorSeconds = median(floors.map((f) => f.seconds));
    const floorMid = floors.find((f) => f.seconds === floorSeconds)!;
    const turashRate = mid.flows / seconds;
    const floorRate = floorMid.flows / floorSeconds;
    const verdict = floorVerdict(turashRate, floorRate);
    log(`Turash ${Math.round(turashRate).toLocaleString("en")} flows/s, floor ${Math.round(floorRate).toLocaleString("en")} flows/s: ratio ${verdict.ratio.toFixed(2)} (aim ≥ ${INGEST_FLOOR_TARGET}: ${verdict.met ? "met" : "missed"})`);
    const result = {
      rows: ROWS,
      flows: mid.flows,
      refused: mid.refused,
      merged: mid.merged,
      seconds: round(seconds),
      flows_per_second: Math.round(mid.flows / seconds),
      neo4j_seconds: round(mid.neo4jSeconds),
      postgis_seconds: round(mid.postgisSeconds),
      queued_seconds: round(mid.submitSeconds),
      repetitions: REPS,
      workers: WORKERS,
      runs_seconds: runs.map((r) => round(r.seconds)),
      baseline_write_path_seconds: round(median(baselines.map((b) => b.seconds))),
      baseline_write_path_flows_per_second: Math.round(baselines[0]!.flows / median(baselines.map((b) => b.seconds))),
      target_flows_per_second: 5_000,
      floor_seconds: round(floorSeconds),
      floor_flows_per_second: Math.round(floorRate),
      floor_breakdown_seconds: { neo4j: round(floorMid.neo4jSeconds), postgis: round(floorMid.postgisSeconds) },
      floor_rows: { businesses: floorMid.businesses, sites: floorMid.sites, flows: floorMid.flows },
      floor_batch_size: FLOOR_BATCH,
      floor_runs_seconds: floors.map((f) => round(f.seconds)),
      floor_ratio: round(verdict.ratio),
      floor_target: INGEST_FLOOR_TARGET,
      floor_target_met: verdict.met,
      machine: { ...machine(), load_average_1m: { before: round(loadBefore[0]!), after: round(os.loadavg()[0]!) }, ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}) },
      date: new Date().toISOString(),
    };
    writeResult(`ingest${TAG ? `-${TAG}` : ""}.json`, result);
  } finally {
    await closeConnections(c);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
