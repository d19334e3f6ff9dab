/**
 * Credited once, end to end (issue 13): one 13,100 MWh/yr waste-heat offer and two heat
 * needs of 10,000 MWh/yr each, written through the one write path. The real matching
 * worker ranks both matches and the rollup writer of the same process (as
 * ops/matching-worker.ts wires them) writes today's rollups. What a sustainability manager
 * then sees: the potential in the daily rollups counts the supply's energy at most once at
 * every grain (organization, site, resource type, region) — the two matches alone would
 * claim 20,000 MWh/yr — each match's list entry shows its allocated share, and the
 * supplier's CSV report states how its offer was shared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { config, names, resetStores, writeContext } from "../helpers/stores.ts";
import { aFlowAt, anOrgWithSite } from "../matching/fixtures.ts";
import { listRollups, type RollupRow } from "../../ledgers/daily-rollups.ts";
import { startRollupWorker, type RollupWorker } from "../../projections/carbon/rollup-worker.ts";

const OFFER_MWH = 13_100;
const NEED_MWH = 10_000;
let api: TestApi;
let matching: TestMatchingWorker;
let rollups: RollupWorker;
const run = Date.now();
const written: (() => void)[] = [];
const today = new Date().toISOString().slice(0, 10);
let supplier: { orgId: string; siteId: string };
let users: { orgId: string; siteId: string }[];
let offer: string;
let needs: string[];
let rows: RollupRow[];

beforeAll(async () => {
  api = await startHttpApi();
  await resetStores(api.stores);
  matching = await startTestMatchingWorker(api.stores, `matching-once-${run}`);
  rollups = await startRollupWorker({
    neo4j: api.stores.neo4j,
    knex: api.knex,
    nats: api.stores.nats,
    streamPrefix: config.nats.streamPrefix,
    name: `carbon-rollups-once-${run}`,
    debounceMs: 50,
    onWritten: () => written.splice(0).forEach((w) => w()),
  });
  const ctx = writeContext(api.stores);
  supplier = await anOrgWithSite(ctx, "Once Foundry", 0, 0);
  users = [await anOrgWithSite(ctx, "Once Greenhouse", 1, 0.5), await anOrgWithSite(ctx, "Once Pool", -1, -0.8)];
  offer = await aFlowAt(ctx, supplier.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: OFFER_MWH, unit: "MWh/yr" }, quality: { temperatureC: 75 } });
  needs = [];
  for (const u of users) needs.push(await aFlowAt(ctx, u.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: NEED_MWH, unit: "MWh/yr" }, quality: { temperatureC: 45 } }));
  // Each write of today's rows resolves one waiter: wait until both matches are in them.
  const receivers = () => new Set(rows.filter((r) => r.partyRole === "receiver").map((r) => r.organizationId));
  rows = await listRollups(api.knex, { projection: "carbon", from: today, to: today });
  for (let i = 0; i < 200 && receivers().size < 2; i++) {
    await Promise.race([new Promise<void>((resolve) => written.push(resolve)), new Promise((resolve) => setTimeout(resolve, 500))]);
    rows = await listRollups(api.knex, { projection: "carbon", from: today, to: today });
  }
}, 120_000);

afterAll(async () => {
  await rollups?.stop();
  await matching?.stop();
  const jsm = await api?.stores.nats.jetstreamManager();
  for (const name of [`matching-once-${run}`, `carbon-rollups-once-${run}`]) await jsm?.consumers.delete(names.streams.events, name).catch(() => undefined);
  await api?.stop();
});

/** Yearly sum of a metric over rows that pass `keep` (rows are a yearly figure / 365 a day). */
const yearly = (metric: string, keep: (r: RollupRow) => boolean) => rows.filter((r) => r.metric === metric && keep(r)).reduce((s, r) => s + r.value * 365, 0);
const grains = (key: (r: RollupRow) => string, role: string) => {
  const out = new Map<string, number>();
  for (const r of rows) if (r.metric === "energy_mwh" && r.partyRole === role && r.stage === "potential") out.set(key(r), (out.get(key(r)) ?? 0) + r.value * 365);
  return out;
};

