/**
 * Shared builders for integration tests: connections to the test instances, a write
 * context, and a reset that empties the test stores (never the development ones: the
 * test configuration points at its own database, Neo4j instance and prefixes).
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { closeConnections, openConnections, type Connections } from "../../platform/connect/connections.ts";
import { createPublisher } from "../../events/publisher.ts";
import { ensureStreams, eventNames } from "../../events/streams.ts";
import type { WriteContext } from "../../ingest/write-path.ts";
import { testConfig } from "./config.ts";

export const config = testConfig();
export const names = eventNames(config.nats.streamPrefix);

/** Open connections to every test service (call `close` in afterAll). */
export async function openTestStores(): Promise<Connections & { close(): Promise<void> }> {
  const connections = await openConnections(config, "turash-test");
  await ensureStreams(await connections.nats.jetstreamManager(), config.nats.streamPrefix, config.nats.streamReplicas);
  return Object.assign(connections, { close: () => closeConnections(connections) });
}

/** A write context acting as `actor`. */
export function writeContext(c: Connections, actor = "test"): WriteContext {
  return { neo4j: c.neo4j, knex: c.db.knex, publisher: createPublisher(c.nats.jetstream(), names), actor };
}

const LEDGERS = ["cluster_proposal_members", "cluster_proposals", "proposal_status_history", "proposals", "match_decisions", "match_history", "audit_log", "api_keys", "memberships", "users", "daily_rollups", "carbon_match_days", "emission_factor_overrides", "facilitator_claims"];

/** The tables a reset empties, with every table that references one of them. */
const RESET_ROOTS = ["flow_index", "site_index", ...LEDGERS, "import_jobs", "webhook_endpoints", "meter_readings", "event_outbox"];

/**
 * {@link RESET_ROOTS} and every table that references one of them (what `truncate …
 * cascade` would empty), found once per process from the catalogue.
 */
let resetTables: Promise<string[]> | undefined;
function tablesToEmpty(c: Connections): Promise<string[]> {
  return (resetTables ??= c.db.knex
    .raw<{ rows: { name: string }[] }>(
      `with recursive closure(oid) as (
         select oid from pg_class where relname = any(?) and relnamespace = 'public'::regnamespace
         union
         select con.conrelid from pg_constraint con join closure on con.confrelid = closure.oid where con.contype = 'f'
       )
       select relname as name from pg_class join closure using (oid) order by relname`,
      [RESET_ROOTS],
    )
    .then((r) => r.rows.map((row) => row.name)));
}

/**
 * Empty the tables a test may have written, restarting their identities. A test writes
 * few of some thirty tables, and TRUNCATE costs a file rewrite per table however empty
 * (0.3–1 s for all of them, before every test of the suite), so only the tables holding
 * rows are truncated; the identity sequences of the rest are restarted, which is cheap.
 */
async function emptyTables(c: Connections): Promise<void> {
  const tables = await tablesToEmpty(c);
  const probe = tables.map((t) => `select '${t}' as name where exists (select 1 from "${t}")`).join(" union all ");
  const holding = (await c.db.knex.raw<{ rows: { name: string }[] }>(probe)).rows.map((r) => r.name);
  if (holding.length > 0) await c.db.knex.raw(`truncate ${holding.map((t) => `"${t}"`).join(", ")} restart identity cascade`);
  const idle = (await sequencesOf(c, tables)).filter((s) => !holding.includes(s.table)).map((s) => s.seq);
  if (idle.length > 0) await c.db.knex.raw("select setval(seq::regclass, 1, false) from unnest(?::text[]) as seq", [idle]);
}

/** The identity and serial sequences of `tables`, found once per process. */
let resetSequences: Promise<{ table: string; seq: string }[]> | undefined;
function sequencesOf(c: Connections, tables: readonly string[]): Promise<{ table: string; seq: string }[]> {
  return (resetSequences ??= c.db.knex
    .raw<{ rows: { table: string; seq: string }[] }>(
      `select t.name as table, pg_get_serial_sequence(format('%I', t.name), a.attname) as seq
       from unnest(?::text[]) as t(name)
       join pg_attribute a on a.attrelid = format('%I', t.name)::regclass and a.attnum > 0 and not a.attisdropped
       where pg_get_serial_sequence(format('%I', t.name), a.attname) is not null`,
      [[...tables]],
    )
    .then((r) => r.rows));
}

/** Empty the test graph (keeping schema migrations), the test tables and the test streams. */
export async function resetStores(c: Connections): Promise<void> {
  if (config.env !== "test" || !config.postgres.database.endsWith("_test")) throw new Error("refusing to reset non-test stores");
  await emptyStores(c);
  const jsm = await c.nats.jetstreamManager();
  for (const stream of Object.values(names.streams)) await jsm.streams.purge(stream).catch(() => undefined);
}

/**
 * Empty the graph of `c` (keeping schema migrations) and its ledger and index tables —
 * only ever stores a test owns (the test stores after the guard above, a fault world's own).
 */
export async function emptyStores(c: Connections): Promise<void> {
  // CALL … IN TRANSACTIONS needs an auto-commit transaction, i.e. session.run.
  const session = c.neo4j.session();
  try {
    await session.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
  }
  await emptyTables(c);
}

/** The open test stores (what `openTestStores` resolves to). */
export type TestStores = Awaited<ReturnType<typeof openTestStores>>;

/**
 * For a describe block: the test stores, opened once and closed afterwards, emptied before
 * every test. Read `stores` inside hooks and tests (it is set in beforeAll); a beforeEach
 * of the block runs after the reset, so it may seed.
 */
export function withTestStores(): { readonly stores: TestStores } {
  const context = {} as { stores: TestStores };
  beforeAll(async () => {
    context.stores = await openTestStores();
  });
  afterAll(async () => context.stores?.close());
  beforeEach(async () => resetStores(context.stores));
  return context;
}
