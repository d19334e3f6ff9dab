import { beforeEach, describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { findDrift, formatDrift, repairDrift } from "../../ingest/reconcile.ts";
import { updateSite } from "../../ingest/write-path.ts";
import { withTestStores, writeContext } from "../helpers/stores.ts";
import { indexSnapshot } from "../helpers/index-snapshot.ts";

describe("the reconciler", () => {
  const suite = withTestStores();
  const region = generateRegion({ sites: 60, seed: 5, idPrefix: `rc${Date.now().toString(36)}` });
  beforeEach(async () => {
    const report = await seedRegion(writeContext(suite.stores, "seed"), region);
    expect(report.rejected).toEqual([]);
  });

  it("reports zero drift when the stores agree", async () => {
    const drift = await findDrift(suite.stores.neo4j, suite.stores.db.knex);
    expect(drift).toMatchObject({
      total: 0,
      sites: { graph: 60, index: 60, missing: [], orphaned: [], stale: [], moved: [] },
      flows: { graph: region.flows.length, index: region.flows.length, missing: [], orphaned: [], stale: [] },
    });
    expect(formatDrift(drift).at(-1)).toMatch(/^zero drift/);
  });

  it("lists exactly the drift made on purpose, repairs it, and then finds none", async () => {
    const knex = suite.stores.db.knex;
    const before = await indexSnapshot(knex);
    const [f1, f2, f3, f4] = region.flows.slice(10, 14).map((f) => f.externalId) as [string, string, string, string];
    const movedSite = region.sites[20]!.externalId;
    const bumpedSite = region.sites[21]!.externalId;
    const anySite = region.sites[0]!;

    // Drift: three flow rows lost, one flow row and one site row that the graph never had,
    // a flow and a site row at a version the graph does not have, a site row moved.
    await knex("flow_index").whereIn("flow_id", [f1, f2, f3]).delete();
    await knex.raw(
      `insert into site_index (site_id, org_id, name, geog, version) values ('orphan-site', 'nobody', 'Ghost works', st_setsrid(st_makepoint(10, 56), 4326)::geography, 1)`,
    );
    await knex.raw(
      `insert into flow_index (flow_id, site_id, org_id, direction, resource_type, annual_quantity, canonical_unit, precision, geog, version)
       select 'orphan-flow', site_id, org_id, 'offer', 'waste_heat_low', 100, 'MWh/yr', 'rough', geog, 1 from site_index where site_id = ?`,
      [anySite.externalId],
    );
    await knex("flow_index").where({ flow_id: f4 }).update({ version: 7 });
    await knex("site_index").where({ site_id: bumpedSite }).update({ version: 3 });
    await knex.raw("update site_index set geog = st_setsrid(st_makepoint(12.5, 55.7), 4326)::geography where site_id = ?", [movedSite]);

    const drift = await findDrift(suite.stores.neo4j, knex);

    expect(drift.flows.missing).toEqual([f1, f2, f3].sort());
    expect(drift.flows.orphaned).toEqual(["orphan-flow"]);
    expect(drift.flows.stale).toEqual([{ id: f4, graphVersion: 1, indexVersion: 7 }]);
    expect(drift.sites.missing).toEqual([]);
    expect(drift.sites.orphaned).toEqual(["orphan-site"]);
    expect(drift.sites.stale).toEqual([{ id: bumpedSite, graphVersion: 1, indexVersion: 3 }]);
    expect(drift.sites.moved).toEqual([movedSite]);
    expect(drift.total).toBe(3 + 1 + 1 + 1 + 1 + 1);
    expect(formatDrift(drift).join("\n")).toContain(`missing from PostGIS         3: ${[f1, f2, f3].sort().join(", ")}`);

    const repair = await repairDrift(suite.stores.neo4j, knex, drift);

    expect(repair.upserted).toEqual({ sites: 2, flows: 4 });
    expect(repair.deleted).toEqual({ sites: 1, flows: 1 });
    expect(repair.after.total).toBe(0);
    expect((await findDrift(suite.stores.neo4j, knex)).total).toBe(0);
    // Not only versions: every column is back to what the write path wrote, flows' points included.
    expect(await indexSnapshot(knex)).toEqual(before);
  });

  it("repairs a site missing from the index together with its flows", async () => {
    const knex = suite.stores.db.knex;
    const before = await indexSnapshot(knex);
    const site = region.sites[5]!.externalId;
    const flows = region.flows.filter((f) => f.siteId === site).map((f) => f.externalId).sort();
    await knex("site_index").where({ site_id: site }).delete(); // cascades to its flows

    const drift = await findDrift(suite.stores.neo4j, knex);
    expect(drift.sites.missing).toEqual([site]);
    expect(drift.flows.missing).toEqual(flows);

    expect((await repairDrift(suite.stores.neo4j, knex)).after.total).toBe(0);
    expect(await indexSnapshot(knex)).toEqual(before);
  });

  it("sees an index row left behind by a newer graph write, and brings it forward", async () => {
    const ctx = writeContext(suite.stores);
    const site = region.sites[3]!;
    await updateSite(ctx, site.externalId, { version: 1, name: "Renamed works" });
    await suite.stores.db.knex("site_index").where({ site_id: site.externalId }).update({ version: 1, name: site.name });

    const drift = await findDrift(suite.stores.neo4j, suite.stores.db.knex);
    expect(drift.sites.stale).toEqual([{ id: site.externalId, graphVersion: 2, indexVersion: 1 }]);

    await repairDrift(suite.stores.neo4j, suite.stores.db.knex, drift);
    expect(await suite.stores.db.knex("site_index").where({ site_id: site.externalId }).first()).toMatchObject({ name: "Renamed works", version: 2 });
  });
});