describe("a supply two needs want, through the matching worker and the rollup writer", () => {
  it("both matches are stored, each wanting most of the supply", async () => {
    const { records } = await api.stores.neo4j.executeQuery("MATCH (m:Match) WHERE m.id IN $ids RETURN m.id AS id, m.economics AS e", { ids: needs.map((n) => matchId(offer, n)) });
    expect(records).toHaveLength(2);
    const alone = records.map((r) => (JSON.parse(r.get("e") as string) as { deliveredQuantity: number }).deliveredQuantity);
    // Alone, the two would claim more than the offer: the case credited-once is about.
    expect(alone.reduce((a, b) => a + b, 0)).toBeGreaterThan(OFFER_MWH);
  });

  it("the potential rollups count the supply's energy at most once, at every grain", () => {
    const delivered = yearly("energy_mwh", (r) => r.partyRole === "receiver" && r.stage === "potential");
    expect(delivered).toBeGreaterThan(0.8 * OFFER_MWH);
    expect(delivered).toBeLessThanOrEqual(OFFER_MWH + 1e-6);
    // The supplier's organization, its site and the offer's resource type: the offer, once.
    for (const [grain, mwh] of grains((r) => `${r.organizationId}|${r.siteId}|${r.resourceType}|${r.regionCode}`, "supplier")) {
      expect(grain.startsWith(`${supplier.orgId}|${supplier.siteId}|waste_heat_low|`)).toBe(true);
      expect(mwh).toBeCloseTo(delivered, 6);
    }
    // Per receiving organization, site, resource type and region: never more than the offer, and together the offer once.
    // An organization or site gets at most what it needs; a resource type or region (both receivers share them here) at most the offer.
    for (const [key, most] of [[(r: RollupRow) => r.organizationId, NEED_MWH], [(r: RollupRow) => r.siteId, NEED_MWH], [(r: RollupRow) => r.resourceType, OFFER_MWH], [(r: RollupRow) => r.regionCode, OFFER_MWH]] as const) {
      const byGrain = grains(key, "receiver");
      for (const mwh of byGrain.values()) expect(mwh).toBeLessThanOrEqual(most + 1e-6);
      expect([...byGrain.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(delivered, 6);
    }
    // CO2 follows the credited energy: each receiver's tonnes per MWh stay at one factor, so no tonne is counted twice either.
    for (const u of users) {
      const co2 = yearly("co2_avoided_t", (r) => r.organizationId === u.orgId && r.partyRole === "receiver");
      const mwh = yearly("energy_mwh", (r) => r.organizationId === u.orgId && r.partyRole === "receiver");
      expect(co2 / mwh).toBeGreaterThan(0.15);
      expect(co2 / mwh).toBeLessThanOrEqual(0.224 + 1e-9);
    }
    const supplierCo2 = yearly("co2_avoided_t", (r) => r.organizationId === supplier.orgId);
    const receiversCo2 = yearly("co2_avoided_t", (r) => r.partyRole === "receiver");
    expect(supplierCo2).toBeCloseTo(receiversCo2, 6);
  });

  it("each match's list entry shows its allocated share, and the shares agree with the rollups", async () => {
    let shareSum = 0;
    const wishes: number[] = [];
    for (const [i, u] of users.entries()) {
      const member = await api.actor("org_member", [u.orgId]);
      const res = await api.request("get", `/api/v1/resource-flows/${needs[i]}/matches?limit=10`, { token: member.token });
      expect(res.status).toBe(200);
      const m = (res.body.matches as { id: string; allocation?: { shareOfSupply: number; shareOfWish: number; competitors: number; reason: string } }[]).find((x) => x.id === matchId(offer, needs[i]!));
      expect(m?.allocation, JSON.stringify(res.body.matches)).toBeDefined();
      expect(m!.allocation!.competitors).toBe(1);
      wishes.push(m!.allocation!.shareOfWish);
      expect(m!.allocation!.reason).toMatch(/1 other need competes/);
      shareSum += m!.allocation!.shareOfSupply;
      // Rounded to tenths while the counterpart is anonymous; the rollups' credited energy is the same share.
      const credited = yearly("energy_mwh", (r) => r.organizationId === u.orgId && r.partyRole === "receiver");
      expect(Math.abs(credited / OFFER_MWH - m!.allocation!.shareOfSupply)).toBeLessThanOrEqual(0.1);
    }
    expect(shareSum).toBeLessThanOrEqual(1.05);
    // The better-valued need keeps what it asked for; the other gets what is left, not its whole wish.
    expect(Math.min(...wishes)).toBeLessThan(1);
  });

  it("the supplier's CSV report states how its offer was shared, and its potential total is the offer once", async () => {
    const admin = await api.actor("org_admin", [supplier.orgId]);
    const q = `?from=${today}&to=${today}`;
    const summary = await api.request("get", `/api/v1/organizations/${supplier.orgId}/carbon${q}`, { token: admin.token });
    expect(summary.status).toBe(200);
    const csv = await api.request("get", `/api/v1/organizations/${supplier.orgId}/carbon/report.csv${q}`, { token: admin.token });
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).split("\r\n");
    const header = lines.find((l) => l.startsWith("section,supply,"))?.split(",");
    const line = lines.find((l) => l.startsWith(`allocation,${offer},`))?.split(",");
    expect(header, csv.body as string).toBeDefined();
    expect(line, csv.body as string).toBeDefined();
    const cell = (name: string) => line![header!.indexOf(name)]!;
    expect(Number(cell("annual_quantity"))).toBe(OFFER_MWH);
    expect(cell("unit")).toBe("MWh");
    expect(Number(cell("matches"))).toBe(2);
    // Cut down to two significant digits (counterparts anonymous): never more than the offer.
    const credited = Number(cell("credited_potential"));
    expect(credited).toBeGreaterThan(0.8 * OFFER_MWH);
    expect(credited).toBeLessThanOrEqual(Number((OFFER_MWH).toPrecision(2)));
    expect(Number(cell("share_credited"))).toBeLessThanOrEqual(1);
    expect(summary.body.supplyAllocations).toEqual([expect.objectContaining({ flowId: offer, matches: 2 })]);
    expect(summary.body.totals.potential.energyMWh).toBeLessThanOrEqual(Number((OFFER_MWH / 365).toPrecision(2)) + 1e-9);
  });
});
