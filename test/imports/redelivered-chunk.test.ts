/**
 * A chunk written in both stores whose record was then lost (the worker killed, or NATS or
 * PostgreSQL gone, between the write's commit and the chunk's record) comes back and is
 * written again: the job counts its flows as created, as the graph holds them, not as
 * "unchanged" (issue 16: the fault suite's graph held more flows than the job had created).
 * A chunk whose record was kept is not written again: a late second copy of it put older
 * site content back after the job had completed (the fault suite's Neo4j case drifted).
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
import type { Connections } from "../../platform/connect/connections.ts";
import { readEntities } from "../../graph/entity-store.ts";
import { updateSite } from "../../ingest/write-path.ts";
import type { Site } from "../../domain/schemas/site.ts";

/** The ingest stream drops a message once acked: a copy of the next validated chunk as it passes. */
async function nextValidatedChunk(stores: Connections) {
  for await (const m of stores.nats.subscribe(names.subjects.ingestValidated, { max: 1 })) return ValidatedChunkSchema.parse(m.json());
  throw new Error("no validated chunk seen");
}

describe("a written chunk delivered again after its record was lost", () => {
  const context = withIngestWorker();

  it("counts its flows as created by the job, once, and writes nothing twice", async () => {
    const { stores } = context;
    const copy = nextValidatedChunk(stores);
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

  it("writes nothing when it was recorded as written: a site changed since keeps its change", async () => {
    const { stores } = context;
    const copy = nextValidatedChunk(stores);
    const job = await submitText(stores, registerCsv(generateRegion({ sites: 20, seed: 17, idPrefix: "late" }), 40), { requestedBy: "late-copy-test" });
    await waitForJob(stores, job.id);
    const chunk = await copy;
    const siteId = chunk.rows.find((r) => r.site)!.site!.externalId;
    // Someone renames the site after the import completed.
    const ctx = { neo4j: stores.neo4j, knex: stores.db.knex, publisher: createPublisher(stores.nats.jetstream(), names), actor: "late-copy-test" };
    const before = (await readEntities<Site>(stores.neo4j, "Site", [siteId])).get(siteId)!;
    await updateSite(ctx, siteId, { version: before.version, name: "Renamed after the import" });

    // A second delivery of the chunk arrives late.
    await writeChunk({ write: ctx, knex: stores.db.knex, nats: stores.nats, names }, chunk);

    const after = (await readEntities<Site>(stores.neo4j, "Site", [siteId])).get(siteId)!;
    expect(after.doc.name).toBe("Renamed after the import");
    expect(after.version).toBe(before.version + 1);
    const index = await stores.db.knex("site_index").where({ site_id: siteId }).first("name", "version");
    expect(index).toEqual({ name: "Renamed after the import", version: before.version + 1 });
  });
});
