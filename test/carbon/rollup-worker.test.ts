/**
 * The matching worker's process keeps today's carbon rollups current: a flow written
 * through the one write path is matched by the real matching worker, whose
 * `matches.updated` makes the rollup writer rewrite today's rows — which then hold the
 * match's CO2 for both parties, and equal a rebuild from scratch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { listRollups } from "../../ledgers/daily-rollups.ts";
import { rebuildRollups } from "../../projections/carbon/service.ts";
import { startRollupWorker, type RollupWorker } from "../../projections/carbon/rollup-worker.ts";
import { config, names, openTestStores, resetStores, writeContext } from "../helpers/stores.ts";
import { aFlowAt, anOrgWithSite } from "../matching/fixtures.ts";

let stores: Awaited<ReturnType<typeof openTestStores>>;
let matching: TestMatchingWorker;
let rollups: RollupWorker;
const run = Date.now();
const written: ((rows: number) => void)[] = [];

beforeAll(async () => {
  stores = await openTestStores();
  await resetStores(stores);
  matching = await startTestMatchingWorker(stores, `matching-carbon-${run}`);
  rollups = await startRollupWorker({ neo4j: stores.neo4j, knex: stores.db.knex, nats: stores.nats, streamPrefix: config.nats.streamPrefix, name: `carbon-rollups-${run}`, debounceMs: 50, onWritten: (rows) => written.splice(0).forEach((w) => w(rows)) });
});

afterAll(async () => {
  await rollups?.stop();
  await matching?.stop();
  const jsm = await stores?.nats.jetstreamManager();
  for (const name of [`matching-carbon-${run}`, `carbon-rollups-${run}`]) await jsm?.consumers.delete(names.streams.events, name).catch(() => undefined);
  await stores?.close();
});

describe("the carbon rollup writer", () => {
  it("writes today's rows after the matching worker stores a match", async () => {
    const ctx = writeContext(stores);
    const a = await anOrgWithSite(ctx, "Carbon Supplier", 70, 0);
    const b = await anOrgWithSite(ctx, "Carbon User", 71, 0);
    const need = await aFlowAt(ctx, b.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2500, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    const offer = await aFlowAt(ctx, a.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    const id = matchId(offer, need);
    const today = new Date().toISOString().slice(0, 10);
    // Each write of today's rows resolves one waiter; wait until the match is in them.
    let rows = await listRollups(stores.db.knex, { projection: "carbon", from: today, to: today });
    while (!rows.some((r) => r.organizationId === a.orgId)) {
      await new Promise<number>((resolve) => written.push(resolve));
      rows = await listRollups(stores.db.knex, { projection: "carbon", from: today, to: today });
    }
    const { records } = await stores.neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN m.id AS id", { id });
    expect(records).toHaveLength(1);
    const co2 = (org: string) => rows.filter((r) => r.organizationId === org && r.metric === "co2_avoided_t").reduce((s, r) => s + r.value, 0);
    expect(co2(a.orgId)).toBeGreaterThan(0);
    expect(co2(b.orgId)).toBeCloseTo(co2(a.orgId), 9);
    expect(rows.every((r) => r.stage === "potential")).toBe(true);
    await rebuildRollups({ neo4j: stores.neo4j, knex: stores.db.knex });
    expect(await listRollups(stores.db.knex, { projection: "carbon", from: today, to: today })).toEqual(rows);
  }, 60_000);
});
