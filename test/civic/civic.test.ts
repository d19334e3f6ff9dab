/**
 * The civic projection against the real stores (issue 14): without login a region's
 * totals, hexagons and open data; the figures equal a recomputation from the graph; and
 * every attempt to single out one company — a small cell, a resource filter, a country
 * cell minus its city cells, a region minus its cells, an export against the dashboard —
 * finds nothing to subtract.
 */
import { cellToParent, latLngToCell } from "h3-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi } from "../../api/openapi/document.ts";
import { API_BASE, describeRoutes } from "../../api/app.ts";
import { civicProjection } from "../../projections/civic/projection.ts";
import { carbonAt, writeTodayRollups } from "../../projections/carbon/service.ts";
import { insertProposal } from "../../ledgers/proposals.ts";
import { CITY_RESOLUTION, COUNTRY_RESOLUTION } from "../../projections/civic/disclosure.ts";
import { config, resetStores } from "../helpers/stores.ts";
import { expectEachRefused, startHttpApi, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { V1 } from "../api/fixtures.ts";
import { clearRegions } from "../regions/fixtures.ts";
import { A, aCivicWorld, aCompanyIn, B, C, forgetCivicReleases, P, SECRET } from "./fixture.ts";

let api: TestApi;
let names: string[] = [];

const get = (path: string) => api.request("get", `${V1}${path}`);
const ok = (res: HttpResponse) => {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
};

beforeAll(async () => {
  api = await startHttpApi();
  await resetStores(api.stores);
  names = await aCivicWorld(api.stores);
});
afterAll(async () => {
  if (api) await clearRegions(api.knex);
  await api?.stop();
});

const textOf = (res: HttpResponse): string => (typeof res.body === "string" ? res.body : JSON.stringify(res.body));
const jsonOf = (res: HttpResponse) => (typeof res.body === "string" ? JSON.parse(res.body) : res.body);

/** Every number in a value, recursively. */
const numbersIn = (v: unknown): number[] => (typeof v === "number" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(numbersIn) : []);

describe("the civic projection's public routes", () => {
  it("answer without login, with the client address's rate limit, cacheable, and are in the OpenAPI document as public", async () => {
    const res = ok(await get("/public/regions/9901/summary"));
    expect(res.headers.get("ratelimit-limit")).toBeDefined();
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(res.body.region).toEqual({ level: "municipality", code: "9901", name: "Kalundborg Vest" });
    const regions = ok(await get("/public/regions")).body.items as { code: string }[];
    expect(regions.map((r) => r.code).sort()).toEqual(["9901", "9902", "DK02"]);
    const doc = buildOpenApi(describeRoutes(config).routes, API_BASE) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    for (const r of civicProjection.routes) {
      const op = doc.paths[`${API_BASE}${r.path}`]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op!.security).toEqual([]);
    }
  });

  it("the figures equal a recomputation from the graph: per city hexagon, what its sites' flows say", async () => {
    const { records } = await api.stores.neo4j.executeQuery(
      `MATCH (b:Business)-[:OPERATES]->(s:Site)-[r:OFFERS|NEEDS]->(f:ResourceFlow)
       RETURN b.id AS org, s.location.latitude AS lat, s.location.longitude AS lon, type(r) AS rel, f.resourceType AS type, f.annualQuantity AS q`,
    );
    const graph = new Map<string, { sum: number; orgs: Set<string> }>();
    for (const r of records) {
      const key = `${latLngToCell(r.get("lat"), r.get("lon"), CITY_RESOLUTION)} ${r.get("rel") === "OFFERS" ? "supply" : "demand"}:${r.get("type")}`;
      const g = graph.get(key) ?? graph.set(key, { sum: 0, orgs: new Set() }).get(key)!;
      g.sum += Number(r.get("q"));
      g.orgs.add(r.get("org"));
    }
    const cells = ok(await get("/public/regions/9901/cells?resolution=city")).body.items as { cell: string; values: Record<string, number> }[];
    const b = cells.find((c) => c.cell === B)!;
    // B's company count is withheld: with the lone smelter's hexagon hidden, the smaller of A (4) and B (3) goes too.
    expect(b.values.organizations).toBeUndefined();
    expect(cells.find((c) => c.cell === A)!.values.organizations).toBe(4);
    expect(b.values).toMatchObject({ "demand:process_heat": 1800, demand_mwh: 1800, "matched:process_heat": 1200, matched_mwh: 1200 });
    expect(b.values.co2_avoided_t).toBeGreaterThan(0);
    let compared = 0;
    for (const c of cells) {
      for (const [metric, value] of Object.entries(c.values)) {
        if (!/^(supply|demand):/.test(metric)) continue;
        expect(value, `${c.cell} ${metric}`).toBeCloseTo(graph.get(`${c.cell} ${metric}`)!.sum, 1);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
    // The region's totals are its published hexagons', and its company count the distinct companies in them.
    const summary = ok(await get("/public/regions/9901/summary")).body;
    expect(summary.totals).toMatchObject({ "demand:process_heat": 1800, "matched:process_heat": 1200 });
    expect(summary.totals.organizations).toBe(4);
  });

  it("matched potential, partnerships and CO2 per hexagon equal a recomputation of every match's credited carbon from the graph and the ledger", async () => {
    // The release reads these from the carbon rollups of the latest day; here they are computed again from scratch, credited once over the whole graph.
    const carbon = await carbonAt({ neo4j: api.stores.neo4j, knex: api.knex }, "9999-12-31T23:59:59.999Z");
    const { records } = await api.stores.neo4j.executeQuery("MATCH (s:Site) RETURN s.id AS id, s.location.latitude AS lat, s.location.longitude AS lon");
    const cellOfSite = new Map(records.map((r) => [r.get("id") as string, latLngToCell(r.get("lat"), r.get("lon"), CITY_RESOLUTION)]));
    const expected = new Map<string, number>();
    const add = (key: string, v: number) => expected.set(key, (expected.get(key) ?? 0) + v);
    for (const c of carbon) {
      const cell = cellOfSite.get(c.demand.siteId)!;
      add(`${cell} matched:${c.demand.resourceType}`, c.allocation.deliveredQuantity);
      add(`${cell} co2_avoided_t`, c.co2AvoidedT.mid);
      if (c.stage !== "potential") add(`${cell} partnerships`, 1);
    }
    const cells = ok(await get("/public/regions/9901/cells?resolution=city")).body.items as { cell: string; values: Record<string, number> }[];
    let compared = 0;
    for (const c of cells) {
      for (const [metric, value] of Object.entries(c.values)) {
        if (!/^matched:|^co2_avoided_t$|^partnerships$/.test(metric)) continue;
        // Published figures are rounded to a tenth.
        expect(Math.abs(value - expected.get(`${c.cell} ${metric}`)!), `${c.cell} ${metric}`).toBeLessThanOrEqual(0.051);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(2);
    expect(cells.find((c) => c.cell === B)!.values.co2_avoided_t).toBeCloseTo(expected.get(`${B} co2_avoided_t`)!, 0);
  });

  it("a small hexagon, a lone resource type and a country hexagon minus its city hexagons reveal no company's figure", async () => {
    const city = ok(await get("/public/regions/9901/cells?resolution=city")).body.items as { cell: string; values: Record<string, number> }[];
    const country = ok(await get("/public/regions/9901/cells?resolution=country")).body.items as { cell: string; values: Record<string, number> }[];
    // The lone smelter's hexagon has no figure at all; the steam works' steam is in no hexagon.
    expect(city.find((c) => c.cell === C)).toBeUndefined();
    expect(ok(await get("/public/regions/9901/cells?metric=supply:steam")).body.items).toEqual([]);
    // A filter difference: a hexagon's MWh supply is the sum of its published per-type figures, so subtracting one type leaves nothing unpublished.
    for (const c of [...city, ...country]) {
      const perType = Object.entries(c.values).filter(([m]) => m.startsWith("supply:")).reduce((s, [, v]) => s + v, 0);
      expect(c.values.supply_mwh ?? 0).toBeCloseTo(perType, 5);
    }
    // Country hexagon minus its published city hexagons: the rest mixes at least three companies, never the lone smelter's 4242.
    const parent = country.find((c) => c.cell === P)!;
    for (const metric of Object.keys(parent.values)) {
      const rest = parent.values[metric]! - city.filter((c) => cellToParent(c.cell, COUNTRY_RESOLUTION) === P).reduce((s, c) => s + (c.values[metric] ?? 0), 0);
      expect(rest, metric).not.toBeCloseTo(SECRET.lone, 0);
      expect(rest, metric).not.toBeCloseTo(SECRET.steam, 0);
      if (metric === "organizations") expect([1, 2]).not.toContain(rest);
    }
    // The heat suppliers' hexagon was withheld for heat to protect the smelter (complementary suppression).
    expect(city.find((c) => c.cell === A)?.values["supply:waste_heat_low"]).toBeUndefined();
    expect(parent.values["supply:waste_heat_low"]).toBe(1000 + 2000 + 3000 + SECRET.lone);
  });

  it("the CSV, the GeoJSON and the dashboard's answers are the same figures, and region minus its hexagons is zero", async () => {
    const summary = ok(await get("/public/regions/9901/summary")).body;
    const city = ok(await get("/public/regions/9901/cells")).body.items as { cell: string; values: Record<string, number> }[];
    const csvRes = ok(await get("/public/regions/9901/civic.csv"));
    expect(csvRes.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = textOf(csvRes).trim().split("\r\n").map((l) => l.split(","));
    const header = rows.shift()!;
    const col = (name: string) => header.indexOf(name);
    const regionRows = rows.filter((r) => r[col("scope")] === "region");
    expect(Object.fromEntries(regionRows.map((r) => [r[col("metric")], Number(r[col("value")])]))).toEqual(summary.totals);
    const cityRows = rows.filter((r) => r[col("scope")] === "city_cell");
    const fromCsv: Record<string, Record<string, number>> = {};
    for (const r of cityRows) (fromCsv[r[col("cell")]!] ??= {})[r[col("metric")]!] = Number(r[col("value")]);
    expect(fromCsv).toEqual(Object.fromEntries(city.map((c) => [c.cell, c.values])));
    for (const [metric, total] of Object.entries(summary.totals as Record<string, number>)) {
      if (metric === "organizations") continue;
      expect(total - city.reduce((s, c) => s + (c.values[metric] ?? 0), 0), metric).toBeCloseTo(0, 6);
    }
    const geo = jsonOf(ok(await get("/public/regions/9901/civic.geojson")));
    expect(geo.features.map((f: { properties: Record<string, unknown> }) => f.properties.cell).sort()).toEqual(city.map((c) => c.cell).sort());
    expect(geo.licence).toBe("https://creativecommons.org/licenses/by/4.0/");
    const dataset = jsonOf(ok(await get("/public/regions/9901/dataset.jsonld")));
    expect(dataset["@type"]).toBe("dcat:Dataset");
    expect(dataset["dct:license"]["@id"]).toBe("https://creativecommons.org/licenses/by/4.0/");
    expect(dataset["dcat:distribution"].map((d: { "dcat:downloadURL": { "@id": string } }) => d["dcat:downloadURL"]["@id"])).toEqual([
      expect.stringMatching(/\/api\/v1\/public\/regions\/9901\/civic\.csv$/),
      expect.stringMatching(/\/api\/v1\/public\/regions\/9901\/civic\.geojson$/),
    ]);
    const dictionary = ok(await get("/public/civic/dictionary")).body;
    expect(dictionary.columns.map((c: { name: string }) => c.name)).toEqual(header);
  });

  it("a region minus another region, or a region minus the region containing it, subtracts only published hexagons", async () => {
    const [west, east, zealand] = await Promise.all(["9901", "9902", "DK02"].map(async (c) => ok(await get(`/public/regions/${c}/summary`)).body));
    for (const [metric, total] of Object.entries(zealand.totals as Record<string, number>)) {
      if (metric === "organizations") continue;
      expect(total - (west.totals[metric] ?? 0) - (east.totals[metric] ?? 0), metric).toBeCloseTo(0, 6);
    }
  });

  it("no public answer names an organization or carries a lone company's figure; unknown regions and bad queries are problems", async () => {
    const bodies = await Promise.all(
      ["/public/regions", "/public/regions/9901/summary", "/public/regions/9901/cells", "/public/regions/9901/cells?resolution=country", "/public/regions/9901/civic.csv", "/public/regions/9901/civic.geojson", "/public/regions/DK02/summary", "/public/regions/DK02/civic.csv"].map(async (p) => {
        const res = ok(await get(p));
        return textOf(res);
      }),
    );
    for (const text of bodies) {
      for (const name of names) expect(text).not.toContain(name);
      expect(text).not.toMatch(/\bbiz-\d|site-\d/);
    }
    expect(bodies.flatMap((t) => numbersIn(JSON.parse(t.startsWith("{") ? t : "{}")))).not.toContain(SECRET.lone);
    for (const t of bodies) expect(t).not.toMatch(/\b4242\b|\b777\b/);
    const missing = await get("/public/regions/0000/summary");
    expect(missing.status).toBe(404);
    await expectEachRefused(
      [
        ["/public/regions/9901/cells?resolution=9", "query.resolution"],
        ["/public/regions/9901/cells?metric=DROP%20TABLE", "query.metric"],
        ["/public/regions/9901/summary?level=Not%20a%20level", "query.level"],
        ["/public/regions/9901/summary?date=2026-01-01", "query.date"],
      ],
      (p) => get(p),
    );
  });

  it("two releases a company joined in between: its hexagon is withheld in the second, so their difference is not its figure", async () => {
    const before = ok(await get("/public/regions/9901/summary")).body.totals as Record<string, number>;
    const cellsBefore = ok(await get("/public/regions/9901/cells")).body.items as { cell: string; values: Record<string, number> }[];
    expect(cellsBefore.find((c) => c.cell === B)?.values["demand:process_heat"]).toBe(1800);
    await aCompanyIn(api.stores, "Newcomer Dairy", B, [{ direction: "need", resourceType: "process_heat", mwh: 321 }]);
    names.push("Newcomer Dairy");
    await forgetCivicReleases(api.stores);
    const after = ok(await get("/public/regions/9901/summary")).body.totals as Record<string, number>;
    const cellsAfter = ok(await get("/public/regions/9901/cells")).body.items as { cell: string; values: Record<string, number> }[];
    expect(cellsAfter.find((c) => c.cell === B)?.values["demand:process_heat"]).toBeUndefined();
    for (const metric of new Set([...Object.keys(before), ...Object.keys(after)])) expect((after[metric] ?? 0) - (before[metric] ?? 0), metric).not.toBeCloseTo(321, 0);
    const countryAfter = ok(await get("/public/regions/9901/cells?resolution=country")).body.items as { cell: string; values: Record<string, number> }[];
    const countryBefore = 1800;
    const parentAfter = countryAfter.find((c) => c.cell === P)?.values["demand:process_heat"];
    if (parentAfter !== undefined) expect(parentAfter - countryBefore).not.toBeCloseTo(321, 0);
  });
  it("deals in progress show as partnerships at the receivers' hexagon once the carbon rollups are rewritten, as a recomputation from the ledger counts them", async () => {
    const { records } = await api.stores.neo4j.executeQuery(
      "MATCH (m:Match) WHERE m.id STARTS WITH 'civic-m' RETURN m.id AS id, m.supplyFlowId AS s, m.demandFlowId AS d, m.supplyOrgId AS so, m.demandOrgId AS do, m.needType AS t",
    );
    expect(records).toHaveLength(3);
    for (const r of records) {
      const res = await insertProposal(
        api.knex,
        { id: `civic-p-${r.get("id")}`, matchId: r.get("id"), supplyFlowId: r.get("s"), demandFlowId: r.get("d"), fromOrg: r.get("so"), toOrg: r.get("do"), supplierOrg: r.get("so"), consumerOrg: r.get("do"), resourceType: r.get("t"), message: "", status: "accepted", dealState: "negotiating", dealReason: null, contentHash: "civic-test", createdBy: "civic-test" },
        { onBehalfOf: r.get("so"), mandateId: null },
      );
      expect(res.outcome).toBe("inserted");
    }
    const partnershipsOfB = async () => {
      await forgetCivicReleases(api.stores);
      return (ok(await get("/public/regions/9901/cells?resolution=city")).body.items as { cell: string; values: Record<string, number> }[]).find((c) => c.cell === B)?.values.partnerships;
    };
    // The release reads the rollups, not the ledger: until the rollup writer runs again (it does after each deal step), the deals are not there yet.
    expect(await partnershipsOfB()).toBeUndefined();
    await writeTodayRollups({ neo4j: api.stores.neo4j, knex: api.knex });
    const carbon = await carbonAt({ neo4j: api.stores.neo4j, knex: api.knex }, "9999-12-31T23:59:59.999Z");
    const inProgress = carbon.filter((c) => c.stage !== "potential" && latLngToCell(c.demand.lat!, c.demand.lon!, CITY_RESOLUTION) === B).length;
    expect(inProgress).toBe(3);
    expect(await partnershipsOfB()).toBe(inProgress);
    expect(ok(await get("/public/regions/9901/summary")).body.totals.partnerships).toBe(3);
  });
});
