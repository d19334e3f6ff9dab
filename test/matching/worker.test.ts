/**
 * The matching worker on the real NATS: consumes flows.changed, publishes matches.updated;
 * a malformed message lands in the dead-letter subject with its reason.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Subscription } from "nats";
import { testMatchId as matchId } from "../helpers/config.ts";
import { startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { updateFlow } from "../../ingest/write-path.ts";
import { names, openTestStores, resetStores, writeContext } from "../helpers/stores.ts";
import { aFlowAt, anOrgWithSite } from "./fixtures.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;
let stores: Stores;
let worker: TestMatchingWorker & { name: string };

/** Collect JSON messages of a subject (core subscription: JetStream publishes reach it too). */
function collect(sub: Subscription): { items: Record<string, unknown>[]; waitFor(pred: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>> } {
  const items: Record<string, unknown>[] = [];
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  void (async () => {
    for await (const m of sub) {
      const item = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>;
      items.push(item);
      for (const w of [...waiters]) if (w.pred(item)) w.resolve(item);
    }
  })();
  return {
    items,
    waitFor(pred, ms = 20_000) {
      const found = items.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message within ${ms} ms; saw ${JSON.stringify(items)}`)), ms);
        waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

beforeAll(async () => {
  stores = await openTestStores();
  await resetStores(stores);
  // A fresh durable per run, so an earlier run's consumer state never interferes.
  const name = `matching-test-${Date.now()}`;
  const started = await startTestMatchingWorker(stores, name, { maxDeliver: 3, nakDelayMs: () => 100 });
  worker = Object.assign(started, { name });
});

afterAll(async () => {
  await worker?.stop();
  const jsm = await stores?.nats.jetstreamManager();
  await jsm?.consumers.delete(names.streams.events, worker.name).catch(() => undefined);
  await stores?.close();
});

describe("matching worker", () => {
  it("consumes flows.changed, persists the matches and publishes matches.updated", async () => {
    const updates = collect(stores.nats.subscribe(names.subjects.matchesUpdated));
    const ctx = writeContext(stores);
    const a = await anOrgWithSite(ctx, "Worker Supplier", 60, 0);
    const b = await anOrgWithSite(ctx, "Worker User", 61, 0);
    const need = await aFlowAt(ctx, b.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2500, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    const offer = await aFlowAt(ctx, a.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    const id = matchId(offer, need);

    const created = await updates.waitFor((m) => m.flowId === offer && (m.matchIds as string[]).includes(id));
    expect(created.orgIds).toEqual([a.orgId, b.orgId].sort());
    const { records } = await stores.neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN m.score AS score", { id });
    expect(records).toHaveLength(1);

    // The counterpart's cached result is refreshed when the offer changes.
    await worker.service.matchesForFlow(need);
    expect((await worker.service.matchesForFlow(need))?.cached).toBe(true);
    await updateFlow(ctx, offer, { version: 1, quantity: { value: 3300, unit: "MWh/yr" } });
    await updates.waitFor((m) => m.flowId === offer && m.version === 2);
    const fresh = await worker.service.matchesForFlow(need);
    expect(fresh!.matches.find((m) => m.id === id)!.counterpart.annualQuantity).toBe(3300);

    // Deleting the flow withdraws its match.
    const { deleteFlow } = await import("../../ingest/write-path.ts");
    await deleteFlow(ctx, offer, a.orgId);
    const gone = await updates.waitFor((m) => m.flowId === offer && m.change === "deleted");
    expect(gone.matchIds).toEqual([id]);
    expect((await stores.neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN m", { id })).records).toHaveLength(0);
    expect((await stores.db.knex("match_history").where({ match_id: id }).orderBy("id", "desc").first()).event).toBe("withdrawn");
    expect((await worker.service.matchesForFlow(need))!.matches.map((m) => m.id)).not.toContain(id);
  });

  it("a malformed message lands in the dead-letter subject with its reason, and the worker goes on", async () => {
    const dlq = collect(stores.nats.subscribe(names.subjects.deadLetter("flows-changed")));
    const js = stores.nats.jetstream();
    await js.publish(names.subjects.flowsChanged, "this is {not json");
    await js.publish(names.subjects.flowsChanged, JSON.stringify({ type: "flow.changed", orgId: "x", version: 1, change: "updated", at: "now" }));
    const bad = await dlq.waitFor((m) => m.payload === "this is {not json");
    expect(bad.reason).toMatch(/^unparseable: /);
    const missing = await dlq.waitFor((m) => String(m.payload).includes('"orgId":"x"'));
    expect(missing.reason).toMatch(/unparseable: id: /);
    // The worker counts a dead letter after publishing it, so the count may trail the message.
    await vi.waitFor(() => expect(worker.counts.deadLettered).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    // Stored in the DLQ stream, not only sent.
    const jsm = await stores.nats.jetstreamManager();
    expect((await jsm.streams.info(names.streams.deadLetters)).state.messages).toBeGreaterThanOrEqual(2);
  });
});
