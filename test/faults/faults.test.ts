/**
 * The fault suite (issue 16): one part of Turash dies by kill -9 in the middle of a bulk
 * import while partners keep writing over REST and reading matches, and comes back. Then
 * nothing is lost, nothing is doubled, the two stores agree, and every REST write the api
 * accepted is there.
 *
 * Each case runs in a world of its own (test/helpers/fault-world.ts): PostgreSQL, Redis and
 * NATS instances on their own ports and folders, the api and both workers as processes,
 * and the test Neo4j, emptied. IMPORT_ROWS is 3,000, not the 20k: on the 2 shared
 * cores (load about 20) a 3,000-row import alone took 60–150 s per case and a world's
 * start 50–115 s; every count asserted holds for any size (FAULT_IMPORT_ROWS=20000 to try).
 *
 * Not here yet: PostgreSQL killed mid-import (the job then stalled at 2,500 of 3,000 rows
 * processed: one chunk's rows never recorded) and Neo4j killed (a Neo4j of the test's own,
 * started and restarted, ran past 600 s) — see issue 16.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { registerCsv } from "../../seed/register-file.ts";
import { findDrift, repairDrift } from "../../ingest/reconcile.ts";
import { aUserWithRole } from "../helpers/http.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { jobNow, startFaultWorld, submitCsv, until, type FaultWorld } from "../helpers/fault-world.ts";

const IMPORT_ROWS = Number(process.env.FAULT_IMPORT_ROWS ?? 3_000);
const V1 = "/api/v1";
/** Kill once this share of the import's rows was processed. */
const KILL_AT = 0.3;
/** How long the part stays dead: long enough for writes and chunks to hit the hole. */
const DEAD_FOR_MS = 3_000;
const CASE_BOUND_MS = 300_000;
/** Writes a part can hold between the graph's commit and PostgreSQL's when killed: the partner's one REST write. */
const WRITES_IN_HAND = 1;

type Part = keyof FaultWorld["parts"];

/** What a partner saw while writing and reading during the fault. */
interface Traffic {
  readonly sites: string[];
  readonly flows: string[];
  /** Answers by status ("no answer" when the api did not answer at all). */
  readonly writes: Record<string, number>;
  readonly reads: Record<string, number>;
}

