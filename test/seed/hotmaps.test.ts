import { existsSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadHotmaps } from "../../seed/hotmaps.ts";
import { changedNothing, seedRegion } from "../../ingest/seed-region.ts";
import { findDrift } from "../../ingest/reconcile.ts";
import { demoOrgsOfBusinesses } from "../../seed/demo-accounts.ts";
import { openTestStores, resetStores, writeContext } from "../helpers/stores.ts";

const DATASET = process.env.HOTMAPS_CSV ?? "/work/shared/datasets/hotmaps-industrial-database/Industrial_Database.csv";
const present = existsSync(DATASET);
if (!present) console.warn(`SKIPPED the Hotmaps load test: dataset not found at ${DATASET} (set HOTMAPS_CSV to its path)`);

type Stores = Awaited<ReturnType<typeof openTestStores>>;

describe.skipIf(!present)(`loading the whole Hotmaps industrial database through the write path${present ? "" : ` (SKIPPED: no dataset at ${DATASET})`}`, () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => stores?.close());
  beforeEach(async () => resetStores(stores));

  const count = async (cypher: string, params = {}) => (await stores.neo4j.executeQuery(cypher, params)).records[0]!.get("n") as number;
  const rows = async (table: string) => Number((await stores.db.knex(table).count({ n: "*" }))[0]!.n);

  it("puts 4,505 plants on the map, with flows for the 980 that have excess heat, in both stores; a replay changes nothing", async () => {
    const data = await loadHotmaps(DATASET);
    expect(data.skipped).toHaveLength(524);
    expect(data.skipped[0]).toMatchObject({ line: expect.any(Number), reason: "no geometry" });

    const report = await seedRegion(writeContext(stores, "import:hotmaps"), data);

    expect(report.rejected).toEqual([]);
    expect(report.tallies.sites.created).toBe(4_505);
    expect(report.tallies.flows.created).toBe(data.flows.length);
    expect(await count("MATCH (s:Site) RETURN count(s) AS n")).toBe(4_505);
    expect(await count("MATCH (f:ResourceFlow) RETURN count(f) AS n")).toBe(data.flows.length);
    expect(await count("MATCH (s:Site) WHERE (s)-[:OFFERS]->() RETURN count(s) AS n")).toBe(980);
    expect(await count("MATCH (b:Business) RETURN count(b) AS n")).toBe(data.businesses.length);
    expect(await rows("site_index")).toBe(4_505);
    expect(await rows("flow_index")).toBe(data.flows.length);
    expect(Number((await stores.db.knex("flow_index").countDistinct({ n: "site_id" }))[0]!.n)).toBe(980);

    // Aalborg Portland (SiteID 288): ≈ 450 GWh/yr in the 200–500 °C band.
    const aalborg = await stores.neo4j.executeQuery(
      `MATCH (b:Business)-[:OPERATES]->(s:Site {id: "hotmaps-site-288"})-[:OFFERS]->(f:ResourceFlow)
       RETURN b.name AS business, s.location.latitude AS lat, s.location.longitude AS lon,
              collect({id: f.id, q: f.annualQuantity, unit: f.canonicalUnit, t: f.temperatureC}) AS flows`,
    );
    expect(aalborg.records[0]?.toObject()).toMatchObject({
      business: "AALBORG PORTLAND A/S",
      lat: expect.closeTo(57.0625, 3),
      lon: expect.closeTo(9.9765, 3),
      flows: [{ id: "hotmaps-flow-288-200-500c", q: 450_000, unit: "MWh/yr", t: 350 }],
    });
    const indexed = await stores.db
      .knex("flow_index as f")
      .join("site_index as s", "s.site_id", "f.site_id")
      .where("f.site_id", "hotmaps-site-288")
      .select("f.flow_id", "f.direction", "f.resource_type", "f.annual_quantity", "f.temperature_c", "s.name", "s.region_code",
        stores.db.knex.raw("st_y(f.geog::geometry) as lat"), stores.db.knex.raw("st_x(f.geog::geometry) as lon"));
    expect(indexed).toEqual([
      expect.objectContaining({
        flow_id: "hotmaps-flow-288-200-500c",
        direction: "offer",
        resource_type: "waste_heat_high",
        annual_quantity: 450_000,
        temperature_c: 350,
        name: "AALBORG PORTLAND A/S",
        region_code: "DK",
        lat: expect.closeTo(57.0625, 3),
        lon: expect.closeTo(9.9765, 3),
      }),
    ]);

    // Statoil's Kalundborg refinery (SiteID 285): on the map, but the file gives it no excess heat.
    const statoil = await stores.neo4j.executeQuery(
      `MATCH (b:Business)-[:OPERATES]->(s:Site {id: "hotmaps-site-285"}) RETURN b.name AS business, s.city AS city, b.nace AS nace, COUNT { (s)-[:OFFERS]->() } AS offers`,
    );
    expect(statoil.records[0]?.toObject()).toEqual({ business: "STATOIL REFINING DENMARK A/S", city: "Kalundborg", nace: "19.20", offers: 0 });
    expect(await stores.db.knex("site_index").where({ site_id: "hotmaps-site-285" }).first()).toMatchObject({ name: "STATOIL REFINING DENMARK A/S", version: 1 });
    expect(await stores.db.knex("flow_index").where({ site_id: "hotmaps-site-285" })).toEqual([]);

    // The demo organizations of an import are these two plants' companies.
    expect(demoOrgsOfBusinesses(data.businesses).map((o) => [o.slug, o.orgName])).toEqual([
      ["cement", "AALBORG PORTLAND A/S"],
      ["refinery", "STATOIL REFINING DENMARK A/S"],
    ]);

    expect(changedNothing(await seedRegion(writeContext(stores, "import:hotmaps"), data))).toBe(true);
    expect((await findDrift(stores.neo4j, stores.db.knex)).total).toBe(0);
  });
});
