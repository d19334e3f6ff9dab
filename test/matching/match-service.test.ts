/**
 * The matching service against the real stores: prefilter exactness, cache and its
 * invalidation, persistence as :Match + ledger, rejection for good, chains, API shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needTypesFor } from "../../matching/index.ts";
import { testConfig, testMatchId as matchId } from "../helpers/config.ts";
import { prefilter, radiusKmFor } from "../../match-service/prefilter.ts";
import { MatchService } from "../../match-service/service.ts";
import { updateFlow } from "../../ingest/write-path.ts";
import { resetStores, writeContext } from "../helpers/stores.ts";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrgWithSite } from "./fixtures.ts";

let api: TestApi;
let service: MatchService;

beforeAll(async () => {
  api = await startHttpApi();
  await resetStores(api.stores);
  service = new MatchService({ neo4j: api.stores.neo4j, knex: api.knex, redis: api.stores.redis, idSecret: testConfig().secrets.idSecret });
});

afterAll(async () => {
  await api?.stop();
});

interface IndexRow {
  flow_id: string;
  org_id: string;
  direction: "offer" | "need";
  resource_type: string;
  meters: number;
}

/** Every flow of the index with its geodesic distance to `flowId` (PostGIS, independent of the prefilter). */
async function distancesFrom(flowId: string): Promise<IndexRow[]> {
  const { rows } = (await api.knex.raw(
    `select f.flow_id, f.org_id, f.direction, f.resource_type, st_distance(f.geog, s.geog) as meters
     from flow_index f, flow_index s where s.flow_id = ? and f.flow_id <> s.flow_id`,
    [flowId],
  )) as { rows: IndexRow[] };
  return rows;
}

describe("spatial prefilter", () => {
  let heatOffer: string;
  let heatNeed: string;
  let sourceOrg: string;

  beforeAll(async () => {
    const ctx = writeContext(api.stores);
    const a = await anOrgWithSite(ctx, "Prefilter Supplier", 0, 0);
    sourceOrg = a.orgId;
    heatOffer = await aFlowAt(ctx, a.siteId, { direction: "offer", resourceType: "waste_heat_low", quality: { temperatureC: 70 } });
    // The same org's need nearby: never a candidate.
    const a2 = await aFlowAt(ctx, a.siteId, { direction: "need", resourceType: "waste_heat_low", quality: { temperatureC: 40 } });
    void a2;
    const placements: [number, number, string, "offer" | "need"][] = [
      [2, 0, "waste_heat_low", "need"], // in
      [0, 4.5, "waste_heat_low", "need"], // in
      [-3, -3, "waste_heat_low", "need"], // 4.24 km: in
      [0, 6, "waste_heat_low", "need"], // out of the 5 km radius
      [1, 0, "fly_ash", "need"], // incompatible
      [1, 1, "waste_heat_low", "offer"], // same direction
      [0, -8, "waste_heat_high", "offer"], // another supplier, 8 km west: within its own 10 km radius of the need below
      [0, -1, "waste_heat_low", "need"], // in (1 km)
    ];
    for (const [n, e, type, direction] of placements) {
      const o = await anOrgWithSite(ctx, `Org ${n},${e} ${type}`, n, e);
      const unit = type === "fly_ash" ? "t/yr" : "MWh/yr";
      const id = await aFlowAt(ctx, o.siteId, { direction, resourceType: type, quantity: { value: 900, unit }, quality: type === "fly_ash" ? {} : { temperatureC: direction === "offer" ? 90 : 40 } });
      if (n === 0 && e === -1) heatNeed = id;
    }
  });

  for (const which of ["offer", "need"] as const) {
    it(`returns exactly the complementary flows within the radius (source is an ${which})`, async () => {
      const id = which === "offer" ? heatOffer : heatNeed;
      const { source, candidates } = await prefilter(api.knex, id);
      expect(source?.id).toBe(id);
      const all = await distancesFrom(id);
      const expected = all
        .filter((f) => f.direction !== source!.direction && f.org_id !== source!.orgId)
        .filter((f) => {
          const r = radiusKmFor(source!, f.resource_type);
          return r !== undefined && f.meters <= r * 1000;
        })
        .map((f) => f.flow_id)
        .sort();
      const got = candidates.map((c) => c.id).sort();
      expect(got).toEqual(expected);
      expect(got.length).toBeGreaterThanOrEqual(2);
      // And each returned one is within its radius, compatible, opposite, of another org.
      const byId = new Map(all.map((f) => [f.flow_id, f]));
      for (const c of candidates) {
        const row = byId.get(c.id)!;
        expect(c.direction).not.toBe(source!.direction);
        expect(c.orgId).not.toBe(sourceOrg === source!.orgId ? sourceOrg : source!.orgId);
        const offerType = source!.direction === "offer" ? source!.resourceType : c.resourceType;
        const needType = source!.direction === "offer" ? c.resourceType : source!.resourceType;
        expect(needTypesFor(offerType)).toContain(needType);
        expect(row.meters).toBeLessThanOrEqual(radiusKmFor(source!, c.resourceType)! * 1000);
      }
      // Something was really excluded: the 6 km need, the fly-ash need, the same-direction offer, the own-org need.
      expect(all.length).toBeGreaterThan(got.length + 3);
    });
  }

  it("the need side sees an offer by the offer's radius (8 km for 10 km waste_heat_high)", async () => {
    const { candidates } = await prefilter(api.knex, heatNeed);
    expect(candidates.some((c) => c.resourceType === "waste_heat_high")).toBe(true);
  });
});

