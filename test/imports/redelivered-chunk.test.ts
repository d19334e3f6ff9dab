/**
 * A chunk written in both stores whose record was then lost (the worker killed, or NATS or
 * PostgreSQL gone, between the write's commit and the chunk's record) comes back and is
 * written again: the job counts its flows as created, as the graph holds them, not as
 * "unchanged" (issue 16: the fault suite's graph held more flows than the job had created).
 */
import { describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { registerCsv } from "../../seed/register-file.ts";
import { createPublisher } from "../../events/publisher.ts";
import { ValidatedChunkSchema } from "../../ingest/imports/messages.ts";
import { writeChunk } from "../../ingest/imports/write-stage.ts";
import { importJobSummary } from "../../ledgers/import-jobs.ts";
import { expectWrittenOnce, submitText, waitForJob, withIngestWorker } from "../helpers/imports.ts";
import { names } from "../helpers/stores.ts";

describe("a written chunk delivered again after its record was lost", () => {
  const context = withIngestWorker();

  it("counts its flows as created by the job, once, and writes nothing twice", async () => {
    const { stores } = context;
    // The ingest stream drops a message once acked: keep a copy of the validated chunk as it passes.
    const seen = stores.nats.subscribe(names.subjects.ingestValidated, { max: 1 });
    const copy = (async () => {
      for await (const m of seen) return ValidatedChunkSchema.parse(m.json());
      throw new Error("no validated chunk seen");
    })();
    const job = await submitText(stores, registerCsv(generateRegion({ sites: 20, seed: 16, idPrefix: "redeliver" }), 40), { requestedBy: "redeliver-test" });
    const first = await waitForJob(stores, job.id);
    expect(first.rows.created).toBeGreaterThan(0);

    // What a crash after the commit leaves: the stores written, the chunk not recorded.
    const chunk = await copy;
    await stores.db.knex("import_chunks").where({ job_id: job.id, chunk_no: chunk.chunk, stage: "written" }).delete();
    await stores.db.knex("import_jobs").where({ id: job.id }).update({ status: "queued", finished_at: null });

    const js = stores.nats.jetstream();
    await writeChunk({ write: { neo4j: stores.neo4j, knex: stores.db.knex, publisher: createPublisher(js, names) }, knex: stores.db.knex, nats: stores.nats, names }, chunk);

    const again = (await importJobSummary(stores.db.knex, job.id))!;
    expect(again.status).toBe("completed");
    expect(again.rows).toMatchObject({ created: first.rows.created, updated: first.rows.updated, unchanged: first.rows.unchanged });
    await expectWrittenOnce(stores, again, 40);
  });
});