async function call(world: FaultWorld, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${world.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A partner's member, logged in, with an organization of its own. */
async function partner(world: FaultWorld): Promise<{ token: string; org: string }> {
  const user = await aUserWithRole(world.stores.db.knex, "org_admin", [], "faults");
  const login = await fetch(`${world.apiUrl}${V1}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: user.email, password: user.password }) });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const org = `faults-org-${Date.now()}`;
  expect((await call(world, "POST", `${V1}/organizations`, token, aBusiness({ externalId: org, contact: { name: "Ida Jensen", email: "ida@example.test" } }))).status).toBe(201);
  return { token, org };
}

/** Write sites and flows and read matches, one after another, until stopped. */
function keepWritingAndReading(world: FaultWorld, token: string, org: string): { stop(): Promise<Traffic> } {
  const traffic: Traffic = { sites: [], flows: [], writes: {}, reads: {} };
  let stopped = false;
  const tally = (into: Record<string, number>, status: number | string) => (into[String(status)] = (into[String(status)] ?? 0) + 1);
  const attempt = async (into: Record<string, number>, send: () => Promise<{ status: number }>): Promise<number | undefined> => {
    try {
      const { status } = await send();
      tally(into, status);
      return status;
    } catch {
      tally(into, "no answer");
      await new Promise((resolve) => setTimeout(resolve, 200));
      return undefined;
    }
  };
  const writes = (async () => {
    while (!stopped) {
      const site = aSite(org);
      if ((await attempt(traffic.writes, () => call(world, "POST", `${V1}/sites`, token, site))) !== 201) continue;
      traffic.sites.push(site.externalId);
      const flow = aFlow(site.externalId);
      if ((await attempt(traffic.writes, () => call(world, "POST", `${V1}/resource-flows`, token, flow))) === 201) traffic.flows.push(flow.externalId);
    }
  })();
  const reads = (async () => {
    while (!stopped) {
      const flow = traffic.flows.at(-1);
      if (!flow) await new Promise((resolve) => setTimeout(resolve, 200));
      else await attempt(traffic.reads, () => call(world, "GET", `${V1}/resource-flows/${flow}/matches`, token));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await Promise.all([writes, reads]);
      return traffic;
    },
  };
}

/** Count of ids among `ids` the graph holds as sites / flows (ids are scoped to the org, so match by ending). */
async function presentInGraph(world: FaultWorld, label: "Site" | "ResourceFlow", ids: readonly string[]): Promise<number> {
  const { records } = await world.stores.neo4j.executeQuery(`UNWIND $ids AS ext MATCH (n:${label}) WHERE n.id ENDS WITH ext RETURN count(DISTINCT ext) AS n`, { ids });
  return Number(records[0]!.get("n"));
}

/**
 * The story of one fault: import, write and read; kill `part` part-way; start it again;
 * let the import finish; then count what a user would.
 */
async function killMidImport(part: Part): Promise<void> {
  const started = performance.now();
  const world = await startFaultWorld();
  const worldStartMs = performance.now() - started;
  worlds.push(world);
  const { token, org } = await partner(world);
  const prefix = `fx${part.replace(/\W/g, "")}`;
  const job = await submitCsv(world, registerCsv(generateRegion({ sites: Math.ceil(IMPORT_ROWS / 2.4), seed: 16, idPrefix: prefix }), IMPORT_ROWS));
  expect(job.rows.received).toBe(IMPORT_ROWS);
  const importStarted = performance.now();
  const traffic = keepWritingAndReading(world, token, org);

  await until("the import part-way", async () => ((await jobNow(world, job.id))?.rows.processed ?? 0) >= IMPORT_ROWS * KILL_AT, CASE_BOUND_MS);
  const killedAt = performance.now();
  await world.parts[part].kill();
  await new Promise((resolve) => setTimeout(resolve, DEAD_FOR_MS));
  await world.parts[part].start();
  const restartedMs = performance.now() - killedAt - DEAD_FOR_MS;

  let last: unknown;
  await until(
    "the import completed",
    async () => {
      last = await jobNow(world, job.id);
      return (last as { status?: string } | undefined)?.status === "completed";
    },
    CASE_BOUND_MS,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the job: ${JSON.stringify(last)}`);
  });
  const importMs = performance.now() - importStarted;
  // The partner kept writing until the import was done, so some writes landed after the restart too.
  const acceptedBefore = await traffic.stop();
  const done = (await jobNow(world, job.id))!;
  // Events of writes accepted while NATS was away are relayed from the outbox; wait for it to drain.
  await until("the outbox drained", async () => Number((await world.stores.db.knex("event_outbox").count<{ n: string }[]>("* as n"))[0]!.n) === 0, 60_000);

  const r = done.rows;
  // The import's flows: those of businesses other than the partner's (whose are the REST writes).
  const { records } = await world.stores.neo4j.executeQuery(
    "MATCH (b:Business)-[:OPERATES]->(:Site)-[:OFFERS|NEEDS]->(f:ResourceFlow) WHERE NOT b.id ENDS WITH $org RETURN count(f) AS flows, count(DISTINCT f.id) AS ids, max(f.version) AS maxVersion",
    { org },
  );
  const graph = { flows: Number(records[0]!.get("flows")), ids: Number(records[0]!.get("ids")), maxVersion: Number(records[0]!.get("maxVersion") ?? 0) };
  const created = await world.stores.db.knex("audit_log").where({ entity_type: "resource_flow", action: "created", actor: `import:${job.id}` }).count<{ n: string }[]>("* as n");
  // Rows refused for their data are refused in a run without faults too; a row "not written"
  // is one the fault cost (its chunk gave up retrying).
  const notWritten = await world.stores.db.knex("import_row_errors").where({ job_id: job.id }).whereLike("reason", "not written%").countDistinct<{ n: string }[]>("line as n");
  const drift = await findDrift(world.stores.neo4j, world.stores.db.knex);
  const driftIds = [...drift.sites.missing, ...drift.sites.orphaned, ...drift.sites.stale.map((e) => e.id), ...drift.sites.moved, ...drift.flows.missing, ...drift.flows.orphaned, ...drift.flows.stale.map((e) => e.id)];
  const restSites = await presentInGraph(world, "Site", acceptedBefore.sites);
  const restFlows = await presentInGraph(world, "ResourceFlow", acceptedBefore.flows);

  const figures = {
    part,
    rows: IMPORT_ROWS,
    worldStartMs: Math.round(worldStartMs),
    importMs: Math.round(importMs),
    restartedMs: Math.round(restartedMs),
    lost: r.created - graph.flows + Number(notWritten[0]!.n),
    refusedForData: r.refused - Number(notWritten[0]!.n),
    doubled: Number(created[0]!.n) - graph.flows,
    drift: drift.total,
    driftIds,
    restAccepted: acceptedBefore.sites.length + acceptedBefore.flows.length,
    restMissing: acceptedBefore.sites.length - restSites + acceptedBefore.flows.length - restFlows,
    writes: acceptedBefore.writes,
    reads: acceptedBefore.reads,
  };
  console.log(`[fault] ${JSON.stringify(figures)}`);

  // Every row of the file went in exactly once: none refused, none missing, none twice.
  expect(Number(notWritten[0]!.n), "rows not written (lost)").toBe(0);
  expect(r.created + r.updated + r.unchanged + r.merged + r.refused).toBe(IMPORT_ROWS);
  expect(graph.flows, "imported flows in the graph").toBe(r.created);
  expect(graph.ids).toBe(graph.flows);
  expect(graph.maxVersion, "a flow written twice has version 2").toBe(1);
  expect(Number(created[0]!.n), "'created' audit entries per imported flow").toBe(graph.flows);
  // The reconciler finds nothing to repair for any write that was answered: a process
  // killed between the graph's commit and PostgreSQL's (the api, PostgreSQL itself) can
  // leave the one write it had in hand, unanswered, in the graph only; the reconciler puts
  // it in the index, and then nothing drifts.
  const accepted = new Set([...acceptedBefore.sites, ...acceptedBefore.flows]);
  expect(driftIds.filter((id) => [...accepted].some((ext) => id.endsWith(ext))), "accepted writes drifting").toEqual([]);
  expect(drift.total, `drift (${JSON.stringify(driftIds)}) beyond the writes in hand at the kill`).toBeLessThanOrEqual(WRITES_IN_HAND);
  expect((await repairDrift(world.stores.neo4j, world.stores.db.knex, drift)).after.total).toBe(0);
  // Every REST write the api answered 201 is there; some were accepted at all.
  expect(acceptedBefore.flows.length).toBeGreaterThan(0);
  expect(restSites).toBe(acceptedBefore.sites.length);
  expect(restFlows).toBe(acceptedBefore.flows.length);
  // Nobody saw an unexplained error: a store away is a 503, never a 500.
  for (const answers of [acceptedBefore.writes, acceptedBefore.reads]) expect(Object.keys(answers).filter((s) => /^5/.test(s) && s !== "503")).toEqual([]);
}

const worlds: FaultWorld[] = [];

describe("a part killed with kill -9 in the middle of an import, with REST writes and match reads running", () => {
  afterEach(async () => {
    for (const world of worlds.splice(0)) await world.destroy();
  });

  for (const part of ["redis", "nats", "ingest worker", "matching worker", "api"] as const) {
    it(`${part}: nothing lost, nothing doubled, no drift, every accepted REST write present`, () => killMidImport(part), CASE_BOUND_MS * 2);
  }
});
