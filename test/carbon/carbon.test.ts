/**
 * The carbon projection against the real stores (issue 13): emission-factor overrides and
 * who may change them; a supply shared by two matches credited once; a partnership that
 * goes live through the proposal API counted as realised; daily rollups equal to a rebuild
 * from scratch, twice; the CSV's and PDF's totals equal the API's.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { listRollups } from "../../ledgers/daily-rollups.ts";
import { listAudit } from "../../ledgers/audit-log.ts";
import { rebuildRollups, writeTodayRollups } from "../../projections/carbon/service.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, problemOf, startHttpApi, type Actor, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, join, V1 } from "../api/fixtures.ts";

let api: TestApi;
let sam: Actor, cleo: Actor, gina: Actor, cleoStaff: Actor;
let smelter: string, greenhouse: string, nursery: string;
let heat: ResourceFlow, warmth: ResourceFlow, warmth2: ResourceFlow;
const today = new Date().toISOString().slice(0, 10);
// Match ids of this run: reveals are keyed by match id and outlive a reset of the stores.
const m1 = `carbon-m1-${Date.now()}`;
const m2 = `carbon-m2-${Date.now()}`;
const stores = () => ({ neo4j: api.stores.neo4j, knex: api.knex });

const ok = (res: HttpResponse, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

/** A `:Match` as the matching worker stores one: each of the two wants 9,050 MWh/yr of a 13,100 MWh/yr supply. */
async function aHeatMatch(id: string, demand: ResourceFlow, demandOrg: string, valueEur: number) {
  const economics = { transportMode: "heat_pipe", suppliedQuantity: 9_050 / 0.95, deliveredQuantity: 9_050, unit: "MWh", uncertainty: 0.2, annualSavingsEur: valueEur };
  await api.stores.neo4j.executeQuery(
    `CREATE (:Match {id: $id, supplyFlowId: $s, demandFlowId: $d, supplyOrgId: $so, demandOrgId: $do, offerType: 'waste_heat_low', needType: 'process_heat',
                     score: 0.8, route: 'auto', distanceKm: 1.5, annualValueEur: $v, supplyQuantity: 13100.0, demandQuantity: 9050.0,
                     factors: '{}', economics: $e, relaxed: false, updatedAt: toString(datetime())})`,
    { id, s: heat.externalId, d: demand.externalId, so: smelter, do: demandOrg, v: valueEur, e: JSON.stringify(economics) },
  );
}

beforeAll(async () => {
  api = await startHttpApi();
  await resetStores(api.stores);
  [sam, cleo, gina] = await actorsOf(api, [["org_admin", "sam"], ["org_admin", "cleo"], ["org_admin", "gina"]]);
  smelter = (await anOrganization(api, sam, { name: "Smelter A/S", naceCode: "24.42" })).externalId;
  greenhouse = (await anOrganization(api, cleo, { name: "Greenhouse ApS", naceCode: "01.13" })).externalId;
  nursery = (await anOrganization(api, gina, { name: "Nursery I/S", naceCode: "01.30" })).externalId;
  cleoStaff = (await actorsOf(api, [["org_member", "cleo-staff"]]))[0]!;
  await join(api, cleoStaff, greenhouse, "org_member");
  const [s1, s2, s3] = await Promise.all([aSiteOf(api, sam, smelter, { lon: 11.1 }), aSiteOf(api, cleo, greenhouse, { lon: 11.12 }), aSiteOf(api, gina, nursery, { lon: 11.13 })]);
  [heat, warmth, warmth2] = await Promise.all([
    aFlowAt(api, sam, s1.externalId, { direction: "offer", quantity: { value: 13_100, unit: "MWh/yr" } }),
    aFlowAt(api, cleo, s2.externalId, { direction: "need", resourceType: "process_heat", quantity: { value: 9_050, unit: "MWh/yr" }, quality: { temperatureC: 45 } }),
    aFlowAt(api, gina, s3.externalId, { direction: "need", resourceType: "process_heat", quantity: { value: 9_050, unit: "MWh/yr" }, quality: { temperatureC: 45 } }),
  ]);
  await aHeatMatch(m1, warmth, greenhouse, 200_000);
  await aHeatMatch(m2, warmth2, nursery, 150_000);
});
afterAll(async () => api?.stop());

