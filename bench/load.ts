/**
 * Load benchmark (`npm run bench:load`): the deployed shape on loopback — 2 api processes,
 * 2 ingest workers and 2 matching workers, each its own `node` process as in production —
 * on stores of its own (database `turash_bench_load`, a Neo4j on port 7701 that this
 * checkout starts — it refuses a Neo4j on that port that it did not start, and stops its own at the end — Redis prefix
 * `turash-bench-load:`, stream prefix TURASH_BENCH_LOAD), never development data.
 *
 * Seeded: a generated region (seed/generate-region.ts, seed 42, BENCH_LOAD_SITES sites)
 * through the write path; its events are dropped before the workers start, so every
 * scenario begins with idle workers.
 *
 * Scenarios (autocannon as a library, connections spread over both api processes):
 * - `match_reads_cached`: GET /resource-flows/{id}/matches of flows read once before;
 * - `match_reads_uncached`: the same for flows never read (the cache emptied first): each
 *   request computes (prefilter, score, persist) — a fixed number of requests, one per flow;
 * - `flow_writes`: POST /resource-flows, a new flow each (what partners push);
 * - `match_reads_during_import`: cached reads while a 20k-row CSV import runs through the
 *   ingest workers (the import's own rows/s beside them);
 * - socket fan-out: 1,000 Socket.IO clients (socket.io-client, half on each api) of one
 *   organization; each round a flow is written that matches one of its flows and every
 *   client's `match:*` event is timed from the write (`write_to_socket`); the floor, in
 *   the same run and interleaved round by round: a core NATS publish relayed by a bare
 *   Socket.IO server (bench/load/relay.ts) to 1,000 clients of its own (`nats_to_socket_bare`).
 *
 * Writes bench/results/load.json: per scenario `scenario`, `requests_per_second`,
 * `p50_ms`, `p99_ms`, `errors` (and more), the fan-out percentiles and their ratio to the
 * floor (target ≤ 2× at p95, a miss marked), the seeded data, the processes and the machine.
 * Sized for 2 cores: short scenarios, few connections; a shared machine makes it noisy.
 *
 * Env: BENCH_LOAD_SITES=3000  BENCH_LOAD_SECONDS=10  BENCH_LOAD_CONNECTIONS=8
 *      BENCH_LOAD_UNCACHED=400  BENCH_LOAD_CLIENTS=1000  BENCH_LOAD_ROUNDS=20
 *      BENCH_LOAD_IMPORT_ROWS=20000  BENCH_LOAD_DATABASE_URL  BENCH_LOAD_NEO4J_URL
 *      BENCH_LOAD_KEEP_NEO4J=1 (leave the Neo4j it started running)
 * Each process's output: $TMPDIR/turash-bench-load/<process>.log.
 */
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { io, type Socket } from "socket.io-client";
import { loadConfig } from "../platform/config.ts";
import { closeConnections, type Connections } from "../platform/connect/connections.ts";
import { freePort } from "../ops/services/support.ts";
import { createPublisher } from "../events/publisher.ts";
import { eventNames } from "../events/streams.ts";
import { generateRegion } from "../seed/generate-region.ts";
import { registerCsv } from "../seed/register-file.ts";
import { seedRegion } from "../ingest/seed-region.ts";
import { importJobSummary } from "../ledgers/import-jobs.ts";
import { addMembership, createUser } from "../ledgers/accounts.ts";
import { MatchService } from "../match-service/service.ts";
import { emptyBenchStores, openBenchStores, ownBenchEnv } from "./bench-env.ts";
import { log, machine, round, writeResult } from "./report.ts";
import { pct, startProcess as startChild, stopProcesses, waitReady } from "./processes.ts";

/** Where each process's output goes (one file per process, replaced each run). */
const LOG_DIR = join(tmpdir(), "turash-bench-load");
const SITES = Number(process.env.BENCH_LOAD_SITES ?? 3_000);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 8);
const UNCACHED = Number(process.env.BENCH_LOAD_UNCACHED ?? 400);
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 20);
const IMPORT_ROWS = Number(process.env.BENCH_LOAD_IMPORT_ROWS ?? 20_000);
const EVENT_WAIT_MS = 15_000;
const V1 = "/api/v1";

const env = ownBenchEnv("load", 7701, "512m", {
  // One address makes every request of the benchmark: budgets it never reaches.
  RATE_LIMIT_PER_API_KEY: "10000000",
  RATE_LIMIT_PER_ORGANIZATION: "10000000",
  RATE_LIMIT_PER_ADDRESS: "10000000",
  LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
  INGEST_WORKER_METRICS_PORT: "0",
  MATCHING_WORKER_METRICS_PORT: "0",
});

