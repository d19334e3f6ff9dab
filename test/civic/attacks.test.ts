/**
 * Attacks on the civic projection's dominance and two-releases rules, over the real stores
 * and the public routes (issue 14; docs/civic-disclosure.md, rules 2, 3 and 6): a hexagon of
 * three or more companies where one holds most of the figure, that hexagon subtracted from
 * its country hexagon or its region, and two releases between which one company only
 * changed its quantity. Also the region outline the dashboard draws.
 */
import { cellToLatLng, cellToParent } from "h3-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeBusinesses, writeFlows, writeSites } from "../../ingest/write-path.ts";
import { COUNTRY_RESOLUTION } from "../../projections/civic/disclosure.ts";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { resetStores, writeContext } from "../helpers/stores.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { expectEachRefused, startHttpApi, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { V1 } from "../api/fixtures.ts";
import { clearRegions, loadMunicipalities, loadZealand } from "../regions/fixtures.ts";
import { A, B, forgetCivicReleases, P } from "./fixture.ts";

let api: TestApi;
const get = (path: string) => api.request("get", `${V1}${path}`);
const ok = (res: HttpResponse) => {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
};
type Cell = { cell: string; values: Record<string, number> };
const cells = async (resolution: "city" | "country") => ok(await get(`/public/regions/9901/cells?resolution=${resolution}`)).body.items as Cell[];
const totals = async () => ok(await get("/public/regions/9901/summary")).body.totals as Record<string, number>;

/** A company with one site at the centre of `cell` and one flow; returns the flow as written, to change it later. */
async function aCompany(name: string, cell: string, direction: "offer" | "need", resourceType: string, mwh: number): Promise<ResourceFlow> {
  const ctx = writeContext(api.stores);
  const biz = aBusiness({ name });
  await writeBusinesses(ctx, [biz]);
  const [lat, lon] = cellToLatLng(cell);
  const site = aSite(biz.externalId, { name: `${name} plant`, lat, lon });
  await writeSites(ctx, [site]);
  const flow = aFlow(site.externalId, { direction, resourceType, quantity: { value: mwh, unit: "MWh/yr" }, quality: { temperatureC: direction === "offer" ? 70 : 45 } });
  expect((await writeFlows(ctx, [flow])).rejected).toEqual([]);
  return flow;
}

/** What a country hexagon minus its published city hexagons gives, per metric. */
function rests(country: Cell[], city: Cell[]): Record<string, number> {
  const parent = country.find((c) => c.cell === P);
  if (!parent) return {};
  const children = city.filter((c) => cellToParent(c.cell, COUNTRY_RESOLUTION) === P);
  return Object.fromEntries(Object.entries(parent.values).map(([m, v]) => [m, v - children.reduce((s, c) => s + (c.values[m] ?? 0), 0)]));
}

beforeAll(async () => {
  api = await startHttpApi();
});
beforeEach(async () => {
  await resetStores(api.stores);
  await clearRegions(api.knex);
  await loadZealand(api.knex);
  await loadMunicipalities(api.knex);
  await api.knex("civic_published_sets").delete();
  await forgetCivicReleases(api.stores);
});
afterAll(async () => {
  if (api) await clearRegions(api.knex);
  await api?.stop();
});

describe("the dominance rule over the public routes", () => {
  it("withholds a hexagon of three companies where one holds 90 %, and its country hexagon and region minus the rest never give it back", async () => {
    const BIG = 9000;
    await aCompany("Dominant Refinery", A, "offer", "waste_heat_low", BIG);
    await aCompany("Small Bakery", A, "offer", "waste_heat_low", 500);
    await aCompany("Small Laundry", A, "offer", "waste_heat_low", 500);
    for (const i of [0, 1, 2]) await aCompany(`Even Supplier ${i}`, B, "offer", "waste_heat_low", 1200);
    const city = await cells("city");
    const country = await cells("country");
    // Three companies in A — the count shows, the heat (90 % one refinery's) does not.
    expect(city.find((c) => c.cell === A)?.values.organizations).toBe(3);
    expect(city.find((c) => c.cell === A)?.values["supply:waste_heat_low"]).toBeUndefined();
    // The country hexagon (66 % the refinery's) is published; B's hexagon went with A (complementary), so the country minus its city hexagons is A and B together.
    expect(country.find((c) => c.cell === P)?.values["supply:waste_heat_low"]).toBe(BIG + 1000 + 3600);
    expect(city.find((c) => c.cell === B)?.values["supply:waste_heat_low"]).toBeUndefined();
    const rest = rests(country, city)["supply:waste_heat_low"]!;
    expect(rest).not.toBeCloseTo(BIG + 1000, 0);
    expect(rest).not.toBeCloseTo(BIG, 0);
    expect(BIG / rest).toBeLessThanOrEqual(0.7);
    // The region's total is its published hexagons': neither A's figure nor the refinery's is in it, nor derivable from it.
    const t = await totals();
    const published = city.reduce((s, c) => s + (c.values["supply:waste_heat_low"] ?? 0), 0);
    expect((t["supply:waste_heat_low"] ?? 0) - published).toBeCloseTo(0, 6);
    for (const body of [JSON.stringify(t), JSON.stringify(city), JSON.stringify(country)]) expect(body).not.toMatch(/\b9000\b|\b10000\b/);
  });

  it("publishes the same hexagon once no company dominates it", async () => {
    for (const [i, mwh] of [3000, 2500, 2000, 1500].entries()) await aCompany(`Balanced ${i}`, A, "offer", "waste_heat_low", mwh);
    expect((await cells("city")).find((c) => c.cell === A)?.values["supply:waste_heat_low"]).toBe(9000);
  });
});

