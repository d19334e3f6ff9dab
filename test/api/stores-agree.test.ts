import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { aFlow, aSite } from "../helpers/builders.ts";
import { resetStores } from "../helpers/stores.ts";
import { startHttpApi, type Actor, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { anOrganization, V1 } from "./fixtures.ts";

const KINDS: Partial<ResourceFlow>[] = [
  { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 1200, unit: "MWh/yr" } },
  { direction: "need", resourceType: "steam", quantity: { value: 800, unit: "kW" }, quality: {} },
  { direction: "offer", resourceType: "fly_ash", quantity: { value: 35, unit: "kt/yr" }, quality: {} },
  { direction: "need", resourceType: "treated_wastewater", quantity: { value: 40, unit: "m3/day" }, quality: {} },
  { direction: "offer", resourceType: "co2", quantity: { value: 12, unit: "t/yr" }, quality: {} },
];

describe("after a batch of writes through the API, Neo4j and PostGIS agree", () => {
  let api: TestApi;
  let ada: Actor, ben: Actor;
  const statuses: number[] = [];

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [ada, ben] = await Promise.all([api.actor("org_admin", [], "ada"), api.actor("org_admin", [], "ben")]);
  });
  afterAll(async () => api?.stop());

  const send = async (actor: Actor, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse> => {
    const res = await api.request(method, path, { token: actor.token, body, headers });
    statuses.push(res.status);
    return res;
  };

  it("agrees exactly on which flows and sites exist, their versions, owners, kinds, quantities and points", async () => {
    const aarhus = (await anOrganization(api, ada)).externalId;
    const billund = (await anOrganization(api, ben)).externalId;
    const owners = [
      { actor: ada, org: aarhus },
      { actor: ben, org: billund },
    ];

    // 6 sites, 30 flows, written concurrently
    const sites = owners.flatMap(({ actor, org }) => [0, 1, 2].map((i) => ({ actor, site: aSite(org, { lat: 55 + i * 0.4, lon: 9 + (org === aarhus ? 0 : 2) + i * 0.3 }) })));
    await Promise.all(sites.map(({ actor, site }) => send(actor, "post", `${V1}/sites`, site)));
    const flows = sites.flatMap(({ actor, site }) => KINDS.map((kind) => ({ actor, flow: aFlow(site.externalId, kind) })));
    await Promise.all(flows.map(({ actor, flow }) => send(actor, "post", `${V1}/resource-flows`, flow)));

    // replays, edits (some racing each other from the same version), a move, deletes
    await Promise.all(flows.slice(0, 3).map(({ actor, flow }) => send(actor, "post", `${V1}/resource-flows`, flow)));
    await Promise.all(
      flows.slice(3, 11).flatMap(({ actor, flow }, i) => {
        const edit = (value: number) => send(actor, "patch", `${V1}/resource-flows/${flow.externalId}`, { version: 1, quantity: { value, unit: flow.quantity.unit } });
        return i % 3 === 0 ? [edit(100 + i), edit(200 + i)] : [edit(300 + i)];
      }),
    );
    await send(ada, "patch", `${V1}/sites/${sites[1]!.site.externalId}`, { version: 1, lat: 56.9, lon: 8.6 });
    await Promise.all(flows.slice(11, 14).map(({ actor, flow }) => send(actor, "delete", `${V1}/resource-flows/${flow.externalId}`)));
    await send(ben, "delete", `${V1}/sites/${sites[5]!.site.externalId}`);
    await send(ada, "patch", `${V1}/resource-flows/${flows[0]!.flow.externalId}`, { description: "edited by If-Match" }, { "if-match": '"1"' });

    expect(statuses.length).toBeGreaterThanOrEqual(50);
    expect(statuses.every((s) => [200, 201, 204, 409].includes(s)), statuses.join(",")).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3); // one loser per racing pair

    const graphFlows = await api.stores.neo4j.executeQuery(
      `MATCH (s:Site)-[:OFFERS|NEEDS]->(f:ResourceFlow)
       RETURN f.id AS id, f.version AS version, f.orgId AS org, s.id AS site, f.direction AS direction, f.resourceType AS type,
              f.annualQuantity AS annual, s.location.latitude AS lat, s.location.longitude AS lon ORDER BY id`,
    );
    const indexFlows = await api.knex.raw(
      `select flow_id as id, version, org_id as org, site_id as site, direction, resource_type as type, annual_quantity as annual,
              st_y(geog::geometry) as lat, st_x(geog::geometry) as lon from flow_index order by flow_id`,
    );
    const fromGraph = graphFlows.records.map((r) => ({ ...r.toObject(), version: Number(r.get("version")) }));
    expect(fromGraph).toHaveLength(30 - 3 - 5);
    expect(indexFlows.rows.map((row: Record<string, number>) => ({ ...row, lat: expect.closeTo(row.lat!, 9), lon: expect.closeTo(row.lon!, 9) }))).toEqual(fromGraph);
    expect(fromGraph.filter((f) => f.version > 1).length).toBe(8 + 1);

    const graphSites = await api.stores.neo4j.executeQuery(
      "MATCH (s:Site) RETURN s.id AS id, s.version AS version, s.orgId AS org, s.location.latitude AS lat, s.location.longitude AS lon ORDER BY id",
    );
    const indexSites = await api.knex.raw("select site_id as id, version, org_id as org, st_y(geog::geometry) as lat, st_x(geog::geometry) as lon from site_index order by site_id");
    const sitesFromGraph = graphSites.records.map((r) => ({ ...r.toObject(), version: Number(r.get("version")) }));
    expect(sitesFromGraph).toHaveLength(5);
    expect(indexSites.rows.map((row: Record<string, number>) => ({ ...row, lat: expect.closeTo(row.lat!, 9), lon: expect.closeTo(row.lon!, 9) }))).toEqual(sitesFromGraph);
  });
});