/** A child process of the benchmark with the load env; resolves once a line of its output satisfies `ready`. */
const startProcess = (label: string, args: string[], extra: Record<string, string>, ready: (line: string) => boolean): Promise<ChildProcess> =>
  startChild(label, args, { ...env, ...extra }, LOG_DIR, ready);

async function call(url: string, method: string, path: string, token: string | undefined, body?: unknown, type = "application/json"): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": type } : {}) }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A user of `role` who is org_admin of `orgIds`, logged in: the access token. */
async function actor(c: Connections, apiUrl: string, name: string, role: "org_admin" | "facilitator", orgIds: readonly string[]): Promise<string> {
  const email = `${name}-${Date.now()}@bench.invalid`;
  const password = `bench-${Math.random().toString(36).slice(2)}-password`;
  const { user } = await createUser(c.db.knex, { email, password, displayName: name, role });
  for (const orgId of orgIds) await addMembership(c.db.knex, user.id, orgId, "org_admin");
  const res = await call(apiUrl, "POST", `${V1}/auth/login`, undefined, { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

interface Scenario {
  scenario: string;
  requests: number;
  requests_per_second: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  non_2xx: number;
  /** Answers by HTTP status (autocannon's statusCodeStats), so an error names its kind. */
  status_codes: Record<string, number>;
  connections: number;
  seconds: number;
}

/** One autocannon run over both api processes. */
async function cannon(name: string, urls: string[], options: Partial<autocannon.Options>): Promise<Scenario> {
  const result = await autocannon({
    // autocannon spreads connections round-robin over several URLs (lib/run.js); its types name one.
    url: urls as unknown as string,
    connections: CONNECTIONS,
    ...(options.amount ? {} : { duration: SECONDS }),
    timeout: 30,
    ...options,
  });
  const scenario: Scenario = {
    scenario: name,
    requests: result.requests.total,
    requests_per_second: round(result.requests.total / result.duration, 1),
    p50_ms: result.latency.p50,
    p90_ms: result.latency.p90,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    non_2xx: result.non2xx,
    status_codes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count])),
    connections: result.connections,
    seconds: round(result.duration, 1),
  };
  log(`${name}: ${scenario.requests} requests, ${scenario.requests_per_second} req/s, p50 ${scenario.p50_ms} ms, p99 ${scenario.p99_ms} ms, ${scenario.errors} errors ${JSON.stringify(scenario.status_codes)}`);
  return scenario;
}

/** `count` Socket.IO clients on `urls` (round-robin), connected. */
async function clients(urls: string[], count: number, auth: Record<string, string> | undefined): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => io(urls[(i + j) % urls.length]!, { transports: ["websocket"], auth, reconnection: false, forceNew: true }));
    await Promise.all(batch.map((s) => new Promise<void>((resolve, reject) => (s.once("connect", () => resolve()), s.once("connect_error", reject)))));
    sockets.push(...batch);
  }
  return sockets;
}

/**
 * Time from `trigger()` to each client's first `event` after it, ms; clients that got none
 * within EVENT_WAIT_MS are counted as missed.
 */
async function round_(sockets: Socket[], events: string[], trigger: () => Promise<void>): Promise<{ ms: number[]; missed: number }> {
  const ms: number[] = [];
  let pending = sockets.length;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const started = performance.now();
  const handlers = sockets.map((s) => {
    let got = false;
    const h = () => {
      if (got) return;
      got = true;
      ms.push(performance.now() - started);
      if (--pending === 0) done();
    };
    for (const e of events) s.on(e, h);
    return h;
  });
  await trigger();
  await Promise.race([all, new Promise((r) => setTimeout(r, EVENT_WAIT_MS))]);
  sockets.forEach((s, i) => events.forEach((e) => s.off(e, handlers[i])));
  return { ms, missed: sockets.length - ms.length };
}