const factorUrl = (org: string, id: string) => `${V1}/organizations/${org}/emission-factors/${encodeURIComponent(id)}`;

describe("emission factors and overrides", () => {
  it("lists the defaults with source and year", async () => {
    const items = ok(await api.request("get", `${V1}/emission-factors`, { token: cleoStaff.token })).items as { id: string; source: string; year: number }[];
    expect(items.find((f) => f.id === "grid:DK2")).toMatchObject({ unit: "tCO2/MWh", year: 2022 });
    expect(items.every((f) => f.source.length > 0 && f.year > 2000)).toBe(true);
  });

  it("an org_admin overrides a factor (201, then 200), audited with who; the organization's list shows it", async () => {
    const body = { value: 0.25, source: "our gas boiler, metered 2025", year: 2025 };
    expect(ok(await api.request("put", factorUrl(greenhouse, "displaced:heat"), { token: cleo.token, body }), 201)).toMatchObject({ orgId: greenhouse, factorId: "displaced:heat", value: 0.25, updatedBy: cleo.id });
    ok(await api.request("put", factorUrl(greenhouse, "displaced:heat"), { token: cleo.token, body: { ...body, value: 0.24 } }), 200);
    const listed = ok(await api.request("get", `${V1}/organizations/${greenhouse}/emission-factors`, { token: cleoStaff.token })).items as { id: string; value: number; overriddenBy?: string; default: { value: number } }[];
    expect(listed.find((f) => f.id === "displaced:heat")).toMatchObject({ value: 0.24, overriddenBy: greenhouse, source: body.source, default: { value: 0.224 } });
    const audit = await listAudit(api.knex, { orgIds: [greenhouse], action: "emission_factor.changed", before: null, limit: 10 });
    expect(audit.map((e) => [e.actor, e.entityId])).toEqual([[cleo.id, "displaced:heat"]]);
    expect(audit[0]!.at).toBeTruthy();
  });

  it("another organization's admin is answered as for a missing organization; a member is refused; bad bodies name the field", async () => {
    const body = { value: 0.3, source: "guess", year: 2025 };
    const foreign = await api.request("put", factorUrl(greenhouse, "displaced:heat"), { token: sam.token, body });
    const missing = await api.request("put", factorUrl("no-such-org", "displaced:heat"), { token: sam.token, body });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(problemOf(foreign).title).toBe(problemOf(missing).title);
    expect((await api.request("put", factorUrl(greenhouse, "displaced:heat"), { token: cleoStaff.token, body })).status).toBe(403);
    const bad = await api.request("put", factorUrl(greenhouse, "displaced:heat"), { token: cleo.token, body: { ...body, value: -1, extra: true } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(problemOf(bad))).toContain("body.value");
    expect((await api.request("put", factorUrl(greenhouse, "grid:XX"), { token: cleo.token, body })).status).toBe(404);
  });

  it("removing an override restores the default; removing it again is a 404", async () => {
    await api.request("put", factorUrl(greenhouse, "grid:DK2"), { token: cleo.token, body: { value: 0.1, source: "our PPA", year: 2026 } });
    expect((await api.request("delete", factorUrl(greenhouse, "grid:DK2"), { token: cleo.token })).status).toBe(204);
    expect((await api.request("delete", factorUrl(greenhouse, "grid:DK2"), { token: cleo.token })).status).toBe(404);
    const audit = await listAudit(api.knex, { orgIds: [greenhouse], action: "emission_factor.reset", before: null, limit: 10 });
    expect(audit).toHaveLength(1);
  });
});

describe("carbon of matches and partnerships", () => {
  it("a supply shared by two matches is credited once: the receivers' deliveries add up to no more than the supply", async () => {
    await writeTodayRollups(stores());
    const rows = await listRollups(api.knex, { projection: "carbon", from: today, to: today });
    const delivered = rows.filter((r) => r.partyRole === "receiver" && r.metric === "energy_mwh").reduce((s, r) => s + r.value * 365, 0);
    expect(delivered).toBeGreaterThan(12_000);
    expect(delivered).toBeLessThanOrEqual(13_100 * 0.95 + 1e-6); // not 18,100
    const supplier = rows.filter((r) => r.organizationId === smelter && r.metric === "energy_mwh").reduce((s, r) => s + r.value * 365, 0);
    expect(supplier).toBeCloseTo(delivered, 6);
  });

  it("a partnership taken live through the proposal API counts as realised and is listed with its allocation and factors", async () => {
    const created = ok(await api.request("post", `${V1}/proposals`, { token: sam.token, body: { externalId: "carbon-prop-1", matchId: m2, message: "Heat for your nursery?" } }), 201);
    const id = created.id as string;
    let v = ok(await api.request("post", `${V1}/proposals/${id}/status`, { token: gina.token, body: { status: "accepted", version: 1 } })).version as number;
    v = ok(await api.request("post", `${V1}/proposals/${id}/deal`, { token: sam.token, body: { to: "reserved", version: v } })).version;
    v = ok(await api.request("post", `${V1}/proposals/${id}/deal`, { token: sam.token, body: { to: "contracted", version: v } })).version;
    v = ok(await api.request("post", `${V1}/proposals/${id}/deal`, { token: gina.token, body: { to: "contracted", version: v } })).version;
    ok(await api.request("post", `${V1}/proposals/${id}/deal`, { token: gina.token, body: { to: "live", version: v } }));
    await writeTodayRollups(stores());

    const summary = ok(await api.request("get", `${V1}/organizations/${smelter}/carbon?from=${today}&to=${today}`, { token: sam.token }));
    expect(summary.totals.realised.co2AvoidedT.mid).toBeGreaterThan(0);
    const line = summary.partnerships.find((p: { matchId: string }) => p.matchId === m2);
    // Live first: the nursery keeps all it asked for; the greenhouse's potential gets the rest.
    expect(line, JSON.stringify(summary.partnerships)).toMatchObject({ stage: "realised", role: "supplier", counterpart: "Nursery I/S", allocation: { shareOfWish: 1 }, factorIds: ["displaced:heat", "grid:DK2"] });
    expect(line.transportTPerYear).toBeGreaterThan(0);
    expect(line.co2AvoidedTPerYear.mid).toBeCloseTo(9_050 * 0.224 - line.transportTPerYear, 3);
    expect(summary.factors.find((f: { id: string }) => f.id === "displaced:heat")).toMatchObject({ source: expect.stringContaining("IPCC") });
    // The greenhouse is not revealed to the smelter: counted, not listed.
    expect(JSON.stringify(summary.partnerships)).not.toContain("Greenhouse");
    const realisedDelivered = (await listRollups(api.knex, { projection: "carbon", from: today, to: today })).filter((r) => r.partyRole === "receiver" && r.metric === "energy_mwh").reduce((s, r) => s + r.value * 365, 0);
    expect(realisedDelivered).toBeLessThanOrEqual(13_100 * 0.95 + 1e-6);
  });

  it("the greenhouse's own override changes its figures, never the nursery's", async () => {
    const rows = await listRollups(api.knex, { projection: "carbon", from: today, to: today });
    const co2 = (org: string) => rows.filter((r) => r.organizationId === org && r.metric === "co2_avoided_t" && r.partyRole === "receiver").reduce((s, r) => s + r.value * 365, 0);
    const energy = (org: string) => rows.filter((r) => r.organizationId === org && r.metric === "energy_mwh" && r.partyRole === "receiver").reduce((s, r) => s + r.value * 365, 0);
    expect(co2(greenhouse) / energy(greenhouse)).toBeGreaterThan(0.235); // 0.24 less pumping
    expect(co2(nursery) / energy(nursery)).toBeLessThan(0.2245); // the default 0.224 less pumping
  });
});

describe("rollups", () => {
  it("equal a rebuild from scratch, and a second rebuild changes nothing", async () => {
    await writeTodayRollups(stores());
    const written = await listRollups(api.knex, { projection: "carbon", from: today, to: today });
    expect(written.length).toBeGreaterThan(0);
    await api.knex("daily_rollups").where({ projection: "carbon" }).delete();
    const first = await rebuildRollups(stores());
    const rebuilt = await listRollups(api.knex, { projection: "carbon" });
    expect(rebuilt.filter((r) => r.day === today)).toEqual(written);
    await rebuildRollups(stores());
    expect(await listRollups(api.knex, { projection: "carbon" })).toEqual(rebuilt);
    expect(first.rows).toBe(rebuilt.length);
  });
});

describe("reports", () => {
  it("the CSV's totals are the API's", async () => {
    const q = `?from=${today}&to=${today}`;
    const summary = ok(await api.request("get", `${V1}/organizations/${smelter}/carbon${q}`, { token: sam.token }));
    const csv = await api.request("get", `${V1}/organizations/${smelter}/carbon/report.csv${q}`, { token: sam.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain(`carbon-${smelter}-${today}-${today}.csv`);
    const totals = (csv.body as string).split("\r\n").filter((l) => l.startsWith("totals,")).map((l) => l.split(","));
    for (const [, stage, low, mid, high, energy] of totals) {
      const t = summary.totals[stage!];
      expect([Number(low), Number(mid), Number(high), Number(energy)]).toEqual([t.co2AvoidedT.low, t.co2AvoidedT.mid, t.co2AvoidedT.high, t.energyMWh]);
    }
    expect(totals.map((r) => r[1])).toEqual(["potential", "in_progress", "realised"]);
    expect(csv.body).toContain("factor,displaced:heat,");
  });

  it("a receiver's own factor reaches the supplier's summary and CSV as the counterpart's value: no source text, no organization", async () => {
    const q = `?from=${today}&to=${today}`;
    const summary = ok(await api.request("get", `${V1}/organizations/${smelter}/carbon${q}`, { token: sam.token }));
    const csv = (await api.request("get", `${V1}/organizations/${smelter}/carbon/report.csv${q}`, { token: sam.token })).body as string;
    const theirs = (summary.factors as { id: string; value: number; source: string; counterpartValue?: boolean; overriddenBy?: string }[]).filter((f) => f.counterpartValue);
    expect(theirs).toEqual([expect.objectContaining({ id: "displaced:heat", value: 0.24, source: "the counterpart's own value for its site" })]);
    expect(theirs[0]).not.toHaveProperty("overriddenBy");
    for (const text of [JSON.stringify(summary), csv]) {
      expect(text).not.toContain("our gas boiler");
      expect(text).not.toContain(greenhouse);
    }
    // The greenhouse itself still sees its own value as its own, with its source.
    const own = ok(await api.request("get", `${V1}/organizations/${greenhouse}/carbon${q}`, { token: cleo.token }));
    expect(own.factors).toContainEqual(expect.objectContaining({ id: "displaced:heat", overriddenBy: greenhouse, source: "our gas boiler, metered 2025" }));
  });

  it("the PDF is served as a PDF file; another organization's report is a 404", async () => {
    const q = `?from=${today}&to=${today}`;
    const res = await fetch(`${api.url}${V1}/organizations/${smelter}/carbon/report.pdf${q}`, { headers: { authorization: `Bearer ${sam.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    mkdirSync(new URL("../../test-artifacts/", import.meta.url), { recursive: true });
    writeFileSync(new URL("../../test-artifacts/carbon-report.pdf", import.meta.url), pdf);
    const foreign = await api.request("get", `${V1}/organizations/${smelter}/carbon/report.pdf${q}`, { token: cleo.token });
    const missing = await api.request("get", `${V1}/organizations/nope/carbon/report.pdf${q}`, { token: cleo.token });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    const bad = await api.request("get", `${V1}/organizations/${smelter}/carbon?from=2026-02-30`, { token: sam.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(problemOf(bad))).toContain("query.from");
  });
});
