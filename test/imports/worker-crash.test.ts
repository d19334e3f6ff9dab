import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { registerCsv } from "../../seed/register-file.ts";
import { importJobSummary } from "../../ledgers/import-jobs.ts";
import { expectWrittenOnce, submitText, waitForJob } from "../helpers/imports.ts";
import { openTestStores, resetStores } from "../helpers/stores.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;

/** The ingest worker as its own process, as `npm run worker:ingest` runs it. */
function spawnWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "ops/ingest-worker.ts"], { env: { ...process.env, LOG_LEVEL: "error" }, stdio: ["ignore", "ignore", "inherit"] });
}

describe("an ingest worker killed in the middle of an import", () => {
  let stores: Stores;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    stores = await openTestStores();
    await resetStores(stores);
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill("SIGTERM");
      await once(worker, "exit");
    }
    await stores?.close();
  });

  it("writes every accepted row exactly once after a restart", async () => {
    const region = generateRegion({ sites: 2_500, seed: 11, idPrefix: "crash" });
    const job = await submitText(stores, registerCsv(region, 6_000), { requestedBy: "crash-test" });
    expect(job.rows.received).toBe(6_000);

    worker = spawnWorker();
    // Kill it outright (no chance to finish or ack) once it is part-way through.
    for (let processed = 0; processed < 1_500; ) {
      await new Promise((r) => setTimeout(r, 50));
      processed = (await importJobSummary(stores.db.knex, job.id))!.rows.processed;
    }
    worker.kill("SIGKILL");
    await once(worker, "exit");
    const atKill = (await importJobSummary(stores.db.knex, job.id))!;
    expect(atKill.status).toBe("queued");
    expect(atKill.rows.processed).toBeLessThan(6_000);

    worker = spawnWorker();
    const done = await waitForJob(stores, job.id, 240_000);

    // The chunk the killed worker had in hand was written again as "unchanged", not twice.
    await expectWrittenOnce(stores, done, 6_000);
  }, 300_000);
});
