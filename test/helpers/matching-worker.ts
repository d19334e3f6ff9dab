/** A matching worker of a test's own on the test stores. */
import type { Connections } from "../../platform/connect/connections.ts";
import { startMatchingWorker } from "../../match-service/worker.ts";
import { config } from "./stores.ts";

export type TestMatchingWorker = Awaited<ReturnType<typeof startMatchingWorker>>;

/**
 * Start a matching worker on `stores` under the durable consumer `name` (give each run a
 * fresh one, so an earlier run's consumer state never interferes); `options` override the
 * rest, e.g. fast redelivery for tests of failures. The worker sees only flow changes
 * published after it started: replaying what earlier suites left in the stream (tens of
 * thousands of imported flows in a full run) kept it busy past a test's wait.
 */
export function startTestMatchingWorker(stores: Connections, name: string, options: Partial<Parameters<typeof startMatchingWorker>[0]> = {}): Promise<TestMatchingWorker> {
  return startMatchingWorker({
    neo4j: stores.neo4j,
    knex: stores.db.knex,
    idSecret: config.secrets.idSecret,
    redis: stores.redis,
    nats: stores.nats,
    streamPrefix: config.nats.streamPrefix,
    name,
    startAt: "new",
    ...options,
  });
}

/** Wait (up to 30 s) until a matching worker has stored the match `id`. */
export async function matchStored(neo4j: Connections["neo4j"], id: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { records } = await neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN m.id AS id", { id });
    if (records.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`match ${id} was not stored`);
}
