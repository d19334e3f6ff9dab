/**
 * A rebuild reproduces past days' potential (issue 13, rollups rebuildable): the graph
 * holds only today's matches, so each day's write keeps the day's match inputs. Rollups
 * written on two days with different matches — a second need of the same supply matched
 * on the second day — are equal, day by day, to a rebuild from scratch, and a second
 * rebuild changes nothing. Without kept inputs a past day is not made up from today's graph.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { matchStored, startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { listRollups, type RollupRow } from "../../ledgers/daily-rollups.ts";
import { rebuildRollups, writeTodayRollups } from "../../projections/carbon/service.ts";
import { names, openTestStores, resetStores, writeContext } from "../helpers/stores.ts";
import { aFlowAt, anOrgWithSite } from "../matching/fixtures.ts";

let stores: Awaited<ReturnType<typeof openTestStores>>;
let matching: TestMatchingWorker;
const run = Date.now();

const now = new Date();
const day2 = now.toISOString().slice(0, 10);
const day1 = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
const atNoon = (day: string) => new Date(`${day}T12:00:00Z`);

beforeAll(async () => {
  stores = await openTestStores();
  await resetStores(stores);
  matching = await startTestMatchingWorker(stores, `matching-history-${run}`);
});

afterAll(async () => {
  await matching?.stop();
  const jsm = await stores?.nats.jetstreamManager();
  await jsm?.consumers.delete(names.streams.events, `matching-history-${run}`).catch(() => undefined);
  await stores?.close();
});


const carbon = () => ({ neo4j: stores.neo4j, knex: stores.db.knex });
const rowsOf = (day: string) => listRollups(stores.db.knex, { projection: "carbon", from: day, to: day });
const potential = (rows: readonly RollupRow[], org: string) => rows.filter((r) => r.organizationId === org && r.stage === "potential" && r.metric === "co2_avoided_t").reduce((s, r) => s + r.value, 0);

describe("rebuilding past days' potential", () => {
  it("rollups written on two days equal a rebuild from scratch, day by day", async () => {
    const ctx = writeContext(stores);
    const supplier = await anOrgWithSite(ctx, "History Supplier", 60, 0);
    const first = await anOrgWithSite(ctx, "History First User", 61, 0);
    const second = await anOrgWithSite(ctx, "History Second User", 62, 0);
    const offer = await aFlowAt(ctx, supplier.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 6000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    const need1 = await aFlowAt(ctx, first.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2000, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    await matchStored(stores.neo4j, matchId(offer, need1));
    await writeTodayRollups(carbon(), atNoon(day1));

    // The next day a second user's need of the same heat is matched too.
    const need2 = await aFlowAt(ctx, second.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    await matchStored(stores.neo4j, matchId(offer, need2));
    await writeTodayRollups(carbon(), atNoon(day2));

    const written1 = await rowsOf(day1);
    const written2 = await rowsOf(day2);
    // The two days really differ, so equal rebuilt days mean something.
    expect(potential(written1, supplier.orgId)).toBeGreaterThan(0);
    expect(potential(written2, supplier.orgId)).toBeGreaterThan(potential(written1, supplier.orgId));
    expect(potential(written1, second.orgId)).toBe(0);
    expect(potential(written2, second.orgId)).toBeGreaterThan(0);

    await stores.db.knex("daily_rollups").where({ projection: "carbon" }).delete();
    const rebuilt = await rebuildRollups(carbon(), atNoon(day2));
    expect(rebuilt.days).toBe(2);
    expect(await rowsOf(day1)).toEqual(written1);
    expect(await rowsOf(day2)).toEqual(written2);
    // Idempotent: a second rebuild writes the same table.
    await rebuildRollups(carbon(), atNoon(day2));
    expect(await rowsOf(day1)).toEqual(written1);
    expect(await rowsOf(day2)).toEqual(written2);
  }, 90_000);

  it("without kept match inputs (and no proposal before today) a rebuild does not invent a past day from today's matches", async () => {
    const kept1 = await rowsOf(day1);
    await stores.db.knex("carbon_match_days").where("day", "<", day2).delete();
    await rebuildRollups(carbon(), atNoon(day2));
    // No history: the rebuild covers today only, and day 1's rows are gone — not invented from today's graph.
    expect(await rowsOf(day1)).toEqual([]);
    expect(kept1.length).toBeGreaterThan(0);
  });
});
