/**
 * A small Turash of the fault suite's own: PostgreSQL, Redis and NATS instances of the
 * test's own (own-stores.ts) with the test Neo4j (emptied; the suite's files run one at a
 * time), an api, an ingest worker and a matching worker as separate processes, as
 * `npm run serve` / `worker:ingest` / `worker:matching` run them. Any part can be killed
 * with kill -9 and started again on the same port and data.
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
import { testConfig } from "./config.ts";
import { freePort } from "../../ops/services/support.ts";
import { ownNats, ownPostgres, ownRedis } from "./own-stores.ts";

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
  readonly parts: Readonly<Record<"postgres" | "redis" | "nats" | "api" | "ingest worker" | "matching worker", Killable>>;
  destroy(): Promise<void>;
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

async function emptyGraph(stores: Connections): Promise<void> {
  const session = stores.neo4j.session();
  try {
    await session.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
  }
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
  await emptyGraph(stores);
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
    postgres,
    redis,
    nats,
    api,
    "ingest worker": ingest,
    "matching worker": matching,
  };
  return {
    config,
    stores,
    apiUrl,
    parts,
    async destroy() {
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