describe("two releases between which one company changed its quantity", () => {
  it("withholds the hexagon and its country hexagon in the second release, so no difference of the two is the change; the ledger keeps digests, not figures", async () => {
    const flows = [] as ResourceFlow[];
    for (const [i, mwh] of [500, 600, 700].entries()) flows.push(await aCompany(`Greenhouse ${i}`, B, "need", "process_heat", mwh));
    const before = await totals();
    const cityBefore = await cells("city");
    const countryBefore = await cells("country");
    expect(cityBefore.find((c) => c.cell === B)?.values["demand:process_heat"]).toBe(1800);
    expect(countryBefore.find((c) => c.cell === P)?.values["demand:process_heat"]).toBe(1800);
    // A second release of the same world shows the same figures.
    await forgetCivicReleases(api.stores);
    expect((await cells("city")).find((c) => c.cell === B)?.values["demand:process_heat"]).toBe(1800);

    // Greenhouse 1 alone grows by 321 MWh/yr; the companies stay the same.
    const CHANGE = 321;
    const changed = { ...flows[1]!, quantity: { value: 600 + CHANGE, unit: "MWh/yr" } };
    expect((await writeFlows(writeContext(api.stores), [changed])).rejected).toEqual([]);
    await forgetCivicReleases(api.stores);
    const after = await totals();
    const cityAfter = await cells("city");
    const countryAfter = await cells("country");
    expect(cityAfter.find((c) => c.cell === B)?.values["demand:process_heat"]).toBeUndefined();
    expect(countryAfter.find((c) => c.cell === P)?.values["demand:process_heat"]).toBeUndefined();
    for (const metric of new Set([...Object.keys(before), ...Object.keys(after)])) expect((after[metric] ?? 0) - (before[metric] ?? 0), metric).not.toBeCloseTo(CHANGE, 0);
    for (const [b, a] of [[cityBefore, cityAfter], [countryBefore, countryAfter]] as const) {
      for (const c of a) for (const [m, v] of Object.entries(c.values)) expect(v - (b.find((x) => x.cell === c.cell)?.values[m] ?? 0), `${c.cell} ${m}`).not.toBeCloseTo(CHANGE, 0);
    }

    // Two more greenhouses change too: three changes mixed, the figure shows again.
    const more = [{ ...flows[0]!, quantity: { value: 550, unit: "MWh/yr" } }, { ...flows[2]!, quantity: { value: 750, unit: "MWh/yr" } }];
    expect((await writeFlows(writeContext(api.stores), more)).rejected).toEqual([]);
    await forgetCivicReleases(api.stores);
    expect((await cells("city")).find((c) => c.cell === B)?.values["demand:process_heat"]).toBe(550 + 921 + 750);

    // The ledger: organization ids with a digest each, no quantity.
    const rows = (await api.knex("civic_published_sets").where({ key: B, metric: "demand:process_heat" }).select("organization_ids", "organization_digests")) as { organization_ids: string[]; organization_digests: string[] }[];
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.organization_digests).toHaveLength(r.organization_ids.length);
      for (const d of r.organization_digests) expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(r)).not.toMatch(/\b(500|550|600|700|750|921)\b/);
    }
  });
});

describe("GET /public/regions/{code}/outline", () => {
  it("answers the region's boundary as a GeoJSON Feature without login, and unknown or malformed codes as problems", async () => {
    const res = ok(await get("/public/regions/9901/outline"));
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(res.body).toMatchObject({ type: "Feature", properties: { level: "municipality", code: "9901", name: "Kalundborg Vest" } });
    expect(["Polygon", "MultiPolygon"]).toContain(res.body.geometry.type);
    // 9901 has an island: its outline is more than one polygon; every ring is closed, [lon, lat] around Kalundborg.
    expect(res.body.geometry.type).toBe("MultiPolygon");
    for (const polygon of res.body.geometry.coordinates as number[][][][]) {
      for (const ring of polygon) {
        expect(ring[0]).toEqual(ring.at(-1));
        for (const [lon, lat] of ring) {
          expect(lon).toBeGreaterThan(10.5);
          expect(lon).toBeLessThan(11.8);
          expect(lat).toBeGreaterThan(55.3);
          expect(lat).toBeLessThan(56.1);
        }
      }
    }
    expect(ok(await get("/public/regions/DK02/outline?level=nuts2")).body.properties.level).toBe("nuts2");
    const missing = await get("/public/regions/0000/outline");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await get("/public/regions/9901/outline?level=nuts2")).status).toBe(404);
    await expectEachRefused(
      [
        ["/public/regions/not%20a%20code/outline", "params.code"],
        ["/public/regions/9901/outline?level=Not%20a%20level", "query.level"],
        ["/public/regions/9901/outline?simplify=0", "query.simplify"],
      ],
      (p) => get(p),
    );
  });
});
