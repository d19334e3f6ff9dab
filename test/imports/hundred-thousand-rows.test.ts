import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { registerCsv } from "../../seed/register-file.ts";
import { readSource } from "../../ingest/imports/sources.ts";
import { submitImport } from "../../ingest/imports/submit.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";
import { startTestIngestWorker, storeCounts, waitForJob } from "../helpers/imports.ts";
import { names, openTestStores, resetStores } from "../helpers/stores.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;

// The benchmark's own register (same generator, seed and size), streamed as a file.
const ROWS = 100_000;
// How fast is `npm run bench:ingest`'s to measure: a timing bound here failed whenever the
// machine was busy, which says nothing about the import.

describe("a 100,000-row register", () => {
  let stores: Stores;
  let worker: IngestWorker;
  beforeAll(async () => {
    stores = await openTestStores();
    await resetStores(stores);
    worker = await startTestIngestWorker(stores);
  });
  afterAll(async () => {
    await worker?.stop();
    await resetStores(stores);
    await stores?.close();
  });

  it("imports every row, the graph and the spatial index agreeing", async () => {
    const csv = registerCsv(generateRegion({ sites: Math.ceil(ROWS / 2.9), seed: 42, idPrefix: "bench" }), ROWS);

    const queued = await submitImport(
      { knex: stores.db.knex, nats: stores.nats, names },
      { source: "cli", format: "csv", requestedBy: "test", fileName: "register.csv" },
      readSource(Readable.from([Buffer.from(csv)]), "csv"),
    );
    const job = await waitForJob(stores, queued.id, 900_000);

    const r = job.rows;
    expect(r.received).toBe(ROWS);
    expect(r.created + r.updated + r.unchanged + r.merged + r.refused).toBe(ROWS);
    const counts = await storeCounts(stores);
    expect(counts.indexFlows).toBe(counts.graphFlows);
    expect(counts.graphFlows).toBe(r.created);
  }, 900_000);
});
