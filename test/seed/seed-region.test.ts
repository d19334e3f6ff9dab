import { describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { changedNothing, seedRegion } from "../../ingest/seed-region.ts";
import { findDrift } from "../../ingest/reconcile.ts";
import { DEMO_PASSWORD, demoOrgsOfRegion, ensureDemoAccounts } from "../../seed/demo-accounts.ts";
import { membershipsOf, verifyCredentials } from "../../ledgers/accounts.ts";
import { names, withTestStores, writeContext } from "../helpers/stores.ts";

describe("seeding a generated region through the write path", () => {
  const suite = withTestStores();
  // A fresh id prefix per run: JetStream keeps its 2-minute duplicate window across the
  // purge in resetStores, so re-created ids would publish nothing and skew event counts.
  const region = generateRegion({ sites: 300, seed: 42, idPrefix: `t${Date.now().toString(36)}` });

  async function graphCount(label: string): Promise<number> {
    const { records } = await suite.stores.neo4j.executeQuery(`MATCH (n:${label}) RETURN count(n) AS n`);
    return records[0]!.get("n") as number;
  }
  const tableCount = async (table: string) => Number((await suite.stores.db.knex(table).count({ n: "*" }))[0]!.n);
  async function streamMessages(): Promise<number> {
    const jsm = await suite.stores.nats.jetstreamManager();
    return (await jsm.streams.info(names.streams.events)).state.messages;
  }

  it("writes 300 sites to both stores, then a second run changes nothing", async () => {
    const ctx = writeContext(suite.stores, "seed");
    const progress: string[] = [];

    const first = await seedRegion(ctx, region, { batchSize: 500, onProgress: (p) => progress.push(`${p.kind}:${p.done}/${p.total}`) });

    expect(first.rejected).toEqual([]);
    expect(first.tallies).toEqual({
      businesses: { created: region.businesses.length, updated: 0, unchanged: 0, rejected: 0 },
      sites: { created: 300, updated: 0, unchanged: 0, rejected: 0 },
      flows: { created: region.flows.length, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(first.rows).toBe(region.businesses.length + 300 + region.flows.length);
    expect(progress).toContain("sites:300/300");
    expect(progress.filter((p) => p.startsWith("flows:"))).toHaveLength(Math.ceil(region.flows.length / 500));

    const audited = await tableCount("audit_log");
    const events = await streamMessages();
    expect(audited).toBe(first.rows);
    expect(events).toBe(300 + region.flows.length); // one per site and flow; businesses are not published

    const second = await seedRegion(ctx, region, { batchSize: 500 });

    expect(changedNothing(second)).toBe(true);
    expect(second.tallies.sites.unchanged).toBe(300);
    expect(second.tallies.flows.unchanged).toBe(region.flows.length);
    expect(await tableCount("audit_log")).toBe(audited);
    expect(await streamMessages()).toBe(events);

    expect(await graphCount("Business")).toBe(region.businesses.length);
    expect(await graphCount("Site")).toBe(300);
    expect(await graphCount("ResourceFlow")).toBe(region.flows.length);
    expect(await tableCount("site_index")).toBe(300);
    expect(await tableCount("flow_index")).toBe(region.flows.length);
    expect((await findDrift(suite.stores.neo4j, suite.stores.db.knex)).total).toBe(0);
    const versions = await suite.stores.db.knex("flow_index").distinct("version");
    expect(versions).toEqual([{ version: 1 }]);
  });

  it("seeding 5 then 90 sites of one seed (a region size with more parks) adds 85 and leaves the first 5 records and the demo logins as they were", async () => {
    const ctx = writeContext(suite.stores, "seed");
    const prefix = `g${Date.now().toString(36)}`;
    const five = generateRegion({ sites: 5, seed: 42, idPrefix: prefix });
    const ninety = generateRegion({ sites: 90, seed: 42, idPrefix: prefix });
    const firstSiteIds = five.sites.map((s) => s.externalId);
    const readFirst = async () =>
      (
        await suite.stores.neo4j.executeQuery(
          "UNWIND $ids AS id MATCH (b:Business)-[:OPERATES]->(s:Site {id: id}) OPTIONAL MATCH (s)-[:OFFERS|NEEDS]->(f:ResourceFlow) " +
            "WITH b, s, f ORDER BY f.id RETURN s.id AS site, s.name AS name, s.version AS version, b.id AS owner, collect([f.id, f.resourceType, f.version]) AS flows ORDER BY site",
          { ids: firstSiteIds },
        )
      ).records.map((r) => r.toObject());

    await seedRegion(ctx, five);
    const fiveOrgs = demoOrgsOfRegion(five);
    expect(fiveOrgs.map((o) => o.slug)).toEqual(["greenhouse"]); // seed 42's first five sites include a greenhouse
    await ensureDemoAccounts(suite.stores.db.knex, fiveOrgs);
    const before = await readFirst();
    const loginsBefore = await Promise.all(fiveOrgs.map(async (o) => membershipsOf(suite.stores.db.knex, (await verifyCredentials(suite.stores.db.knex, `${o.slug}@turash.local`, DEMO_PASSWORD))!.id)));

    const grown = await seedRegion(ctx, ninety);
    await ensureDemoAccounts(suite.stores.db.knex, demoOrgsOfRegion(ninety));

    expect(grown.tallies.sites).toEqual({ created: 85, updated: 0, unchanged: 5, rejected: 0 });
    expect(grown.tallies.flows).toMatchObject({ updated: 0, unchanged: five.flows.length, created: ninety.flows.length - five.flows.length });
    expect(grown.tallies.businesses.updated).toBe(0);
    expect(before).toHaveLength(5);
    expect(await readFirst()).toEqual(before);
    const loginsAfter = await Promise.all(fiveOrgs.map(async (o) => membershipsOf(suite.stores.db.knex, (await verifyCredentials(suite.stores.db.knex, `${o.slug}@turash.local`, DEMO_PASSWORD))!.id)));
    expect(loginsAfter).toEqual(loginsBefore);
  });

  it("reports a flow whose site does not exist by its index in the input, while the rest go in", async () => {
    const flows = [...region.flows.slice(0, 10)];
    const sites = region.sites.filter((s) => flows.some((f) => f.siteId === s.externalId));
    const businesses = region.businesses.filter((b) => sites.some((s) => s.businessId === b.externalId));
    flows[7] = { ...flows[7]!, siteId: "no-such-site" };

    const report = await seedRegion(writeContext(suite.stores, "seed"), { businesses, sites, flows }, { batchSize: 4 });

    expect(report.tallies.flows).toEqual({ created: 9, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.rejected).toEqual([expect.objectContaining({ kind: "flows", index: 7, id: flows[7]!.externalId, code: "NOT_FOUND" })]);
  });

  it("creates the demo accounts once, each organization user a member of a seeded business", async () => {
    await seedRegion(writeContext(suite.stores, "seed"), region);
    const orgs = demoOrgsOfRegion(region);
    expect(orgs.map((o) => o.slug)).toEqual(["dairy", "greenhouse", "brewery"]);

    const first = await ensureDemoAccounts(suite.stores.db.knex, orgs);
    const second = await ensureDemoAccounts(suite.stores.db.knex, orgs);

    expect(first.map((a) => [a.email, a.role])).toEqual([
      ["admin@turash.local", "admin"],
      ["facilitator@turash.local", "facilitator"],
      ["dairy@turash.local", "org_admin"],
      ["dairy.staff@turash.local", "org_member"],
      ["greenhouse@turash.local", "org_admin"],
      ["greenhouse.staff@turash.local", "org_member"],
      ["brewery@turash.local", "org_admin"],
      ["brewery.staff@turash.local", "org_member"],
    ]);
    expect(first.every((a) => a.created)).toBe(true);
    expect(second.every((a) => !a.created)).toBe(true);
    expect(await tableCount("users")).toBe(8);
    expect(await tableCount("memberships")).toBe(6);

    const dairyAdmin = await verifyCredentials(suite.stores.db.knex, "dairy@turash.local", DEMO_PASSWORD);
    expect(dairyAdmin?.role).toBe("org_admin");
    const [membership] = await membershipsOf(suite.stores.db.knex, dairyAdmin!.id);
    expect(membership).toEqual({ orgId: orgs[0]!.orgId, role: "org_admin" });
    const { records } = await suite.stores.neo4j.executeQuery("MATCH (b:Business {id: $id})-[:OPERATES]->(s:Site) RETURN b.name AS name, count(s) AS sites", { id: membership!.orgId });
    expect(records[0]?.get("name")).toBe(orgs[0]!.orgName);

    // Another region's organizations: the organization users move, they do not accumulate.
    const other = demoOrgsOfRegion(generateRegion({ sites: 300, seed: 7 }));
    await ensureDemoAccounts(suite.stores.db.knex, other);
    expect(await membershipsOf(suite.stores.db.knex, dairyAdmin!.id)).toEqual([{ orgId: other[0]!.orgId, role: "org_admin" }]);
    expect(await tableCount("memberships")).toBe(6);
  });
});
