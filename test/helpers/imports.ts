/** Builders for import tests: spreadsheet text, an in-process ingest worker, waiting for a job. */
import { Readable } from "node:stream";
import type { Connections } from "../../platform/connect/connections.ts";
import { importJobSummary, type ImportJobSummary } from "../../ledgers/import-jobs.ts";
import { readSource } from "../../ingest/imports/sources.ts";
import { submitImport, type ImportRequest } from "../../ingest/imports/submit.ts";
import { startIngestWorker, type IngestWorker } from "../../ingest/imports/worker.ts";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { config, names, openTestStores, resetStores, type TestStores } from "./stores.ts";

/** A CSV text from a header and rows, with the given delimiter (cells are quoted when needed). */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number)[])[], delimiter = ";"): string {
  const cell = (v: string | number) => (/[";,\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [header, ...rows].map((r) => r.map(cell).join(delimiter)).join("\r\n") + "\r\n";
}

/** Submit a CSV (or NDJSON) text as `requestedBy`. */
export function submitText(c: Connections, text: string, request: Partial<ImportRequest> = {}): Promise<ImportJobSummary> {
  const format = request.format ?? "csv";
  return submitImport({ knex: c.db.knex, nats: c.nats, names }, { source: "cli", format, requestedBy: "test", ...request }, readSource(Readable.from([Buffer.from(text)]), format));
}

/** An ingest worker on the test streams. */
export function startTestIngestWorker(c: Connections, options: Partial<Parameters<typeof startIngestWorker>[0]> = {}): Promise<IngestWorker> {
  return startIngestWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: config.nats.streamPrefix, ...options });
}

/** Wait until the job is completed; fails after `timeoutMs` with its last state. */
export async function waitForJob(c: Connections, id: string, timeoutMs = 60_000): Promise<ImportJobSummary> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await importJobSummary(c.db.knex, id);
    if (job?.status === "completed") return job;
    if (Date.now() > until) throw new Error(`import ${id} not completed after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Count of nodes with a label in Neo4j and rows in a PostGIS index table. */
export async function storeCounts(c: Connections): Promise<{ graphSites: number; graphFlows: number; indexSites: number; indexFlows: number; businesses: number }> {
  const { records } = await c.neo4j.executeQuery(
    "CALL () { MATCH (b:Business) RETURN count(b) AS businesses } CALL () { MATCH (s:Site) RETURN count(s) AS sites } CALL () { MATCH (f:ResourceFlow) RETURN count(f) AS flows } RETURN businesses, sites, flows",
  );
  const [site] = await c.db.knex("site_index").count<{ count: string }[]>("* as count");
  const [flow] = await c.db.knex("flow_index").count<{ count: string }[]>("* as count");
  const r = records[0]!;
  return { businesses: Number(r.get("businesses")), graphSites: Number(r.get("sites")), graphFlows: Number(r.get("flows")), indexSites: Number(site!.count), indexFlows: Number(flow!.count) };
}

/**
 * Assert that a completed import of `rows` rows into empty stores lost nothing and wrote
 * nothing twice: every row accounted for, every created flow in the graph and the index,
 * every flow at version 1 and one "created" audit row per flow (a chunk redelivered after a
 * crash is written again as "unchanged", never a second time).
 */
export async function expectWrittenOnce(c: Connections, job: ImportJobSummary, rows: number): Promise<void> {
  const r = job.rows;
  expect(r.created + r.updated + r.unchanged + r.merged + r.refused).toBe(rows);
  const counts = await storeCounts(c);
  expect(counts.graphFlows).toBe(r.created);
  expect(counts.indexFlows).toBe(counts.graphFlows);
  expect(counts.indexSites).toBe(counts.graphSites);
  const { records } = await c.neo4j.executeQuery("MATCH (f:ResourceFlow) RETURN count(f) AS n, max(f.version) AS maxVersion");
  expect(Number(records[0]!.get("maxVersion"))).toBe(1);
  const audit = await c.db.knex("audit_log").where({ entity_type: "resource_flow" }).select("action").count<{ action: string; count: string }[]>("* as count").groupBy("action");
  expect(audit.map((a) => [a.action, Number(a.count)])).toEqual([["created", counts.graphFlows]]);
}

/**
 * For a describe block: empty test stores and one ingest worker for all its tests, stopped
 * afterwards. Read `stores` inside the tests (it is set in beforeAll).
 */
export function withIngestWorker(): { readonly stores: Connections } {
  const context = {} as { stores: Connections & { close(): Promise<void> }; worker?: IngestWorker };
  beforeAll(async () => {
    context.stores = await openTestStores();
    await resetStores(context.stores);
    context.worker = await startTestIngestWorker(context.stores);
  });
  afterAll(async () => {
    await context.worker?.stop();
    await context.stores?.close();
  });
  return context;
}

/**
 * For a describe block whose tests must not see each other's jobs: the test stores, and
 * before every test emptied, then `prepare`d, then given a fresh ingest worker
 * (`workerOptions`); worker and stores stopped afterwards. Read `stores` inside hooks and
 * tests (it is set in beforeAll); a beforeEach of the block runs after the worker started.
 */
export function withIngestWorkerPerTest(
  setup: { prepare?: (stores: TestStores) => Promise<unknown>; workerOptions?: (stores: TestStores) => Partial<Parameters<typeof startIngestWorker>[0]> } = {},
): { readonly stores: TestStores } {
  const context = {} as { stores: TestStores; worker?: IngestWorker };
  beforeAll(async () => {
    context.stores = await openTestStores();
  });
  afterAll(async () => {
    await context.worker?.stop();
    await context.stores?.close();
  });
  beforeEach(async () => {
    await context.worker?.stop();
    await resetStores(context.stores);
    await setup.prepare?.(context.stores);
    context.worker = await startTestIngestWorker(context.stores, setup.workerOptions?.(context.stores));
  });
  return context;
}
