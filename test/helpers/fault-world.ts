/**
 * A small Turash of the fault suite's own: PostgreSQL, Redis and NATS instances of the
 * test's own (own-stores.ts) with the test Neo4j (emptied; the suite's files run one at a
 * time), an api, an ingest worker and a matching worker as separate processes, as
 * `npm run serve` / `worker:ingest` / `worker:matching` run them. Any part can be killed
 * with kill -9 and started again on the same port and data. `revive()` starts whatever a
 * failed case left dead — the test Neo4j above all, which later files need (`destroy()`
 * does so); `reset()` empties its stores, for a world shared by several cases.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Readable } from "node:stream";
import type { Config } from "../../platform/config.ts";
import { closeConnections, openConnections, type Connections } from "../../platform/connect/connections.ts";
import { migrateAll } from "../../ops/migrate.ts";
import { eventNames } from "../../events/streams.ts";
import { readSource } from "../../ingest/imports/sources.ts";
import { submitImport } from "../../ingest/imports/submit.ts";
import { importJobSummary, type ImportJobSummary } from "../../ledgers/import-jobs.ts";
import { INGEST_CONSUMERS } from "../../ingest/imports/worker.ts";
import { testConfig } from "./config.ts";
import { freePort } from "../../ops/services/support.ts";
import { ownNats, ownPostgres, ownRedis } from "./own-stores.ts";
import { emptyStores } from "./stores.ts";
import { ensureNeo4j, runningLauncherPid } from "../../ops/services/neo4j.ts";
import { portOf, processAlive } from "../../ops/services/support.ts";

/** Something the suite can kill -9 and start again. */
export interface Killable {
  start(): Promise<void>;
  kill(): Promise<void>;
}

/** A part of Turash run as its own process. */
interface Proc extends Killable {
  stop(): Promise<void>;
}

/** The world a fault test runs in. */
export interface FaultWorld {
  readonly config: Config;
  /** The test's own connections to the world's stores (they reconnect by themselves). */
  readonly stores: Connections;
  readonly apiUrl: string;
  readonly parts: Readonly<Record<FaultPart, Killable>>;
  /** Start every part a case killed and did not start again. */
  revive(): Promise<void>;
  /** Empty the graph and the ledgers for the next case (the parts keep running). */
  reset(): Promise<void>;
  destroy(): Promise<void>;
}

/** The parts a case can kill. */
export type FaultPart = "neo4j" | "postgres" | "redis" | "nats" | "api" | "ingest worker" | "matching worker";

/** `part`, remembering whether it is down, so that {@link FaultWorld.revive} starts only what is. */
function tracked(part: Killable): Killable & { revive(): Promise<void> } {
  let down = false;
  const start = async () => {
    await part.start();
    down = false;
  };
  return {
    start,
    async kill() {
      down = true;
      await part.kill();
    },
    async revive() {
      if (down) await start();
    },
  };
}

/**
 * The test Neo4j as a part: kill -9 of the launcher's process (the engine runs in it), and
 * started again as the test setup starts it, on the same port and data folder. Only a
 * Neo4j the test setup started has a launcher pid; the suite never kills another.
 */
