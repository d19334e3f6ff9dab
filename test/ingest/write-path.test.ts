import { describe, expect, it } from "vitest";
import { single, updateFlow, writeBusinesses, writeFlows, writeSites, deleteFlow } from "../../ingest/write-path.ts";
import { isTurashError } from "../../domain/errors.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { names, withTestStores, writeContext } from "../helpers/stores.ts";

describe("the one write path", () => {
  const suite = withTestStores();

  async function seedSite() {
    const ctx = writeContext(suite.stores);
    const business = aBusiness();
    single(await writeBusinesses(ctx, [business]));
    const site = aSite(business.externalId);
    single(await writeSites(ctx, [site]));
    return { ctx, business, site };
  }

  async function streamMessages(): Promise<number> {
    const jsm = await suite.stores.nats.jetstreamManager();
    return (await jsm.streams.info(names.streams.events)).state.messages;
  }

  it("writes a flow to Neo4j and PostGIS with its quantity normalized, audits it and publishes it", async () => {
    const { ctx, site } = await seedSite();
    const flow = aFlow(site.externalId, { quantity: { value: 500, unit: "kW" } });

    const outcome = single(await writeFlows(ctx, [flow]));

    expect(outcome).toMatchObject({ change: "created", version: 1 });
    const graph = await suite.stores.neo4j.executeQuery(
      "MATCH (b:Business)-[:OPERATES]->(:Site)-[:OFFERS]->(f:ResourceFlow {id: $id}) RETURN f.annualQuantity AS q, f.orgId AS org, b.id AS biz",
      { id: flow.externalId },
    );
    expect(graph.records[0]?.get("q")).toBeCloseTo(500 * 8000 / 1000); // kW × default 8,000 h → MWh/yr
    expect(graph.records[0]?.get("org")).toBe(graph.records[0]?.get("biz"));
    const row = await suite.stores.db.knex("flow_index").where({ flow_id: flow.externalId }).first();
    expect(row).toMatchObject({ version: 1, resource_type: "waste_heat_low", direction: "offer", canonical_unit: "MWh/yr" });
    expect(await suite.stores.db.knex("audit_log").where({ entity_id: flow.externalId }).count()).toEqual([{ count: "1" }]);
    expect(await streamMessages()).toBe(2); // site.changed + flow.changed
  });

  it("changes nothing when the same write is replayed", async () => {
    const { ctx, site } = await seedSite();
    const flow = aFlow(site.externalId);
    single(await writeFlows(ctx, [flow]));
    const before = await streamMessages();

    const replay = single(await writeFlows(ctx, [{ ...flow }]));

    expect(replay).toMatchObject({ change: "unchanged", version: 1 });
    expect(await streamMessages()).toBe(before);
    expect(await suite.stores.db.knex("audit_log").where({ entity_id: flow.externalId }).count()).toEqual([{ count: "1" }]);
  });

  it("refuses bad rows of a batch by index while the good rows go in", async () => {
    const { ctx, site } = await seedSite();
    const good = aFlow(site.externalId);
    const wrongUnit = aFlow(site.externalId, { resourceType: "fly_ash", quantity: { value: 3, unit: "MWh/yr" } });
    const noSite = aFlow("no-such-site");

    const result = await writeFlows(ctx, [good, wrongUnit, noSite]);

    expect(result.outcomes.map((o) => o.id)).toEqual([good.externalId]);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.field])).toEqual([
      [1, "UNIT_MISMATCH", "quantity.unit"],
      [2, "NOT_FOUND", "siteId"],
    ]);
  });

  it("refuses a row repeating an earlier row's id, so a batch writes each node once", async () => {
    const { ctx, site } = await seedSite();
    const flow = aFlow(site.externalId);

    const result = await writeFlows(ctx, [flow, { ...flow, quantity: { value: 9, unit: "MWh/yr" } }]);

    expect(result.outcomes).toEqual([expect.objectContaining({ id: flow.externalId, change: "created", version: 1 })]);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.errors?.[0]?.field])).toEqual([[1, "VALIDATION_FAILED", "externalId"]]);
  });

  it("repairs the index when a write is replayed after the index lost its row", async () => {
    const { ctx, site } = await seedSite();
    const flow = aFlow(site.externalId);
    single(await writeFlows(ctx, [flow]));
    await suite.stores.db.knex("flow_index").where({ flow_id: flow.externalId }).delete();

    expect(single(await writeFlows(ctx, [flow])).change).toBe("unchanged");

    expect(await suite.stores.db.knex("flow_index").where({ flow_id: flow.externalId }).first()).toMatchObject({ version: 1 });
  });

  it("updates only from the current version, and one of two concurrent updates loses", async () => {
    const { ctx, site } = await seedSite();
    const flow = aFlow(site.externalId);
    single(await writeFlows(ctx, [flow]));

    const results = await Promise.allSettled([
      updateFlow(ctx, flow.externalId, { version: 1, quantity: { value: 10, unit: "MWh/yr" } }),
      updateFlow(ctx, flow.externalId, { version: 1, quantity: { value: 20, unit: "MWh/yr" } }),
    ]);

    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isTurashError((lost[0] as PromiseRejectedResult).reason, "VERSION_CONFLICT")).toBe(true);
    const row = await suite.stores.db.knex("flow_index").where({ flow_id: flow.externalId }).first();
    expect(row.version).toBe(2);
  });

  it("moves a flow from OFFERS to NEEDS when its direction changes", async () => {
    const { ctx, site } = await seedSite();
    const flow = aFlow(site.externalId, { direction: "offer" });
    single(await writeFlows(ctx, [flow]));

    await updateFlow(ctx, flow.externalId, { version: 1, direction: "need" });

    const rels = await suite.stores.neo4j.executeQuery("MATCH (:Site)-[r]->(:ResourceFlow {id: $id}) RETURN type(r) AS type", { id: flow.externalId });
    expect(rels.records.map((r) => r.get("type"))).toEqual(["NEEDS"]);
    expect(await suite.stores.db.knex("flow_index").where({ flow_id: flow.externalId }).first()).toMatchObject({ direction: "need", version: 2 });
  });

  it("deletes a flow from both stores", async () => {
    const { ctx, site, business } = await seedSite();
    const flow = aFlow(site.externalId);
    single(await writeFlows(ctx, [flow]));

    await deleteFlow(ctx, flow.externalId, business.externalId, 1);

    const graph = await suite.stores.neo4j.executeQuery("MATCH (f:ResourceFlow {id: $id}) RETURN f", { id: flow.externalId });
    expect(graph.records).toHaveLength(0);
    expect(await suite.stores.db.knex("flow_index").where({ flow_id: flow.externalId }).first()).toBeUndefined();
  });
});