describe("cache, persistence and decisions", () => {
  let supplyOrg: string;
  let demandOrg: string;
  let supply: string;
  let demand: string;
  let otherDemand: string;

  beforeAll(async () => {
    const ctx = writeContext(api.stores);
    const a = await anOrgWithSite(ctx, "Cache Heat Supplier", 30, 30);
    const b = await anOrgWithSite(ctx, "Cache Heat User", 31, 30);
    const c = await anOrgWithSite(ctx, "Cache Heat User Two", 30, 31.5);
    supplyOrg = a.orgId;
    demandOrg = b.orgId;
    supply = await aFlowAt(ctx, a.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 4000, unit: "MWh/yr" }, quality: { temperatureC: 75 }, precision: "measured" });
    demand = await aFlowAt(ctx, b.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 50 } });
    otherDemand = await aFlowAt(ctx, c.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2000, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
  });

  it("computes, persists a :Match per match with a ledger row, then serves from the cache", async () => {
    const first = await service.matchesForFlow(supply);
    expect(first?.cached).toBe(false);
    expect(first!.matches.map((m) => m.counterpart.flowId).sort()).toEqual([demand, otherDemand].sort());
    const second = await service.matchesForFlow(supply);
    expect(second?.cached).toBe(true);
    expect(second!.matches).toEqual(first!.matches);

    const id = matchId(supply, demand);
    const { records } = await api.stores.neo4j.executeQuery(
      "MATCH (m:Match {id: $id})-[:SUPPLY]->(s:ResourceFlow), (m)-[:DEMAND]->(d:ResourceFlow) RETURN m, s.id AS s, d.id AS d",
      { id },
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.get("s")).toBe(supply);
    expect(records[0]!.get("d")).toBe(demand);
    const m = records[0]!.get("m").properties as Record<string, unknown>;
    expect(m.score).toBeCloseTo(first!.matches.find((x) => x.id === id)!.score, 12);
    expect(JSON.parse(m.factors as string).distance.reason).toMatch(/km/);
    expect(JSON.parse(m.economics as string).npvEur.mid).toEqual(expect.any(Number));
    const ledger = await api.knex("match_history").where({ match_id: id });
    expect(ledger).toHaveLength(1);
    expect(ledger[0].event).toBe("created");

    // Recomputing an unchanged pair writes no second ledger row.
    await service.compute(demand);
    expect(await api.knex("match_history").where({ match_id: id })).toHaveLength(1);
  });

  it("a change of the flow itself is a new cache key (new version)", async () => {
    await service.matchesForFlow(supply);
    expect((await service.matchesForFlow(supply))?.cached).toBe(true);
    await updateFlow(writeContext(api.stores), supply, { version: 1, quantity: { value: 4200, unit: "MWh/yr" } });
    const after = await service.matchesForFlow(supply);
    expect(after?.cached).toBe(false);
    expect(after?.version).toBe(2);
  });

  it("a change of a counterpart invalidates the cached result that shows it", async () => {
    await service.matchesForFlow(supply);
    expect((await service.matchesForFlow(supply))?.cached).toBe(true);
    await updateFlow(writeContext(api.stores), demand, { version: 1, quantity: { value: 3500, unit: "MWh/yr" } });
    await service.onFlowChanged({ id: demand, orgId: demandOrg, change: "updated" });
    const after = await service.matchesForFlow(supply);
    // onFlowChanged recomputed the counterparts already: fresh, and showing the new quantity.
    expect(after!.matches.find((m) => m.counterpart.flowId === demand)!.counterpart.annualQuantity).toBe(3500);
    const ledger = await api.knex("match_history").where({ match_id: matchId(supply, demand) }).orderBy("id");
    expect(ledger.map((r) => r.event)).toContain("updated");
  });

  it("GET /resource-flows/{id}/matches shows a party each counterpart as an anonymous listing: bands, region, reasons, no identity", async () => {
    const member = await api.actor("org_member", [supplyOrg]);
    const res = await api.request("get", `/api/v1/resource-flows/${supply}/matches?limit=5`, { token: member.token });
    expect(res.status).toBe(200);
    expect(res.body.matches.length).toBeGreaterThan(0);
    const m = res.body.matches[0];
    for (const f of ["distance", "quality", "quantity", "temporal", "economics", "trust", "graph"]) {
      expect(m.factors[f].score).toBeGreaterThanOrEqual(0);
      expect(m.factors[f].reason).toEqual(expect.any(String));
    }
    // Money only as bands; no price, no gross value.
    expect(m.economics).toMatchObject({ banded: true, npvEur: { low: expect.any(Number), high: expect.any(Number) } });
    expect(m.economics.npvEur.low).toBeLessThanOrEqual(m.economics.npvEur.high);
    expect(JSON.stringify(m)).not.toMatch(/eurPer|annualValueEur|pricePer/);
    expect(["auto", "facilitator"]).toContain(m.route.decision);
    expect(m.disclosure).toEqual({ state: "anonymous", yourDecision: null, counterpartDecision: null });
    expect(m.counterpart).toMatchObject({ kind: "anonymous", resourceType: "waste_heat_low", quantity: { unit: "MWh/yr", band: { low: expect.any(Number) } }, distance: { low: expect.any(Number) } });
    expect(m.distanceKm).toBeNull();
    // No organization, site or flow of the counterpart, no coordinates, no contact.
    const counterpartOrg = (await api.knex("flow_index").where({ flow_id: m.demandFlowId ?? otherDemand }).first()).org_id;
    const text = JSON.stringify(m);
    expect(text).not.toContain(counterpartOrg);
    expect(text).not.toContain("Cache Heat User");
    expect(text).not.toMatch(/"lat"|"lon"|email|phone|contact"/i);
    expect(m.supplyFlowId).toBe(supply);
    expect(m.demandFlowId).toBeNull();
    expect(Array.isArray(res.body.nearMisses)).toBe(true);

    // min_score filters; an outsider sees nothing.
    const none = await api.request("get", `/api/v1/resource-flows/${supply}/matches?min_score=1`, { token: member.token });
    expect(none.body.matches).toEqual([]);
    const outsider = await api.actor("org_member", [demandOrg]);
    expect((await api.request("get", `/api/v1/resource-flows/${supply}/matches`, { token: outsider.token })).status).toBe(404);
    expect((await api.request("get", `/api/v1/resource-flows/${supply}/matches?limit=0`, { token: member.token })).status).toBe(400);

    const org = await api.request("get", `/api/v1/organizations/${supplyOrg}/matching/direct`, { token: member.token });
    expect(org.status).toBe(200);
    expect(org.body.matches.map((x: { id: string }) => x.id)).toContain(matchId(supply, otherDemand));
    expect(org.body.matches[0].factors.distance.reason).toEqual(expect.any(String));
    expect(org.body.matches[0].counterpart.kind).toBe("anonymous");
  });

  it("after both parties say interested each sees the other in full, with the designated contact; the reveal is audited", async () => {
    const id = matchId(supply, otherDemand);
    const demandOrgOf = (await api.knex("flow_index").where({ flow_id: otherDemand }).first()).org_id as string;
    const supplier = await api.actor("org_member", [supplyOrg]);
    const consumer = await api.actor("org_member", [demandOrgOf]);
    const view = async (actor: typeof supplier, flow: string) =>
      (await api.request("get", `/api/v1/resource-flows/${flow}/matches?limit=20`, { token: actor.token })).body.matches.find((x: { id: string }) => x.id === id);

    const first = await api.request("post", `/api/v1/matches/${id}/decision`, { token: supplier.token, body: { decision: "interested" } });
    expect(first.body).toMatchObject({ decision: "interested", revealed: false, state: "interested" });
    expect((await view(consumer, otherDemand)).counterpart.kind).toBe("anonymous");
    expect((await view(supplier, supply)).disclosure).toMatchObject({ state: "anonymous", yourDecision: "interested" });

    const second = await api.request("post", `/api/v1/matches/${id}/decision`, { token: consumer.token, body: { decision: "interested" } });
    expect(second.body).toMatchObject({ revealed: true, state: "revealed" });
    const bySupplier = await view(supplier, supply);
    const byConsumer = await view(consumer, otherDemand);
    expect(bySupplier.counterpart).toMatchObject({ kind: "revealed", orgId: demandOrgOf, flowId: otherDemand });
    expect(byConsumer.counterpart).toMatchObject({ kind: "revealed", orgId: supplyOrg, flowId: supply, location: { lat: expect.any(Number) } });
    expect(bySupplier.economics.banded).toBeUndefined();
    expect(bySupplier.distanceKm).toEqual(expect.any(Number));
    const reveals = await api.knex("audit_log").where({ action: "identity.revealed", entity_id: id }).pluck("org_id");
    expect(reveals.sort()).toEqual([supplyOrg, demandOrgOf].sort());
  });

  it("decision=rejected by a party removes the pair for good", async () => {
    const id = matchId(supply, otherDemand);
    await service.matchesForFlow(supply);
    const stranger = await api.actor("org_member", [demandOrg]);
    expect((await api.request("post", `/api/v1/matches/${id}/decision`, { token: stranger.token, body: { decision: "rejected" } })).status).toBe(404);
    expect((await api.request("post", `/api/v1/matches/${id}/decision`, { token: stranger.token, body: { decision: "maybe" } })).status).toBe(400);

    const consumer = await api.actor("org_member", [(await api.knex("flow_index").where({ flow_id: otherDemand }).first()).org_id]);
    const res = await api.request("post", `/api/v1/matches/${id}/decision`, { token: consumer.token, body: { decision: "rejected" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matchId: id, decision: "rejected", withdrawn: true });

    const { records } = await api.stores.neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN m", { id });
    expect(records).toHaveLength(0);
    expect((await api.knex("match_history").where({ match_id: id }).orderBy("id", "desc").first()).event).toBe("withdrawn");
    // Not from the cache, not on recomputation from either side, not in the prefilter.
    expect((await service.matchesForFlow(supply))!.matches.map((m) => m.id)).not.toContain(id);
    expect((await service.compute(supply))!.matches.map((m) => m.id)).not.toContain(id);
    expect((await service.compute(otherDemand))!.matches.map((m) => m.id)).not.toContain(id);
    expect((await prefilter(api.knex, supply)).candidates.map((c) => c.id)).not.toContain(otherDemand);
    expect((await api.stores.neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN m", { id })).records).toHaveLength(0);
  });
});

describe("chains", () => {
  it("GET /organizations/{id}/matching/chains returns a 3-hop chain with Shapley shares summing to its value", async () => {
    const ctx = writeContext(api.stores);
    const A = await anOrgWithSite(ctx, "Chain Steelworks", -40, 40);
    const B = await anOrgWithSite(ctx, "Chain Greenhouse", -40.5, 40);
    const C = await anOrgWithSite(ctx, "Chain Brewery", -40, 40.7);
    const D = await anOrgWithSite(ctx, "Chain Sawmill", -40.6, 40.6);
    const offers = [
      await aFlowAt(ctx, A.siteId, { direction: "offer", resourceType: "waste_heat_high", quantity: { value: 20000, unit: "MWh/yr" }, quality: { temperatureC: 130 }, precision: "measured" }),
      await aFlowAt(ctx, B.siteId, { direction: "offer", resourceType: "co2", quantity: { value: 5000, unit: "t/yr" }, precision: "measured" }),
      await aFlowAt(ctx, C.siteId, { direction: "offer", resourceType: "wood_waste", quantity: { value: 8000, unit: "t/yr" }, precision: "measured" }),
    ];
    await aFlowAt(ctx, B.siteId, { direction: "need", resourceType: "waste_heat_high", quantity: { value: 15000, unit: "MWh/yr" }, quality: { temperatureC: 90 }, precision: "measured" });
    await aFlowAt(ctx, C.siteId, { direction: "need", resourceType: "co2", quantity: { value: 4000, unit: "t/yr" }, precision: "measured" });
    await aFlowAt(ctx, D.siteId, { direction: "need", resourceType: "wood_waste", quantity: { value: 6000, unit: "t/yr" }, precision: "measured" });
    for (const id of offers) await service.compute(id);

    const member = await api.actor("org_member", [B.orgId]);
    const res = await api.request("get", `/api/v1/organizations/${B.orgId}/matching/chains`, { token: member.token });
    expect(res.status).toBe(200);
    const chain = res.body.chains.find((c: { hops: number }) => c.hops === 3);
    expect(chain, JSON.stringify(res.body)).toBeDefined();
    // A member sees itself; the other, confidential members only as "member n", money as bands.
    expect(chain.orgs.map((o: { id: string | null; disclosure: string }) => [o.id, o.disclosure])).toEqual([
      [null, "anonymous"],
      [B.orgId, "you"],
      [null, "anonymous"],
      [null, "anonymous"],
    ]);
    expect(JSON.stringify(chain)).not.toMatch(/Chain Steelworks|Chain Brewery|Chain Sawmill/);
    expect(JSON.stringify(chain)).not.toContain(A.orgId);
    expect(chain.totalValueEur).toEqual({ low: expect.any(Number), high: expect.any(Number) });
    expect(Object.keys(chain.shares).sort()).toEqual([B.orgId, "member 1", "member 3", "member 4"].sort());
    // Ranked by value; 2-hop chains through B are there too.
    expect(res.body.chains.some((c: { hops: number }) => c.hops === 2)).toBe(true);

    // A facilitator sees the chain named, with exact Shapley shares summing to its value, and the read is audited.
    const facilitator = await api.actor("facilitator", []);
    const full = (await api.request("get", `/api/v1/organizations/${B.orgId}/matching/chains`, { token: facilitator.token })).body;
    const named = full.chains.find((c: { hops: number }) => c.hops === 3);
    expect(named.orgs.map((o: { id: string }) => o.id)).toEqual([A.orgId, B.orgId, C.orgId, D.orgId]);
    expect(named.orgs[0].name).toBe("Chain Steelworks");
    const sum = Object.values(named.shares as Record<string, number>).reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(named.totalValueEur, 6);
    expect(named.totalValueEur).toBeCloseTo(named.edges.reduce((s: number, e: { annualValueEur: number }) => s + e.annualValueEur, 0), 6);
    // The middle members take part in two exchanges each: they get more than the ends.
    expect(named.shares[B.orgId]).toBeGreaterThan(named.shares[A.orgId]);
    const values = full.chains.map((c: { totalValueEur: number }) => c.totalValueEur);
    expect(values).toEqual([...values].sort((x: number, y: number) => y - x));
    const audited = await api.knex("audit_log").where({ actor: facilitator.id, action: "identity.read" }).pluck("org_id");
    expect(audited).toEqual(expect.arrayContaining([A.orgId, C.orgId, D.orgId]));
    const outsider = await api.actor("org_member", [D.orgId]);
    expect((await api.request("get", `/api/v1/organizations/${B.orgId}/matching/chains`, { token: outsider.token })).status).toBe(404);
  });
});
