/**
 * Issue 14, Deliver 1: the default boundaries and every write path giving a site its region
 * (most specific boundary) and its country — REST create and update, a CSV import, a seed —
 * and `regions:assign` re-deriving them. Against the real stores.
 *
 * The default load here is a part of the real one (Denmark's and Germany's outlines,
 * Hamburg's and Schleswig-Holstein's Kreise, every Danish municipality) so the suite stays quick; the full load is
 * `npm run regions:defaults` (README, "Region boundaries").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefaultRegions, type DefaultRegionOutcome } from "../../spatial/default-regions.ts";
import { assignSiteRegions } from "../../ingest/assign-regions.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { ingestEnrichment } from "../../ingest/imports/enrichment-sources.ts";
import { contentHash } from "../../ingest/content-hash.ts";
import { generateRegion } from "../../seed/generate-region.ts";
import type { Site } from "../../domain/schemas/site.ts";
import { aSite } from "../helpers/builders.ts";
import { startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { resetStores, writeContext } from "../helpers/stores.ts";
import { csvText, submitText, waitForJob, withIngestWorkerPerTest } from "../helpers/imports.ts";
import { anOrganization, V1 } from "../api/fixtures.ts";
import { clearRegions } from "./fixtures.ts";

const PART = { countries: ["DK", "DE"], germanCodePrefixes: ["DE6", "DEF"] } as const;

const at = {
  kalundborg: { lat: 55.68, lon: 11.09 },
  // Kalundborg's quays: 130 m off DAGI's 1:500,000 coast yet inside Natural Earth's DK, so
  // the containing country must not hide the kommune within the margin.
  kalundborgHarbour: { lat: 55.676, lon: 11.087 },
  hamburgHarbour: { lat: 53.54, lon: 9.97 },
  // The Kattegat between Anholt and Zealand: open sea, kilometres from any coast.
  kattegat: { lat: 56.35, lon: 11.6 },
};

describe("default region boundaries and the region of every site", () => {
  let api: TestApi;
  let ada: Actor;
  let org: string;
  let first: DefaultRegionOutcome[];
  let second: DefaultRegionOutcome[];
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    await clearRegions(api.knex);
    first = await loadDefaultRegions(api.knex, PART);
    second = await loadDefaultRegions(api.knex, PART);
    ada = await api.actor("org_admin", [], "ada");
    org = (await anOrganization(api, ada)).externalId;
  }, 120_000);
  afterAll(async () => {
    if (api) await clearRegions(api.knex);
    await api?.stop();
  });

  const siteRow = (id: string) => api.knex("site_index").where({ site_id: id }).first("region_code", "country_code");

  it("loads the countries, Germany's Kreise and Denmark's municipalities with source and licence; a second load reads no file and changes nothing", async () => {
    expect(first.map((o) => [o.dataset, o.skipped])).toEqual([
      ["countries", false],
      ["germany-nuts3", false],
      ["denmark-municipalities", false],
    ]);
    const [countries, kreise, kommuner] = first.map((o) => (o.skipped ? null : o.report));
    expect(countries).toMatchObject({ inserted: 2, skipped: [] });
    // Hamburg (1) and Schleswig-Holstein's 15 Kreise and kreisfreie Städte.
    expect(kreise).toMatchObject({ inserted: 16, skipped: [] });
    // 98 kommuner and Christiansø, from 311 features (islands united by code).
    expect(kommuner).toMatchObject({ inserted: 99, skipped: [] });
    expect(second.every((o) => o.skipped)).toBe(true);

    const listed = await api.request("get", `${V1}/regions?level=nuts3&limit=100`, { token: ada.token });
    expect(listed.status).toBe(200);
    const hamburg = (listed.body as { items: Record<string, unknown>[] }).items.find((r) => r.code === "DE600");
    expect(hamburg).toMatchObject({ level: "nuts3", name: "Hamburg", country: "DE" });
    expect(hamburg!.source).toMatch(/BKG VG250 2017, © GeoBasis-DE \/ BKG 2017/);
    const countryList = await api.request("get", `${V1}/regions?level=country`, { token: ada.token });
    expect((countryList.body as { items: Record<string, unknown>[] }).items.map((r) => [r.code, r.country, r.source])).toEqual([
      ["DE", "DE", expect.stringMatching(/^world-atlas countries-(10|50)m\.json \(Natural Earth, public domain\)/)],
      ["DK", "DK", expect.stringMatching(/^world-atlas countries-(10|50)m\.json \(Natural Earth, public domain\)/)],
    ]);
    const kommuneList = await api.request("get", `${V1}/regions?level=municipality&limit=100`, { token: ada.token });
    const kommuneItems = (kommuneList.body as { items: Record<string, unknown>[] }).items;
    expect(kommuneItems).toHaveLength(99);
    expect(kommuneItems.find((r) => r.code === "0326")).toMatchObject({ level: "municipality", name: "Kalundborg Kommune", country: "DK", source: expect.stringMatching(/DAGI 2014-02-13/) });
    expect(kommuneItems.find((r) => r.code === "0101")).toMatchObject({ name: "Københavns Kommune", country: "DK" });
  });

  it("a site registered over REST in Hamburg gets its Kreis and DE; one in Kalundborg gets Kalundborg Kommune and DK; one in the Kattegat gets neither", async () => {
    const { region: _declared, ...plain } = aSite(org);
    const bodies = {
      hamburg: { ...plain, externalId: "hh-plant", ...at.hamburgHarbour },
      kalundborg: { ...plain, externalId: "kb-plant", ...at.kalundborg, address: { city: "Kalundborg" } },
      sea: { ...plain, externalId: "platform", ...at.kattegat },
      quay: { ...plain, externalId: "kb-quay", ...at.kalundborgHarbour },
    };

    const hamburg = await api.request("post", `${V1}/sites`, { token: ada.token, body: bodies.hamburg });
    const kalundborg = await api.request("post", `${V1}/sites`, { token: ada.token, body: bodies.kalundborg });
    const sea = await api.request("post", `${V1}/sites`, { token: ada.token, body: bodies.sea });
    const quay = await api.request("post", `${V1}/sites`, { token: ada.token, body: bodies.quay });
    const replay = await api.request("post", `${V1}/sites`, { token: ada.token, body: bodies.hamburg });

    expect(hamburg.status).toBe(201);
    expect(hamburg.body).toMatchObject({ region: "DE600", address: { country: "DE" } });
    expect(await siteRow("hh-plant")).toEqual({ region_code: "DE600", country_code: "DE" });
    expect(kalundborg.body).toMatchObject({ region: "0326", address: { city: "Kalundborg", country: "DK" } });
    expect(await siteRow("kb-plant")).toEqual({ region_code: "0326", country_code: "DK" });
    expect(quay.body).toMatchObject({ region: "0326", address: { country: "DK" } });
    expect(sea.status).toBe(201);
    expect(sea.body).toMatchObject({ region: null, address: null });
    expect(replay.status).toBe(200);
    const { records } = await api.stores.neo4j.executeQuery("MATCH (s:Site {id: 'hh-plant'}) RETURN s.region AS region, s.country AS country");
    expect(records[0]!.toObject()).toEqual({ region: "DE600", country: "DE" });
  });

  it("a site moved over REST takes the region of its new point, also against the region it declared", async () => {
    const created = await api.request("post", `${V1}/sites`, { token: ada.token, body: aSite(org, { externalId: "mover", ...at.kalundborg, region: "DK-85" }) });
    expect(created.body).toMatchObject({ region: "0326", address: { country: "DK" } });

    const moved = await api.request("patch", `${V1}/sites/mover`, { token: ada.token, body: { version: 1, ...at.hamburgHarbour } });

    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ region: "DE600", address: { country: "DE" }, version: 2 });
    expect(await siteRow("mover")).toEqual({ region_code: "DE600", country_code: "DE" });
  });

  it("seeded sites get their regions: Kreise around Hamburg and Kiel, kommuner in Denmark", async () => {
    const region = generateRegion({ sites: 60, seed: 7, idPrefix: `rg${Date.now().toString(36)}` });

    const report = await seedRegion(writeContext(api.stores, "seed"), region, { batchSize: 25 });

    expect(report.rejected).toEqual([]);
    const rows = (await api.knex("site_index").whereIn("site_id", region.sites.map((s) => s.externalId)).select("site_id", "region_code", "country_code")) as {
      site_id: string;
      region_code: string | null;
      country_code: string | null;
    }[];
    expect(rows).toHaveLength(60);
    const loaded = new Set((await api.knex("region_boundaries").pluck("code")) as string[]);
    const placed = rows.filter((r) => r.region_code !== null && loaded.has(r.region_code));
    expect(placed.every((r) => r.country_code === (r.region_code!.startsWith("DE") ? "DE" : "DK"))).toBe(true);
    expect(placed.some((r) => /^DE[6F]/.test(r.region_code!))).toBe(true);
    expect(placed.some((r) => /^\d{4}$/.test(r.region_code!))).toBe(true);
    // Seed 7 puts one greenhouse 6 km out in the Øresund, off Copenhagen: no boundary covers
    // it, so it keeps the region the generator declared.
    const atSea = rows.filter((r) => !placed.includes(r));
    const declared = new Map(region.sites.map((s) => [s.externalId, s.region]));
    expect(atSea.map((r) => [r.region_code, declared.get(r.site_id)])).toEqual([["DK01 Hovedstaden", "DK01 Hovedstaden"]]);
    // A second seed derives the same regions: nothing to rewrite.
    const again = await seedRegion(writeContext(api.stores, "seed"), region, { batchSize: 25 });
    expect(again.tallies.sites).toMatchObject({ created: 0, updated: 0, unchanged: 60 });
  });

  it("regions:assign gives a site stored without a region its region again, then changes nothing", async () => {
    // As a site written before any boundary was loaded is stored: no region, no country.
    const site = (await api.request("post", `${V1}/sites`, { token: ada.token, body: aSite(org, { externalId: "cleared", ...at.hamburgHarbour }) })).body as { version: number };
    const { records } = await api.stores.neo4j.executeQuery("MATCH (s:Site {id: 'cleared'}) RETURN s.doc AS doc");
    const { region: _r, address: _a, ...bare } = JSON.parse(records[0]!.get("doc") as string) as Site;
    await api.stores.neo4j.executeQuery("MATCH (s:Site {id: 'cleared'}) SET s.doc = $doc, s.contentHash = $hash, s.region = null, s.country = null", {
      doc: JSON.stringify(bare),
      hash: contentHash(bare),
    });
    await api.knex("site_index").where({ site_id: "cleared" }).update({ region_code: null, country_code: null });

    const fixed = await assignSiteRegions(writeContext(api.stores, "regions:assign"));
    const again = await assignSiteRegions(writeContext(api.stores, "regions:assign"));

    expect(fixed.refused).toEqual([]);
    expect(fixed.changed).toBe(1);
    expect(fixed.withoutRegion).toBe(1); // the platform at sea
    expect(again.changed).toBe(0);
    expect(again.unchanged).toBe(again.sites);
    const read = await api.request("get", `${V1}/sites/cleared`, { token: ada.token });
    expect(read.body).toMatchObject({ region: "DE600", address: { country: "DE" }, version: site.version + 1 });
    expect(await siteRow("cleared")).toEqual({ region_code: "DE600", country_code: "DE" });
  });
});

describe("an imported CSV row gets its region", () => {
  const suite = withIngestWorkerPerTest({ workerOptions: (stores) => ingestEnrichment(stores.db.knex) });
  beforeAll(async () => {
    await clearRegions(suite.stores.db.knex);
    await loadDefaultRegions(suite.stores.db.knex, PART);
  }, 120_000);
  afterAll(async () => clearRegions(suite.stores.db.knex));

  it("in Hamburg its Kreis and DE, in Kalundborg its kommune and DK", async () => {
    const header = ["Company", "NACE", "Latitude", "Longitude", "Direction", "Description", "Quantity", "Unit"];
    const rows = [
      ["Hafen Wärme GmbH", "35.30", at.hamburgHarbour.lat, at.hamburgHarbour.lon, "offer", "waste heat", "9000", "MWh/yr"],
      ["Kalundborg Forsyning", "35.30", at.kalundborg.lat, at.kalundborg.lon, "need", "district heating", "9000", "MWh/yr"],
    ];

    await waitForJob(suite.stores, (await submitText(suite.stores, csvText(header, rows, ","))).id);

    const { records } = await suite.stores.neo4j.executeQuery("MATCH (b:Business)-[:OPERATES]->(s:Site) RETURN b.name AS name, s.region AS region, s.country AS country ORDER BY name");
    expect(records.map((r) => r.toObject())).toEqual([
      { name: "Hafen Wärme GmbH", region: "DE600", country: "DE" },
      { name: "Kalundborg Forsyning", region: "0326", country: "DK" },
    ]);
  });
});
