/**
 * Scale-out on a NATS cluster: three nats-server nodes with JetStream on loopback (the
 * test's own ports and store folders, test/helpers/own-stores.ts), every stream in three
 * replicas (NATS_STREAM_REPLICAS=3), the api on node 1, the ingest worker on node 2 and the
 * matching worker on node 3 — each a process of its own, as in production. Node 2 is killed
 * with kill -9 in the middle of an import: the worker on it moves to another node and
 * nothing accepted is lost or written twice. Neo4j, PostgreSQL and Redis are the test ones.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type NatsConnection } from "nats";
import { generateRegion } from "../../seed/generate-region.ts";
import { registerCsv } from "../../seed/register-file.ts";
import { importJobSummary } from "../../ledgers/import-jobs.ts";
import { eventNames } from "../../events/streams.ts";
import { closeConnections, openConnections, type Connections } from "../../platform/connect/connections.ts";
import { ownNatsCluster } from "../helpers/own-stores.ts";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { expectWrittenOnce, waitForJob } from "../helpers/imports.ts";
import { config, resetStores } from "../helpers/stores.ts";
import { testConfig } from "../helpers/config.ts";
import { anActor, rest, V1 } from "../realtime/clients.ts";

const ROWS = 5_000;
/** Streams and subjects of this test only, so nothing another suite left interferes. */
const PREFIX = `${config.nats.streamPrefix}_CLUSTER`;
const names = eventNames(PREFIX);

type Cluster = Awaited<ReturnType<typeof ownNatsCluster>>;

/** A worker as `npm run worker:<kind>` runs it, attached to the NATS node at `natsUrl`. */
function spawnWorker(kind: "ingest" | "matching", natsUrl: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", `ops/${kind}-worker.ts`], {
    env: { ...process.env, NATS_URL: natsUrl, NATS_STREAM_PREFIX: PREFIX, NATS_STREAM_REPLICAS: "3", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** Until JetStream on the cluster has a meta leader and answers account requests. */
async function jetStreamReady(nc: NatsConnection, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await (await nc.jetstreamManager({ timeout: 2_000 })).getAccountInfo();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * What `read` answers once it names a leader: a stream or consumer led by the dead node
 * answers only after the others elected another, and until then a request times out
 * (NatsError TIMEOUT; the merged suite failed on a consumer's info once).
 */
async function onceLed<T extends { cluster?: { leader?: string } }>(what: string, read: () => Promise<T>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const info = await read();
      if (info.cluster?.leader) return info;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${what} has no leader after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("a three-node NATS JetStream cluster losing a node in the middle of an import", () => {
  let cluster: Cluster;
  let probe: NatsConnection;
  let stores: Connections;
  let api: RunningTestApi | undefined;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await ownNatsCluster(3);
    const [n1] = cluster.nodes;
    probe = await connect({ servers: n1!.url.replace("nats://", ""), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    await jetStreamReady(probe);
    // The test's own view of the stores, through node 1 like the api.
    stores = await openConnections(testConfig({ NATS_URL: n1!.url, NATS_STREAM_PREFIX: PREFIX, NATS_STREAM_REPLICAS: "3" }), "turash-cluster-test");
    await resetStores(stores);
    // The api creates the streams (R3) on start.
    api = await startTestApi({ NATS_URL: n1!.url, NATS_STREAM_PREFIX: PREFIX, NATS_STREAM_REPLICAS: "3" });
  });
  afterAll(async () => {
    for (const w of workers) {
      if (w.exitCode === null && w.signalCode === null) {
        w.kill("SIGTERM");
        await once(w, "exit");
      }
    }
    await api?.stop();
    await probe?.close();
    if (stores) await closeConnections(stores);
    await cluster?.destroy();
  });

  it("keeps every stream in three replicas, and writes every accepted row exactly once though the worker's node died", async () => {
    const [, n2, n3] = cluster.nodes;
    const jsm = await probe.jetstreamManager();
    for (const stream of Object.values(names.streams)) {
      const info = await jsm.streams.info(stream);
      expect(info.config.num_replicas, stream).toBe(3);
      expect([info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)].sort(), stream).toEqual(["n1", "n2", "n3"]);
    }

    workers.push(spawnWorker("ingest", n2!.url), spawnWorker("matching", n3!.url));
    const facilitator = await anActor(stores.db.knex, rest(api!.url), "facilitator");
    const region = generateRegion({ sites: 2_000, seed: 16, idPrefix: "cluster" });
    const res = await fetch(`${api!.url}${V1}/imports?fileName=cluster.csv`, {
      method: "POST",
      headers: { authorization: `Bearer ${facilitator.token}`, "content-type": "text/csv" },
      body: registerCsv(region, ROWS),
    });
    const accepted = (await res.json()) as { id: string; rows: { received: number } };
    expect(res.status, JSON.stringify(accepted)).toBe(202);
    expect(accepted.rows.received).toBe(ROWS);

    // Kill the ingest worker's node outright once the import is part-way through.
    for (let processed = 0; processed < ROWS / 4; ) {
      await new Promise((r) => setTimeout(r, 50));
      processed = (await importJobSummary(stores.db.knex, accepted.id))!.rows.processed;
    }
    await n2!.kill();
    const atKill = (await importJobSummary(stores.db.knex, accepted.id))!;
    expect(atKill.rows.processed).toBeLessThan(ROWS);

    const done = await waitForJob(stores, accepted.id, 240_000);
    await expectWrittenOnce(stores, done, ROWS);

    // The two nodes left still lead every stream, and the matching worker on node 3 went on
    // consuming the flow events the import published.
    // A stream led by the dead node answers only once the two left have elected a new leader.
    for (const stream of Object.values(names.streams)) expect((await onceLed(stream, () => jsm.streams.info(stream))).cluster?.leader, stream).toMatch(/^n[13]$/);
    const matching = await onceLed(`consumer matching of ${names.streams.events}`, () => jsm.consumers.info(names.streams.events, "matching"));
    expect(matching.delivered.stream_seq).toBeGreaterThan(0);
    expect(workers.every((w) => w.exitCode === null && w.signalCode === null)).toBe(true);
  }, 300_000);
});
