/**
 * Kept carbon match inputs are pruned (issue 13): `carbon_match_days` keeps every match of
 * every day, so the rollup writer forgets the days before the retention window
 * (CARBON_MATCH_DAYS_RETENTION_DAYS, 400 by default) after each write — all but the newest
 * of them, which is the day in force at the window's start. A rebuild then recomputes the
 * window only: the rollups of older days stay as they were written, not made up again
 * from today's graph, and the window's first days carry the last kept day forward.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { matchStored, startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { listRollups, type RollupRow } from "../../ledgers/daily-rollups.ts";
import { rebuildRollups, retentionStart, writeTodayRollups } from "../../projections/carbon/service.ts";
import { startRollupWorker, type RollupWorker } from "../../projections/carbon/rollup-worker.ts";
import { config, names, openTestStores, resetStores, writeContext } from "../helpers/stores.ts";
import { aFlowAt, anOrgWithSite } from "../matching/fixtures.ts";

const RETENTION = 400;
let stores: Awaited<ReturnType<typeof openTestStores>>;
let matching: TestMatchingWorker;
let rollups: RollupWorker;
const run = Date.now();
const now = new Date();
const today = now.toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);
const atNoon = (day: string) => new Date(`${day}T12:00:00Z`);
const [d500, d420, d300] = [daysAgo(500), daysAgo(420), daysAgo(300)];
const windowStart = retentionStart(today, RETENTION);
let supplier: { orgId: string; siteId: string };

beforeAll(async () => {
  stores = await openTestStores();
  await resetStores(stores);
  matching = await startTestMatchingWorker(stores, `matching-retention-${run}`);
  rollups = await startRollupWorker({ neo4j: stores.neo4j, knex: stores.db.knex, nats: stores.nats, streamPrefix: config.nats.streamPrefix, name: `carbon-rollups-retention-${run}`, debounceMs: 60_000, matchDayRetentionDays: RETENTION });
}, 60_000);

afterAll(async () => {
  await rollups?.stop();
  await matching?.stop();
  const jsm = await stores?.nats.jetstreamManager();
  for (const name of [`matching-retention-${run}`, `carbon-rollups-retention-${run}`]) await jsm?.consumers.delete(names.streams.events, name).catch(() => undefined);
  await stores?.close();
});

const carbon = () => ({ neo4j: stores.neo4j, knex: stores.db.knex });
const rowsOf = (day: string) => listRollups(stores.db.knex, { projection: "carbon", from: day, to: day });
const keptDays = async () => ((await stores.db.knex("carbon_match_days").select(stores.db.knex.raw("to_char(day, 'YYYY-MM-DD') as day")).orderBy("day")) as { day: string }[]).map((r) => r.day);
const potential = (rows: readonly RollupRow[]) => rows.filter((r) => r.organizationId === supplier.orgId && r.stage === "potential" && r.metric === "co2_avoided_t").reduce((s, r) => s + r.value, 0);
const sameButDay = (rows: readonly RollupRow[]) => rows.map(({ day: _day, ...rest }) => rest);

describe("pruning the kept carbon match inputs", () => {
  it("the rollup writer forgets the days before the window but the newest of them, and a second prune removes nothing", async () => {
    const ctx = writeContext(stores);
    supplier = await anOrgWithSite(ctx, "Retention Foundry", 40, 0);
    const first = await anOrgWithSite(ctx, "Retention Greenhouse", 41, 0);
    const offer = await aFlowAt(ctx, supplier.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 6000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    const need1 = await aFlowAt(ctx, first.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2000, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    await matchStored(stores.neo4j, matchId(offer, need1));
    // Written on days long past (the writer ran then), with one match.
    for (const day of [d500, d420]) await writeTodayRollups(carbon(), atNoon(day));
    // Later a second need of the same heat was matched too.
    const second = await anOrgWithSite(ctx, "Retention Pool", 42, 0);
    const need2 = await aFlowAt(ctx, second.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    await matchStored(stores.neo4j, matchId(offer, need2));
    await writeTodayRollups(carbon(), atNoon(d300));
    expect(await keptDays()).toEqual([d500, d420, d300]);

    await rollups.flush();
    // d420 is the day in force when the window opens: kept; d500 is before it: gone.
    expect(await keptDays()).toEqual([d420, d300, today]);
    expect(rollups.counts.pruned).toBe(1);
    await rollups.flush();
    expect(await keptDays()).toEqual([d420, d300, today]);
    expect(rollups.counts.pruned).toBe(1);
  }, 90_000);

  it("a rebuild recomputes the window only: older rows stay as written, the window opens with the last kept day's matches, a second rebuild changes nothing", async () => {
    const written = { d500: await rowsOf(d500), d420: await rowsOf(d420), d300: await rowsOf(d300), today: await rowsOf(today) };
    expect(potential(written.d300)).toBeGreaterThan(potential(written.d420));
    const rebuilt = await rebuildRollups(carbon(), now, { retentionDays: RETENTION });
    expect(rebuilt.days).toBe(RETENTION);
    // d500's inputs are gone: its rows are kept as written, not made up from today's two matches.
    expect(await rowsOf(d500)).toEqual(written.d500);
    expect(await rowsOf(d420)).toEqual(written.d420);
    // The window's first day had no write: it carries d420's one match, not today's two.
    expect(sameButDay(await rowsOf(windowStart))).toEqual(sameButDay(written.d420));
    expect(await rowsOf(d300)).toEqual(written.d300);
    expect(await rowsOf(today)).toEqual(written.today);
    const table = await listRollups(stores.db.knex, { projection: "carbon" });
    await rebuildRollups(carbon(), now, { retentionDays: RETENTION });
    expect(await listRollups(stores.db.knex, { projection: "carbon" })).toEqual(table);
  }, 90_000);
});
