/**
 * The bounds of an import (IMPORT_MAX_BYTES, IMPORT_MAX_LINE_BYTES, IMPORT_REFUSED_ROWS_STORED)
 * as an importer meets them through REST, against the real stores and pipeline.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestIngestWorker, storeCounts } from "../helpers/imports.ts";
import { problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { resetStores } from "../helpers/stores.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";

const V1 = "/api/v1";
const row = (name: string, lat: number) =>
  JSON.stringify({ Company: name, NACE: "10.51", Latitude: lat, Longitude: 11.71, Direction: "offer", "Resource type": "waste_heat_low", Quantity: 2500, Unit: "MWh/yr" });

describe("import limits", () => {
  let api: TestApi;
  let worker: IngestWorker;
  let facilitator: Actor;

  beforeAll(async () => {
    api = await startHttpApi({ IMPORT_MAX_BYTES: "65536", IMPORT_MAX_LINE_BYTES: "1024", IMPORT_REFUSED_ROWS_STORED: "100" });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });
  beforeEach(async () => {
    await worker?.stop();
    await resetStores(api.stores);
    worker = await startTestIngestWorker(api.stores);
    facilitator = await api.actor("facilitator");
  });

  const upload = (body: string | ReadableStream, type = "application/x-ndjson") =>
    fetch(`${api.url}${V1}/imports`, { method: "POST", headers: { authorization: `Bearer ${facilitator.token}`, "content-type": type }, body, duplex: "half" } as RequestInit);

  async function finished(id: string) {
    for (let i = 0; i < 600; i++) {
      const res = await api.request("get", `${V1}/imports/${id}?limit=1000`, { token: facilitator.token });
      if (res.body.status === "completed") return res.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`import ${id} did not complete`);
  }

  it("refuses a body over IMPORT_MAX_BYTES with a 413 problem naming the limit, and creates no job and no rows", async () => {
    const body = `${row("Holbæk Mejeri A/S", 55.7)}\n`.repeat(1_000); // ~170 kB, over 64 KiB
    const res = await upload(body);

    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413, field: "body", limitBytes: 65_536 });
    expect(problem.detail).toContain("65536 bytes");
    expect(await api.knex("import_jobs").count<{ count: string }[]>("* as count")).toEqual([{ count: "0" }]);
    expect(await storeCounts(api.stores)).toMatchObject({ graphSites: 0, indexSites: 0, businesses: 0 });
  });

  it("stops reading a streamed body without a length once it passes the limit: 413, the job interrupted", async () => {
    const line = new TextEncoder().encode(`${row("Kalundborg Varme", 55.68)}\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Endless unless the server stops reading: the limit must end it.
        sent += line.length;
        if (sent > 10_000_000) controller.close();
        else controller.enqueue(line);
      },
    });
    const res = await upload(stream);

    expect(res.status).toBe(413);
    const problem = problemOf({ status: res.status, headers: res.headers, body: await res.json() });
    expect(problem).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limitBytes: 65_536 });
    expect(sent).toBeLessThan(10_000_000);
    const job = await api.knex("import_jobs").where({ id: problem.jobId }).first("status");
    expect(job).toEqual({ status: "interrupted" });
  });

  it("refuses a line longer than IMPORT_MAX_LINE_BYTES by its line number and imports the rows before and after it", async () => {
    const long = JSON.stringify({ Company: "x".repeat(50_000) });
    const body = [row("Holbæk Mejeri A/S", 55.715), long, row("Kalundborg Varme", 55.68)].join("\n") + "\n";
    const res = await upload(body);
    expect(res.status).toBe(202);

    const job = await finished((await res.json()).id);
    expect(job.rows).toMatchObject({ received: 3, imported: 2, refused: 1, refusedStored: 1 });
    expect(job.errors).toEqual([{ line: 2, field: "(row)", reason: "line longer than 1024 bytes", value: null }]);
    expect(job.errorsTruncated).toBe(false);
    expect(await storeCounts(api.stores)).toMatchObject({ businesses: 2, graphFlows: 2, indexFlows: 2 });
  });

  it("counts 5,000 refused rows but stores the first 100 of them (IMPORT_REFUSED_ROWS_STORED)", async () => {
    const lines: string[] = [row("Holbæk Mejeri A/S", 55.715)];
    for (let i = 0; i < 2_500; i++) lines.push("not json");
    for (let i = 0; i < 2_500; i++) lines.push(row(`Nowhere ${i}`, 95));
    lines.push(row("Kalundborg Varme", 55.68));
    const ndjson = lines.join("\n") + "\n";
    // Over the 64 KiB of this suite's api: this file goes in through an api with the default size.
    const big = await startHttpApi({ IMPORT_REFUSED_ROWS_STORED: "100" });
    try {
      const res = await fetch(`${big.url}${V1}/imports`, { method: "POST", headers: { authorization: `Bearer ${facilitator.token}`, "content-type": "application/x-ndjson" }, body: ndjson });
      expect(res.status).toBe(202);
      const job = await finished((await res.json()).id);

      expect(job.rows).toMatchObject({ received: 5_002, imported: 2, refused: 5_000, refusedStored: 100 });
      expect(job.errorsTruncated).toBe(true);
      expect(job.errors).toHaveLength(100);
      expect(job.errors[0]).toEqual({ line: 2, field: "(row)", reason: expect.stringContaining("not JSON"), value: null });
      const stored = await api.knex("import_row_errors").where({ job_id: job.id }).countDistinct("line as count").first();
      expect(Number(stored?.count)).toBe(100);
    } finally {
      await big.stop();
    }
  });
});
