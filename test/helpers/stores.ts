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

const LEDGERS = ["cluster_proposal_members", "cluster_proposals", "proposal_status_history", "proposals", "match_decisions", "match_history", "audit_log", "api_keys", "memberships", "users", "daily_rollups", "emission_factor_overrides", "facilitator_claims"];

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
  await c.db.knex.raw(`truncate ${["flow_index", "site_index", ...LEDGERS].join(", ")} restart identity cascade`);
  await c.db.knex.raw("truncate import_jobs, webhook_endpoints, meter_readings, event_outbox restart identity cascade");
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
