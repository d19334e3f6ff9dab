/**
 * The evaluation's own world: its own PostgreSQL database (`turash_eval`), its own Neo4j
 * (port 7699, data under .data/, started by the project's launcher as the test setup does),
 * its own Redis prefix and NATS stream prefix, and an api started as a separate process
 * (`tsx api/main.ts`) on its own port. Matches are computed on demand by the api, so no
 * matching worker is needed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../../platform/config.ts";
import { closeConnections, openConnections, type Connections } from "../../platform/connect/connections.ts";
import { ensureServices, formatReport } from "../../ops/services.ts";
import { stopNeo4j } from "../../ops/services/neo4j.ts";
import { portOf } from "../../ops/services/support.ts";
import { migrateAll } from "../../ops/migrate.ts";
import { ensureStreams } from "../../events/streams.ts";
import { emptyBenchStores } from "../bench-env.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The environment of the evaluation's api (EVAL_* variables move each store). */
export function evalEnv(): Record<string, string> {
  return {
    NODE_ENV: "development",
    LOG_LEVEL: process.env.EVAL_LOG_LEVEL ?? "warn",
    DATA_DIR: process.env.EVAL_DATA_DIR ?? path.join(REPO_ROOT, ".data"),
    PORT: process.env.EVAL_PORT ?? "8799",
    HOST: "127.0.0.1",
    DATABASE_URL: process.env.EVAL_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/turash_eval",
    NEO4J_URL: process.env.EVAL_NEO4J_URL ?? "bolt://127.0.0.1:7699",
    NEO4J_HEAP: process.env.EVAL_NEO4J_HEAP ?? "768m",
    NEO4J_PAGECACHE: process.env.EVAL_NEO4J_PAGECACHE ?? "256m",
    REDIS_URL: process.env.EVAL_REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: process.env.EVAL_REDIS_PREFIX ?? "turash-eval:",
    NATS_URL: process.env.EVAL_NATS_URL ?? "nats://127.0.0.1:4222",
    NATS_STREAM_PREFIX: process.env.EVAL_NATS_STREAM_PREFIX ?? "TURASH_EVAL",
    JWT_SECRET: "turash-eval-secret-turash-eval-secret-0123456789",
    WEBHOOK_SECRET_KEY: "turash-eval-webhook-key-turash-eval-webhook-key",
    ID_SECRET: "turash-eval-id-secret-turash-eval-id-secret-0123",
    // A batch run logs each company in once: its tokens must outlive the run, which took over
    // 15 minutes on a loaded machine against the default 15-minute access token.
    JWT_TTL_SECONDS: process.env.EVAL_JWT_TTL_SECONDS ?? "14400",
    // Every company logs in and calls from 127.0.0.1: budgets the evaluation never reaches.
    LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000",
    LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
    RATE_LIMIT_PER_API_KEY: "10000000",
    RATE_LIMIT_PER_ORGANIZATION: "10000000",
    RATE_LIMIT_PER_ADDRESS: "10000000",
  };
}

/** The stores of the evaluation, open, with the config they were opened with. */
export interface EvalStores {
  readonly config: Config;
  readonly connections: Connections;
  /** Close the connections; stop the Neo4j this run started (unless EVAL_KEEP_NEO4J=1). */
  close(): Promise<void>;
}

/** Bring the evaluation's services up, migrate both schemas and connect. */
export async function openEvalStores(log: (line: string) => void): Promise<EvalStores> {
  const config = loadConfig({ ...process.env, ...evalEnv() });
  const reports = await ensureServices(config);
  for (const report of reports) log(formatReport(report));
  const startedNeo4j = reports.some((r) => r.name === "neo4j" && r.how === "started natively");
  await migrateAll(config);
  const connections = await openConnections(config, "turash-eval");
  await ensureStreams(await connections.nats.jetstreamManager(), config.nats.streamPrefix);
  return {
    config,
    connections,
    async close() {
      await closeConnections(connections);
      if (startedNeo4j && process.env.EVAL_KEEP_NEO4J !== "1") await stopNeo4j(config.dataDir, portOf(config.neo4j.url, 7687));
    },
  };
}

/** Empty everything the evaluation stored (graph, tables, streams, cache keys) before a mode runs. */
export async function resetEvalStores(stores: EvalStores): Promise<void> {
  if (!stores.config.postgres.database.endsWith("_eval")) throw new Error("refusing to empty a database that is not the evaluation's (*_eval)");
  const tables = ["flow_index", "site_index", "match_history", "match_decisions", "audit_log", "api_keys", "memberships", "users", "proposal_status_history", "proposals", "coding_corrections", "coding_correction_history"];
  const existing = (await stores.connections.db.knex.raw(`select tablename from pg_tables where schemaname = 'public' and tablename = any(?)`, [tables])) as { rows: { tablename: string }[] };
  await emptyBenchStores(stores.connections, stores.config.nats.streamPrefix, existing.rows.map((r) => r.tablename));
  const redis = stores.connections.redis;
  const prefix = stores.config.redis.prefix;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
  } while (cursor !== "0");
}

/** The api as a separate process. */
export interface ApiProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** Spawn `tsx api/main.ts` with the evaluation's environment and wait until /readyz answers. */
export async function spawnApi(timeoutMs = 90_000): Promise<ApiProcess> {
  const env = evalEnv();
  const url = `http://127.0.0.1:${env.PORT}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(REPO_ROOT, "api/main.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the evaluation api exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the evaluation api did not become ready on ${url} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