async function main(): Promise<void> {
  const config = loadConfig(env);
  const { c, stopOwnNeo4j } = await openBenchStores(config, "turash-bench-load", "BENCH_LOAD_NEO4J_URL");
  const prefix = config.nats.streamPrefix;
  const names = eventNames(prefix);
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  try {
    await emptyBenchStores(c, prefix, ["flow_index", "site_index", "match_history", "match_decisions", "audit_log", "import_jobs", "memberships", "users"]);
    await c.redis.eval("for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 0", 0, `${config.redis.prefix}*`);
    const region = generateRegion({ sites: SITES, seed: 42, idPrefix: "load" });
    const ctx = { neo4j: c.neo4j, knex: c.db.knex, publisher: createPublisher(c.nats.jetstream(), names), actor: "bench" };
    const seeded = await seedRegion(ctx, { businesses: region.businesses, sites: region.sites, flows: region.flows });
    // The seed's events would keep the matching workers busy through every scenario.
    await (await c.nats.jetstreamManager()).streams.purge(names.streams.events);
    log(`seeded ${region.businesses.length} businesses, ${region.sites.length} sites, ${region.flows.length} flows in ${seeded.seconds.toFixed(1)} s`);

    // A demand flow with a match, and the supply flow it matches: each fan-out round writes a
    // copy of that supply flow, which matches the demand again and reaches its organization.
    const service = new MatchService({ neo4j: c.neo4j, knex: c.db.knex, redis: c.redis, idSecret: config.secrets.idSecret });
    let pair: { supply: (typeof region.flows)[number]; demandOrgId: string; supplyOrgId: string } | undefined;
    for (const flow of region.flows.filter((f) => f.direction === "need")) {
      const m = (await service.compute(flow.externalId))?.matches[0];
      const supply = m && region.flows.find((f) => f.externalId === m.supplyFlowId);
      if (m && supply) {
        pair = { supply, demandOrgId: m.demandOrgId, supplyOrgId: m.supplyOrgId };
        break;
      }
    }
    if (!pair) throw new Error("no matching pair in the generated region");
    await c.redis.eval("for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 0", 0, `${config.redis.prefix}match:*`);

    const apiPorts = [await freePort(), await freePort()];
    const apis = apiPorts.map((p) => `http://127.0.0.1:${p}`);
    const relayPort = await freePort();
    const bareSubject = `${prefix}.bench.bare`;
    log("starting 2 api processes, 2 ingest workers, 2 matching workers and the bare relay");
    const started = await Promise.all([
      ...apiPorts.map((p, i) => startProcess(`api ${i + 1}`, ["api/main.ts"], { PORT: String(p), LOG_LEVEL: "info" }, (l) => l.includes("api listening"))),
      ...[1, 2].map((i) => startProcess(`ingest worker ${i}`, ["ops/ingest-worker.ts"], { LOG_LEVEL: "info" }, (l) => l.includes("ingest worker consuming"))),
      ...[1, 2].map((i) => startProcess(`matching worker ${i}`, ["ops/matching-worker.ts"], { LOG_LEVEL: "info" }, (l) => l.includes("matching worker consuming"))),
      startProcess("bare relay", ["bench/load/relay.ts", String(relayPort), config.nats.url, bareSubject], {}, (l) => l.startsWith("READY")),
    ]);
    children.push(...started);
    for (const url of apis) await waitReady(url);

    // Readers: org_admin of the organizations owning the first flows read.
    const flowsByOrg = new Map<string, string[]>();
    const siteOrg = new Map(region.sites.map((s) => [s.externalId, s.businessId]));
    for (const f of region.flows) flowsByOrg.set(siteOrg.get(f.siteId)!, [...(flowsByOrg.get(siteOrg.get(f.siteId)!) ?? []), f.externalId]);
    const readerOrgs = [...flowsByOrg.keys()].slice(0, 150);
    const readable = readerOrgs.flatMap((o) => flowsByOrg.get(o)!);
    const cachedIds = readable.slice(0, 100);
    const uncachedIds = readable.slice(100, 100 + UNCACHED);
    if (uncachedIds.length < UNCACHED) throw new Error(`only ${uncachedIds.length} readable flows for ${UNCACHED} uncached reads`);
    const reader = await actor(c, apis[0]!, "load-reader", "org_admin", readerOrgs);
    const writer = await actor(c, apis[0]!, "load-writer", "org_admin", [pair.supplyOrgId]);
    const listener = await actor(c, apis[0]!, "load-listener", "org_admin", [pair.demandOrgId]);
    const importer = await actor(c, apis[0]!, "load-importer", "facilitator", []);
    const auth = { authorization: `Bearer ${reader}` };
    for (const id of cachedIds) await call(apis[0]!, "GET", `${V1}/resource-flows/${id}/matches`, reader);

    const scenarios: Scenario[] = [];
    let n = 0;
    scenarios.push(await cannon("match_reads_cached", apis, { headers: auth, requests: [{ setupRequest: (r) => ({ ...r, path: `${V1}/resource-flows/${cachedIds[n++ % cachedIds.length]}/matches` }) }] }));
    let u = 0;
    scenarios.push(await cannon("match_reads_uncached", apis, { headers: auth, amount: uncachedIds.length, requests: [{ setupRequest: (r) => ({ ...r, path: `${V1}/resource-flows/${uncachedIds[u++ % uncachedIds.length]}/matches` }) }] }));

    // Socket fan-out, with the bare floor interleaved round by round.
    log(`connecting ${CLIENTS} clients to the api processes and ${CLIENTS} to the bare relay`);
    const real = await clients(apis, CLIENTS, { token: listener });
    sockets.push(...real);
    const bare = await clients([`http://127.0.0.1:${relayPort}`], CLIENTS, undefined);
    sockets.push(...bare);
    const fan = { real: [] as number[], bare: [] as number[], missedReal: 0, missedBare: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const r = await round_(real, ["match:created", "match:updated"], async () => {
        const res = await call(apis[i % 2]!, "POST", `${V1}/resource-flows`, writer, { ...pair!.supply, externalId: `load-fan-${Date.now()}-${i}` });
        if (res.status !== 201) throw new Error(`fan-out write: ${res.status} ${JSON.stringify(res.body)}`);
      });
      fan.real.push(...r.ms);
      fan.missedReal += r.missed;
      await new Promise((resolve) => setTimeout(resolve, 500)); // late events of this round land before the next
      const b = await round_(bare, ["bare"], async () => c.nats.publish(bareSubject, JSON.stringify({ round: i })));
      fan.bare.push(...b.ms);
      fan.missedBare += b.missed;
    }
    for (const s of sockets) s.close();
    sockets.length = 0;
    const p = (xs: number[]) => ({ p50_ms: round(pct(xs, 50)), p95_ms: round(pct(xs, 95)), p99_ms: round(pct(xs, 99)), samples: xs.length });
    const writeToSocket = { ...p(fan.real), missed: fan.missedReal };
    const bareRoundTrip = { ...p(fan.bare), missed: fan.missedBare };
    const ratio = round(writeToSocket.p95_ms / bareRoundTrip.p95_ms, 1);
    log(`write → socket p50 ${writeToSocket.p50_ms} p95 ${writeToSocket.p95_ms} p99 ${writeToSocket.p99_ms} ms (${writeToSocket.missed} missed); bare NATS → socket p50 ${bareRoundTrip.p50_ms} p95 ${bareRoundTrip.p95_ms} p99 ${bareRoundTrip.p99_ms} ms; ratio at p95 ${ratio}×`);

    let w = 0;
    const writerAuth = { authorization: `Bearer ${writer}`, "content-type": "application/json" };
    scenarios.push(
      await cannon("flow_writes", apis, { method: "POST", headers: writerAuth, requests: [{ setupRequest: (r) => ({ ...r, method: "POST", path: `${V1}/resource-flows`, body: JSON.stringify({ ...pair!.supply, externalId: `load-write-${process.pid}-${w++}` }) }) }] }),
    );

    // A 20k-row import through the ingest workers while cached reads go on.
    const csv = registerCsv(generateRegion({ sites: Math.ceil(IMPORT_ROWS / 2.9), seed: 43, idPrefix: "loadimp" }), IMPORT_ROWS);
    const importStarted = performance.now();
    const submitted = await call(apis[1]!, "POST", `${V1}/imports?fileName=load.csv`, importer, csv, "text/csv");
    if (submitted.status !== 202) throw new Error(`import: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const during = cannon("match_reads_during_import", apis, { headers: auth, duration: Math.max(SECONDS, 20), requests: [{ setupRequest: (r) => ({ ...r, path: `${V1}/resource-flows/${cachedIds[n++ % cachedIds.length]}/matches` }) }] });
    let job = await importJobSummary(c.db.knex, submitted.body.id);
    while (job?.status !== "completed" && performance.now() - importStarted < 240_000) {
      await new Promise((r) => setTimeout(r, 250));
      job = await importJobSummary(c.db.knex, submitted.body.id);
    }
    const importSeconds = (performance.now() - importStarted) / 1000;
    scenarios.push(await during);
    const importResult = { rows: IMPORT_ROWS, completed: job?.status === "completed", seconds: round(importSeconds, 1), rows_per_second: Math.round((job?.rows.processed ?? 0) / importSeconds), processed: job?.rows.processed ?? 0 };
    log(`import: ${importResult.processed} of ${IMPORT_ROWS} rows in ${importResult.seconds} s = ${importResult.rows_per_second} rows/s (${importResult.completed ? "completed" : "NOT completed within 240 s"})`);

    writeResult("load.json", {
      scenarios,
      import: importResult,
      socket_fanout: {
        clients: CLIENTS,
        rounds: ROUNDS,
        write_to_socket: writeToSocket,
        nats_to_socket_bare: bareRoundTrip,
        ratio_p95: ratio,
        target_ratio_p95: 2,
        miss: ratio > 2,
      },
      processes: { api: 2, ingest_workers: 2, matching_workers: 2 },
      seeded: { sites: region.sites.length, flows: region.flows.length, businesses: region.businesses.length, seed: 42 },
      connections: CONNECTIONS,
      seconds_per_scenario: SECONDS,
      note: "loopback, every process on one 2-core machine shared with other engineers' work at the time: noisy, compare ratios rather than absolutes",
      machine: machine(),
      date: new Date().toISOString(),
    });
  } finally {
    for (const s of sockets) s.close();
    await stopProcesses(children);
    await closeConnections(c);
    if (process.env.BENCH_LOAD_KEEP_NEO4J !== "1") await stopOwnNeo4j();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
