import { beforeEach, describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { reindex } from "../../ingest/reindex.ts";
import { findDrift } from "../../ingest/reconcile.ts";
import { updateFlow, updateSite } from "../../ingest/write-path.ts";
import { withTestStores, writeContext } from "../helpers/stores.ts";
import { indexSnapshot } from "../helpers/index-snapshot.ts";

describe("rebuilding the spatial index from the graph", () => {
  const suite = withTestStores();
  const region = generateRegion({ sites: 150, seed: 9, idPrefix: `ri${Date.now().toString(36)}` });
  beforeEach(async () => {
    expect((await seedRegion(writeContext(suite.stores, "seed"), region)).rejected).toEqual([]);
  });

  it("restores flow_index row for row after it was truncated", async () => {
    const before = await indexSnapshot(suite.stores.db.knex);
    expect(before.flows).toHaveLength(region.flows.length);
    await suite.stores.db.knex.raw("truncate flow_index");

    const report = await reindex(suite.stores.neo4j, suite.stores.db.knex, { pageSize: 100 }); // several pages of each kind

    expect(report).toMatchObject({ sites: 150, flows: region.flows.length });
    expect(await indexSnapshot(suite.stores.db.knex)).toEqual(before);
  });

  it("rebuilds both tables from scratch with current versions and moved points, dropping rows the graph lacks", async () => {
    const ctx = writeContext(suite.stores);
    const site = region.sites[7]!;
    const flow = region.flows.find((f) => f.siteId === site.externalId)!;
    await updateSite(ctx, site.externalId, { version: 1, lat: site.lat + 0.01, lon: site.lon - 0.02 });
    await updateFlow(ctx, flow.externalId, { version: 1, precision: "measured" });
    const before = await indexSnapshot(suite.stores.db.knex);
    expect(before.flows.find((f) => f.flow_id === flow.externalId)).toMatchObject({ version: 2, precision: "measured" });
    await suite.stores.db.knex.raw("truncate flow_index, site_index");
    await suite.stores.db.knex.raw(
      `insert into site_index (site_id, org_id, name, geog, version) values ('stray', 'x', 'Stray', st_setsrid(st_makepoint(1, 1), 4326)::geography, 1)`,
    );

    const report = await reindex(suite.stores.neo4j, suite.stores.db.knex);

    expect(report).toMatchObject({ sites: 150, flows: region.flows.length });
    const after = await indexSnapshot(suite.stores.db.knex);
    expect(after).toEqual(before);
    const site7 = after.sites.find((s) => s.site_id === site.externalId)!;
    expect(site7.version).toBe(2);
    expect(after.flows.filter((f) => f.site_id === site.externalId).every((f) => f.geog === site7.geog)).toBe(true);
    expect((await findDrift(suite.stores.neo4j, suite.stores.db.knex)).total).toBe(0);
  });
});
