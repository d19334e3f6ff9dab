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
 * Writes bench/results/ingest.json: rows, seconds, flows_per_second (median of the
 * repetitions), neo4j_seconds and postgis_seconds (time inside each store during the
 * write stage, summed over chunks), the baseline, and the machine.
 *
 * Env: BENCH_ROWS=100000  BENCH_REPS=3  BENCH_WORKERS=1
 */
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
import { log, machine, median, round, writeResult } from "./report.ts";

const env = benchEnv("turash-bench-ingest:", "TURASH_BENCH_INGEST");
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
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
  const flows = region.flows.slice(0, ROWS);
  const siteIds = new Set(flows.map((f) => f.siteId));
  const sites = region.sites.filter((s) => siteIds.has(s.externalId));
  const businessIds = new Set(sites.map((s) => s.businessId));
  const data = { businesses: region.businesses.filter((b) => businessIds.has(b.externalId)), sites, flows };
  const ctx = { neo4j: c.neo4j, knex: c.db.knex, publisher: createPublisher(c.nats.jetstream(), eventNames(prefix)), actor: "bench" };
  const started = performance.now();
  await seedRegion(ctx, data, { batchSize: 1_000 });
  return { seconds: (performance.now() - started) / 1000, flows: flows.length };
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
    const runs = [];
    const baselines = [];
    for (let rep = 0; rep < REPS; rep++) {
      const run = await pipelineRun(c, prefix, csv);
      log(`pipeline #${rep + 1}: ${run.flows.toLocaleString("en")} flows in ${run.seconds.toFixed(1)} s = ${Math.round(run.flows / run.seconds).toLocaleString("en")} flows/s (queued in ${run.submitSeconds.toFixed(1)} s; neo4j ${run.neo4jSeconds.toFixed(1)} s, postgis ${run.postgisSeconds.toFixed(1)} s; ${run.refused} refused, ${run.merged} merged)`);
      runs.push(run);
      const base = await baselineRun(c, prefix, region);
      log(`baseline #${rep + 1}: write path alone ${base.flows.toLocaleString("en")} flows in ${base.seconds.toFixed(1)} s = ${Math.round(base.flows / base.seconds).toLocaleString("en")} flows/s`);
      baselines.push(base);
    }
    const seconds = median(runs.map((r) => r.seconds));
    const mid = runs.find((r) => r.seconds === seconds)!;
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
      machine: machine(),
      date: new Date().toISOString(),
    };
    writeResult("ingest.json", result);
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
