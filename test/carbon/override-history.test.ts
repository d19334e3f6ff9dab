/**
 * A rebuild uses the factors that were in force on each day (issue 13): an organization's
 * override of the heat it displaces changes between two days (through the API, audited),
 * and `npm run rollups:rebuild` (rebuildRollups) must give the first day the figures
 * written with the first value, not recompute it with today's. Then the override is
 * removed: the rebuilt past days keep theirs, and only today follows the default.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { matchStored, startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { names, resetStores, writeContext } from "../helpers/stores.ts";
import { aFlowAt, anOrgWithSite } from "../matching/fixtures.ts";
import { listRollups, type RollupRow } from "../../ledgers/daily-rollups.ts";
import { rebuildRollups, writeTodayRollups } from "../../projections/carbon/service.ts";

let api: TestApi;
let matching: TestMatchingWorker;
const run = Date.now();
const now = new Date();
const day2 = now.toISOString().slice(0, 10);
const day1 = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
const day0 = new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
const atNoon = (day: string) => new Date(`${day}T12:00:00Z`);
let user: { orgId: string; siteId: string };
let admin: Awaited<ReturnType<TestApi["actor"]>>;

beforeAll(async () => {
  api = await startHttpApi();
  await resetStores(api.stores);
  matching = await startTestMatchingWorker(api.stores, `matching-overrides-${run}`);
}, 60_000);

afterAll(async () => {
  await matching?.stop();
  const jsm = await api?.stores.nats.jetstreamManager();
  await jsm?.consumers.delete(names.streams.events, `matching-overrides-${run}`).catch(() => undefined);
  await api?.stop();
});


const stores = () => ({ neo4j: api.stores.neo4j, knex: api.knex });
const rowsOf = (day: string) => listRollups(api.knex, { projection: "carbon", from: day, to: day });
/** The receiver's gross tonnes per credited MWh that day (pumping is the same both days, so the ratio moves only with the factor). */
const perMWh = (rows: readonly RollupRow[]) => {
  const sum = (metric: string) => rows.filter((r) => r.organizationId === user.orgId && r.partyRole === "receiver" && r.metric === metric).reduce((s, r) => s + r.value, 0);
  return sum("co2_avoided_t") / sum("energy_mwh");
};
const override = (value: number) =>
  api.request("put", `/api/v1/organizations/${user.orgId}/emission-factors/displaced%3Aheat`, { token: admin.token, body: { value, source: `our boiler, metered (${value})`, year: 2025 } });

describe("a rebuild after an override changed between days", () => {
  it("gives each past day the figures of the factors in force that day, and a second rebuild changes nothing", async () => {
    const ctx = writeContext(api.stores);
    const supplier = await anOrgWithSite(ctx, "Override Foundry", 30, 0);
    user = await anOrgWithSite(ctx, "Override Greenhouse", 31, 0);
    admin = await api.actor("org_admin", [user.orgId]);
    const offer = await aFlowAt(ctx, supplier.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 6000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    const need = await aFlowAt(ctx, user.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    await matchStored(api.stores.neo4j, matchId(offer, need));

    // The greenhouse set its own value two days ago (the audit log and the row say when).
    expect((await override(0.3)).status).toBe(201);
    await api.knex("audit_log").where({ org_id: user.orgId, entity_type: "emission_factor" }).update({ at: atNoon(day0) });
    await api.knex("emission_factor_overrides").where({ org_id: user.orgId }).update({ updated_at: atNoon(day0) });
    await writeTodayRollups(stores(), atNoon(day1));
    // Today it measured again: a lower value from now on.
    expect((await override(0.15)).status).toBe(200);
    await writeTodayRollups(stores(), atNoon(day2));

    const written1 = await rowsOf(day1);
    const written2 = await rowsOf(day2);
    expect(perMWh(written1)).toBeGreaterThan(0.28);
    expect(perMWh(written1)).toBeLessThanOrEqual(0.3);
    expect(perMWh(written2)).toBeGreaterThan(0.13);
    expect(perMWh(written2)).toBeLessThanOrEqual(0.15);

    await api.knex("daily_rollups").where({ projection: "carbon" }).delete();
    const rebuilt = await rebuildRollups(stores(), atNoon(day2));
    expect(rebuilt.days).toBe(2);
    expect(await rowsOf(day1)).toEqual(written1);
    expect(await rowsOf(day2)).toEqual(written2);
    await rebuildRollups(stores(), atNoon(day2));
    expect(await rowsOf(day1)).toEqual(written1);
    expect(await rowsOf(day2)).toEqual(written2);
  }, 90_000);

  it("after the override is removed, a rebuild keeps the past days' figures and gives today the default", async () => {
    const written1 = await rowsOf(day1);
    expect((await api.request("delete", `/api/v1/organizations/${user.orgId}/emission-factors/displaced%3Aheat`, { token: admin.token })).status).toBe(204);
    await rebuildRollups(stores(), atNoon(day2));
    expect(await rowsOf(day1)).toEqual(written1);
    const today = perMWh(await rowsOf(day2));
    expect(today).toBeGreaterThan(0.2);
    expect(today).toBeLessThanOrEqual(0.224);
  });
});
