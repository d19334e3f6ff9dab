/**
 * What the benchmarks share: their own database and Neo4j instance (never development
 * data; BENCH_DATABASE_URL / BENCH_NEO4J_URL move them), a Redis and NATS prefix of
 * their own, and emptying those stores between runs.
 */
import type { Config } from "../platform/config.ts";
import { openConnections, type Connections } from "../platform/connect/connections.ts";
import { ensureStreams, eventNames } from "../events/streams.ts";
import { ensureServices, formatReport } from "../ops/services.ts";
import { migrateAll } from "../ops/migrate.ts";
import { runningLauncherPid, stopNeo4j } from "../ops/services/neo4j.ts";
import { portOf } from "../ops/services/support.ts";
import { listening } from "./processes.ts";
import { log } from "./report.ts";

/** The environment a benchmark runs in; `name` separates Redis keys and streams per benchmark. */
export function benchEnv(redisPrefix: string, streamPrefix: string): NodeJS.ProcessEnv & Record<"REDIS_PREFIX" | "NATS_STREAM_PREFIX", string> {
  return {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/turash_bench",
    NEO4J_URL: process.env.BENCH_NEO4J_URL ?? "neo4j://127.0.0.1:7691",
    NEO4J_HEAP: process.env.BENCH_NEO4J_HEAP ?? "2g",
    NEO4J_PAGECACHE: process.env.BENCH_NEO4J_PAGECACHE ?? "2g",
    REDIS_PREFIX: redisPrefix,
    NATS_STREAM_PREFIX: streamPrefix,
    LOG_LEVEL: "warn",
  };
}

/**
 * The environment of a benchmark with stores of its own, named `name`: database
 * `turash_bench_<name>` and a Neo4j on `neo4jPort` (BENCH_<NAME>_DATABASE_URL /
 * BENCH_<NAME>_NEO4J_URL move them), Redis prefix `turash-bench-<name>:`, stream prefix
 * TURASH_BENCH_<NAME>, a 1 GB Neo4j heap (BENCH_NEO4J_HEAP) and `pagecache`
 * (BENCH_NEO4J_PAGECACHE), then `extra`.
 */
export function ownBenchEnv(name: string, neo4jPort: number, pagecache: string, extra: Record<string, string>): ReturnType<typeof benchEnv> {
  const upper = name.toUpperCase();
  return {
    ...benchEnv(`turash-bench-${name}:`, `TURASH_BENCH_${upper}`),
    DATABASE_URL: process.env[`BENCH_${upper}_DATABASE_URL`] ?? `postgres://postgres@127.0.0.1:5432/turash_bench_${name}`,
    NEO4J_URL: process.env[`BENCH_${upper}_NEO4J_URL`] ?? `neo4j://127.0.0.1:${neo4jPort}`,
    NEO4J_HEAP: process.env.BENCH_NEO4J_HEAP ?? "1g",
    NEO4J_PAGECACHE: process.env.BENCH_NEO4J_PAGECACHE ?? pagecache,
    ...extra,
  };
}

/** Empty the bench graph (keeping migrations), the given tables and the bench's streams. */
export async function emptyBenchStores(c: Connections, streamPrefix: string, tables: readonly string[]): Promise<void> {
  const session = c.neo4j.session();
  try {
    await session.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
  }
  await c.db.knex.raw(`truncate ${tables.join(", ")} restart identity cascade`);
  const jsm = await c.nats.jetstreamManager();
  for (const stream of Object.values(eventNames(streamPrefix).streams)) await jsm.streams.purge(stream).catch(() => undefined);
}

/**
 * Bring a benchmark's services up (a Neo4j on the configured port started natively when
 * none runs), migrate, connect and create its streams. Refuses a Neo4j on that port that
 * this checkout did not start unless `neo4jUrlVariable` is set (the operator named the instance): the
 * benchmark empties its graph, never one another checkout or engineer runs. `stopOwnNeo4j`
 * stops the Neo4j only when this call started it.
 */
export async function openBenchStores(config: Config, name: string, neo4jUrlVariable: string): Promise<{ c: Connections; stopOwnNeo4j: () => Promise<void> }> {
  const neo4jPort = portOf(config.neo4j.url, 7687);
  if (process.env[neo4jUrlVariable] === undefined && (await listening(neo4jPort)) && runningLauncherPid(config.dataDir, neo4jPort) === undefined)
    throw new Error(`a Neo4j this checkout did not start listens on ${neo4jPort}: not emptying it; set ${neo4jUrlVariable} to a free port or your own bench instance`);
  const reports = await ensureServices(config);
  for (const r of reports) log(formatReport(r));
  const startedNeo4j = reports.some((r) => r.name === "neo4j" && r.how === "started natively");
  await migrateAll(config);
  const c = await openConnections(config, name);
  await ensureStreams(await c.nats.jetstreamManager(), config.nats.streamPrefix);
  return {
    c,
    stopOwnNeo4j: async () => {
      if (startedNeo4j) await stopNeo4j(config.dataDir, neo4jPort);
    },
  };
}
