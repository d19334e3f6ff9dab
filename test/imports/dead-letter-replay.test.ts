import { describe, expect, it } from "vitest";
import { listDeadLetters, replayDeadLetters } from "../../events/dead-letters.ts";
import { createImportJob, importJobSummary, markReceived } from "../../ledgers/import-jobs.ts";
import { mapColumns } from "../../ingest/imports/columns.ts";
import { newJobId } from "../../ingest/imports/submit.ts";
import { storeCounts, waitForJob, withIngestWorker } from "../helpers/imports.ts";
import { names } from "../helpers/stores.ts";
import type { Connections } from "../../platform/connect/connections.ts";

describe("replaying dead letters after the cause is fixed", () => {
  const ctx = withIngestWorker();

  it("puts a chunk refused for a missing job back through the pipeline once the job exists", async () => {
    const { stores } = ctx;
    // A fresh id each run: JetStream drops a stage's repeated message ids for an hour.
    const jobId = newJobId();
    const chunk = {
      jobId,
      chunk: 0,
      rows: [{ line: 2, fields: { companyName: "Replay Mejeri", naceCode: "10.51", lat: "55.7", lon: "11.1", direction: "offer", resourceType: "whey", quantity: "500", unit: "t/yr" } }],
    };
    await stores.nats.jetstream().publish(names.subjects.ingestRaw, JSON.stringify(chunk));
    let letters = await waitForLetters(stores, 1);
    expect(letters[0]!.letter.reason).toBe(`failed: no import job ${jobId}`);
    expect(JSON.parse(letters[0]!.letter.payload)).toEqual(chunk);

    // The fix: the job the chunk belongs to is registered.
    const { mapping } = mapColumns(Object.keys(chunk.rows[0]!.fields));
    await createImportJob(stores.db.knex, { id: jobId, source: "cli", format: "csv", fileName: null, requestedBy: "test", ownerOrgId: null, mapping, decimalComma: false });
    await markReceived(stores.db.knex, jobId, 1, 1, "queued");
    const result = await replayDeadLetters(stores.nats, names, letters);

    expect(result).toEqual({ replayed: 1, failed: [] });
    const job = await waitForJob(stores, jobId);
    expect(job.rows).toMatchObject({ created: 1, refused: 0 });
    expect((await storeCounts(stores)).graphFlows).toBe(1);
    letters = await listDeadLetters(stores.nats, names, { source: "ingest-raw" });
    expect(letters).toEqual([]);
    expect((await importJobSummary(stores.db.knex, jobId))!.status).toBe("completed");
  });
});

async function waitForLetters(stores: Connections, n: number) {
  for (let i = 0; i < 100; i++) {
    const letters = await listDeadLetters(stores.nats, names, { source: "ingest-raw" });
    if (letters.length >= n) return letters;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no dead letter arrived");
}