function testNeo4j(config: Config): Killable {
  const port = portOf(config.neo4j.url, 7687);
  return {
    async kill() {
      const pid = runningLauncherPid(config.dataDir, port);
      if (pid === undefined) throw new Error(`no Neo4j launcher of the test setup runs for port ${port} (pid file in ${config.dataDir}); the suite kills only a Neo4j the test setup started`);
      process.kill(pid, "SIGKILL");
      await until("the killed Neo4j gone", async () => !processAlive(pid), 30_000);
    },
    async start() {
      await ensureNeo4j(config.neo4j, config.dataDir);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it is true, at most `ms` (a bound against hangs, not a timing assert). */
export async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${ms} ms`);
    await sleep(250);
  }
}

/** `script` as a child process with `env`; `ready` says when it is up. */
function processPart(script: string, env: Record<string, string>, ready: () => Promise<boolean>): Proc {
  let child: ChildProcess | undefined;
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
    child = undefined;
  };
  return {
    async start() {
      child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
      await until(`${script} ready`, ready, 90_000);
    },
    kill,
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000).then(kill)]);
    },
  };
}

/** Start a world on the test Neo4j, emptied first. */
export async function startFaultWorld(): Promise<FaultWorld> {
  const [postgres, redis, nats] = await Promise.all([ownPostgres("turash_faults"), ownRedis(), ownNats()]);
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    NATS_URL: nats.url,
    NATS_STREAM_PREFIX: "FAULTS",
    LOG_LEVEL: "error",
  };
  const config = testConfig(env);
  await migrateAll(config);
  const stores = await openConnections(config, "fault-test");
  await emptyStores(stores);
  const apiUrl = `http://127.0.0.1:${port}`;
  const api = processPart("api/main.ts", { ...env, PORT: String(port), HOST: "127.0.0.1" }, async () => (await fetch(`${apiUrl}/readyz`)).status === 200);
  // A worker is up once its durable consumers exist (they are created at start).
  const consumer = (stream: string, name: string) => async () => {
    const jsm = await stores.nats.jetstreamManager();
    return (await jsm.consumers.info(stream, name)) !== undefined;
  };
  const names = eventNames("FAULTS");
  const ingest = processPart("ops/ingest-worker.ts", env, consumer(names.streams.ingest, "ingest-write"));
  const matching = processPart("ops/matching-worker.ts", env, async () => true);
  await api.start(); // first: it creates the streams
  await Promise.all([ingest.start(), matching.start()]);
  const parts = {
    neo4j: tracked(testNeo4j(config)),
    postgres: tracked(postgres),
    redis: tracked(redis),
    nats: tracked(nats),
    api: tracked(api),
    "ingest worker": tracked(ingest),
    "matching worker": tracked(matching),
  };
  // Stores first: the processes need them to start.
  const revive = async () => {
    await Promise.all([parts.neo4j, parts.postgres, parts.redis, parts.nats].map((p) => p.revive()));
    await parts.api.revive();
    await Promise.all([parts["ingest worker"].revive(), parts["matching worker"].revive()]);
  };
  return {
    config,
    stores,
    apiUrl,
    parts,
    revive,
    reset: () => emptyStores(stores),
    async destroy() {
      // The test Neo4j outlives the world: later files need it up.
      await parts.neo4j.revive();
      await Promise.all([api.stop(), ingest.stop(), matching.stop()]);
      await closeConnections(stores).catch(() => undefined);
      await Promise.all([postgres.destroy(), redis.destroy(), nats.destroy()]);
    },
  };
}

/** Submit a CSV text as an import (as `npm run import` does); the job as created. */
export function submitCsv(world: FaultWorld, text: string): Promise<ImportJobSummary> {
  return submitImport(
    { knex: world.stores.db.knex, nats: world.stores.nats, names: eventNames("FAULTS") },
    { source: "cli", format: "csv", requestedBy: "fault-test" },
    readSource(Readable.from([Buffer.from(text)]), "csv"),
  );
}

/** The job's summary, or undefined while PostgreSQL does not answer. */
export async function jobNow(world: FaultWorld, id: string): Promise<ImportJobSummary | undefined> {
  return importJobSummary(world.stores.db.knex, id).catch(() => undefined);
}

/**
 * Whether the ingest pipeline has nothing left to do: both stage consumers have no message
 * waiting and none delivered but unacknowledged. A job can complete while a second copy of
 * one of its chunks is still on its way (a redelivery); the stores are compared only after.
 */
export async function ingestIdle(world: FaultWorld): Promise<boolean> {
  const jsm = await world.stores.nats.jetstreamManager();
  const stream = eventNames("FAULTS").streams.ingest;
  for (const name of Object.values(INGEST_CONSUMERS)) {
    const info = await jsm.consumers.info(stream, name);
    if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
  }
  return true;
}
