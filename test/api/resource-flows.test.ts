import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import type { Site } from "../../domain/schemas/site.ts";
import { aFlow } from "../helpers/builders.ts";
import { resetStores } from "../helpers/stores.ts";
import { expectEachRefused, fieldsOf, problemOf, startHttpApi, type Actor, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "./fixtures.ts";

interface FlowView {
  id: string;
  siteId: string;
  orgId: string;
  direction: string;
  resourceType: string;
  version: number;
}

describe("/resource-flows", () => {
  let api: TestApi;
  let ada: Actor; // org_admin of Aarhus Foods
  let ben: Actor; // org_admin of Billund Metal
  let aarhus: string, billund: string;
  let north: Site, south: Site, east: Site, foreign: Site;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [ada, ben] = await Promise.all([api.actor("org_admin", [], "ada"), api.actor("org_admin", [], "ben")]);
    aarhus = (await anOrganization(api, ada, { name: "Aarhus Foods" })).externalId;
    billund = (await anOrganization(api, ben, { name: "Billund Metal" })).externalId;
    [north, south, east] = await Promise.all([
      aSiteOf(api, ada, aarhus, { name: "Skagen", lat: 57.7, lon: 10.6 }),
      aSiteOf(api, ada, aarhus, { name: "Odense", lat: 55.4, lon: 10.4 }),
      aSiteOf(api, ada, aarhus, { name: "Rønne", lat: 55.1, lon: 14.7 }),
    ]);
    foreign = await aSiteOf(api, ben, billund, { name: "Billund", lat: 55.7, lon: 9.1 });
  });
  afterAll(async () => api?.stop());

  const flowUrl = (id: string) => `${V1}/resource-flows/${id}`;

  it("a registered flow is stored with its quantity normalized, and reads back the same", async () => {
    const flow = aFlow(south.externalId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 500, unit: "kW" }, description: "Condenser heat, 55 °C" });

    const created = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: flow });

    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(flowUrl(flow.externalId));
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.body).toMatchObject({
      id: flow.externalId,
      siteId: south.externalId,
      orgId: aarhus,
      quantity: { value: 500, unit: "kW" },
      normalized: { unit: "MWh/yr", annual: 4000, peakKW: 500 },
      description: "Condenser heat, 55 °C",
      version: 1,
    });
    const read = await api.request("get", flowUrl(flow.externalId), { token: ada.token });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(read.body).toEqual(created.body);
  });

  it("replaying the same POST answers 200 and changes nothing; another body under the id is 409", async () => {
    const flow = await aFlowAt(api, ada, south.externalId);
    const before = (await api.request("get", flowUrl(flow.externalId), { token: ada.token })).body;
    const audits = await api.knex("audit_log").where({ entity_id: flow.externalId }).count();

    const replay = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: flow });
    const clash = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: { ...flow, quantity: { value: 1, unit: "MWh/yr" } } });

    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(before);
    expect(replay.body.version).toBe(1);
    expect(clash.status).toBe(409);
    expect(problemOf(clash).code).toBe("ALREADY_EXISTS");
    expect((await api.request("get", flowUrl(flow.externalId), { token: ada.token })).body).toEqual(before);
    expect(await api.knex("audit_log").where({ entity_id: flow.externalId }).count()).toEqual(audits);
  });

  it("of two concurrent creates under one id, one is 201 and the other a replay (200) or a conflict (409), never an overwrite", async () => {
    const same = aFlow(south.externalId);
    const different = aFlow(south.externalId);

    const replays = await Promise.all([0, 1].map(() => api.request("post", `${V1}/resource-flows`, { token: ada.token, body: same })));
    const racing = await Promise.all([10, 20].map((value) => api.request("post", `${V1}/resource-flows`, { token: ada.token, body: { ...different, quantity: { value, unit: "MWh/yr" } } })));

    expect(replays.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = racing.find((r) => r.status === 201)!.body;
    const stored = await api.request("get", flowUrl(different.externalId), { token: ada.token });
    expect(stored.body).toMatchObject({ version: 1, quantity: winner.quantity });
  });

  describe("listing", () => {
    const created: ResourceFlow[] = [];
    beforeAll(async () => {
      const kinds: Partial<ResourceFlow>[] = [
        { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 900, unit: "MWh/yr" } },
        { direction: "need", resourceType: "waste_heat_low", quantity: { value: 300, unit: "MWh/yr" } },
        { direction: "offer", resourceType: "fly_ash", quantity: { value: 40, unit: "t/yr" }, quality: {} },
        { direction: "need", resourceType: "treated_wastewater", quantity: { value: 7000, unit: "m3/yr" }, quality: {} },
      ];
      const specs = [north, south, east].flatMap((site) => kinds.map((k) => ({ site, k })));
      for (const { site, k } of [...specs, ...specs.slice(0, 5)]) created.push(aFlow(site.externalId, k));
      await Promise.all(created.map((f) => api.request("post", `${V1}/resource-flows`, { token: ada.token, body: f }).then((r) => expect(r.status).toBe(201))));
      // Billund's flows are of the same kinds and inside the same boxes: they must never show
      await Promise.all(kinds.map((k) => aFlowAt(api, ben, foreign.externalId, k)));
    });

    /** Walk every page of a list with a small page size; checks order and that no id repeats. */
    async function walk(query: string, actor: Actor = ada): Promise<FlowView[]> {
      const items: FlowView[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: HttpResponse = await api.request("get", `${V1}/resource-flows?limit=4&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: actor.token });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        expect(++pages).toBeLessThan(50);
      } while (cursor);
      const ids = items.map((f) => f.id);
      expect(ids).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(ids.length);
      return items;
    }

    /** Every flow of Aarhus the store holds, as the API shows it. */
    async function allOfAarhus(): Promise<FlowView[]> {
      const res = await api.request("get", `${V1}/resource-flows?limit=500`, { token: ada.token });
      return res.body.items;
    }

    const inBox = (site: Site, [w, s, e, n]: number[]) => site.lon >= w! && site.lon <= e! && site.lat >= s! && site.lat <= n!;

    it("pages through every flow the caller may see, each once, and only those", async () => {
      const all = await allOfAarhus();
      expect(all.length).toBeGreaterThanOrEqual(created.length);
      expect(all.every((f) => f.orgId === aarhus)).toBe(true);
      const { records } = await api.stores.neo4j.executeQuery("MATCH (f:ResourceFlow {orgId: $org}) RETURN f.id AS id ORDER BY id", { org: aarhus });

      const walked = await walk("");

      expect(walked.map((f) => f.id)).toEqual(records.map((r) => r.get("id")));
    });

    const sites = () => new Map([north, south, east, foreign].map((s) => [s.externalId, s]));
    const filters: [string, string, (f: FlowView) => boolean][] = [
      ["resource_type", "resource_type=fly_ash", (f) => f.resourceType === "fly_ash"],
      ["direction", "direction=need", (f) => f.direction === "need"],
      ["bbox", "bbox=10,55,11,56", (f) => inBox(sites().get(f.siteId)!, [10, 55, 11, 56])],
      ["bbox + direction + type", "bbox=8,54,15,56&direction=offer&resource_type=waste_heat_low", (f) => inBox(sites().get(f.siteId)!, [8, 54, 15, 56]) && f.direction === "offer" && f.resourceType === "waste_heat_low"],
      ["site", "", (f) => f.siteId === east.externalId],
    ];
    it.each(filters)("filtered by %s: every returned flow matches and every matching flow is returned", async (name, query, matches) => {
      const q = name === "site" ? `site=${east.externalId}` : query;
      const expected = (await allOfAarhus()).filter(matches).map((f) => f.id);
      expect(expected.length).toBeGreaterThan(0);

      const walked = await walk(q);

      expect(walked.every(matches)).toBe(true);
      expect(walked.map((f) => f.id)).toEqual(expected);
    });

    it("another organization's flows never appear, even when asked for by organization or site", async () => {
      expect(await walk(`org=${billund}`)).toEqual([]);
      expect(await walk(`site=${foreign.externalId}`)).toEqual([]);
      expect((await walk("", ben)).every((f) => f.orgId === billund)).toBe(true);
    });

    it("bad query parameters are 400 problems naming the parameter", async () => {
      const cases: [string, string][] = [
        ["bbox=10,55,11", "query.bbox"],
        ["bbox=10,56,11,55", "query.bbox"],
        ["bbox=west,south,east,north", "query.bbox"],
        ["bbox=1,2,3,4&bbox=5,6,7,8", "query.bbox"],
        ["cursor=not-a-cursor", "query.cursor"],
        [`cursor=${Buffer.from('{"before":1}').toString("base64url")}`, "query.cursor"],
        ["limit=0", "query.limit"],
        ["limit=501", "query.limit"],
        ["limit=ten", "query.limit"],
        ["direction=sideways", "query.direction"],
        ["resource_type=unobtainium", "query.resource_type"],
        ["site=not%20an%20id", "query.site"],
      ];
      await expectEachRefused(cases, (query) => api.request("get", `${V1}/resource-flows?${query}`, { token: ada.token }));
    });
  });

  it("bad bodies of many kinds are 400 problem+json naming the field", async () => {
    const ok = () => aFlow(south.externalId);
    const cases: [unknown, string][] = [
      [{ ...ok(), resourceType: "waste_heat_low", quantity: { value: 40, unit: "t/yr" } }, "body.quantity.unit"], // tonnes of heat
      [{ ...ok(), resourceType: "fly_ash", quantity: { value: 40, unit: "kW" } }, "body.quantity.unit"],
      [{ ...ok(), quantity: { value: 40, unit: "furlongs" } }, "body.quantity.unit"],
      [{ ...ok(), quantity: { value: -5, unit: "MWh/yr" } }, "body.quantity.value"],
      [{ ...ok(), quantity: { value: "lots", unit: "MWh/yr" } }, "body.quantity.value"],
      [{ ...ok(), direction: "sideways" }, "body.direction"],
      [{ ...ok(), resourceType: "unobtainium" }, "body.resourceType"],
      [{ ...ok(), precision: "exact" }, "body.precision"],
      [{ ...ok(), ewcCode: "100102" }, "body.ewcCode"],
      [{ ...ok(), ewcCode: "99 01 01" }, "body.ewcCode"], // not in the list of waste
      [{ ...ok(), ewcCode: "16 08 02" }, "body.ewcCode"], // a hazardous entry written without its star
      [{ ...ok(), quality: { temperatureC: 5000 } }, "body.quality.temperatureC"],
      [{ ...ok(), availability: { start: "2025-06-01", end: "2025-01-01" } }, "body.availability.end"],
      [{ ...ok(), availability: { seasonality: [1, 13] } }, "body.availability.seasonality.1"],
      [{ ...ok(), price: { eurPerUnit: 10 }, disposalCost: { eurPerUnit: 5 } }, "body.disposalCost"],
      [{ ...ok(), externalId: "has spaces" }, "body.externalId"],
      [{ ...ok(), siteId: undefined }, "body.siteId"],
      [[ok()], "body"],
    ];
    await expectEachRefused(cases, (body) => api.request("post", `${V1}/resource-flows`, { token: ada.token, body }));
    const tonnesOfHeat = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: cases[0]![0] });
    expect(tonnesOfHeat.body.errors[0].message).toMatch(/MWh\/yr/); // says what would fit

    const malformed = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: '{"externalId": "f-1",' });
    expect(malformed.status).toBe(400);
    expect(problemOf(malformed)).toMatchObject({ code: "BAD_REQUEST", field: "body" });
    const tooLarge = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: { ...ok(), description: "x".repeat(3 * 1024 * 1024) } });
    expect(tooLarge.status).toBe(413);
    expect(problemOf(tooLarge).code).toBe("PAYLOAD_TOO_LARGE");
    const unknownSite = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: aFlow("no-such-site") });
    expect(unknownSite.status).toBe(404);
  });

  describe("PATCH /resource-flows/:id", () => {
    it("changes a flow from the version the caller saw; the normalized quantity follows", async () => {
      const flow = await aFlowAt(api, ada, north.externalId);

      const res = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: { version: 1, quantity: { value: 2, unit: "GWh/yr" } } });

      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe('"2"');
      expect(res.body).toMatchObject({ version: 2, quantity: { value: 2, unit: "GWh/yr" }, normalized: { annual: 2000, unit: "MWh/yr" } });
      const row = await api.knex("flow_index").where({ flow_id: flow.externalId }).first();
      expect(row).toMatchObject({ version: 2, annual_quantity: 2000 });
    });

    it("a stale body version is 409 and a stale If-Match 412; a current If-Match succeeds", async () => {
      const flow = await aFlowAt(api, ada, north.externalId);
      await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: { version: 1, description: "first edit" } });

      const stale = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: { version: 1, description: "lost" } });
      const staleIfMatch = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, headers: { "if-match": '"1"' }, body: { description: "lost" } });
      const current = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, headers: { "if-match": '"2"' }, body: { description: "second edit" } });

      expect(stale.status).toBe(409);
      expect(problemOf(stale)).toMatchObject({ code: "VERSION_CONFLICT", expectedVersion: 1, actualVersion: 2 });
      expect(staleIfMatch.status).toBe(412);
      expect(problemOf(staleIfMatch).code).toBe("PRECONDITION_FAILED");
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ description: "second edit", version: 3 });
    });

    it("replaying the same PATCH changes nothing: 200 with the version it already has", async () => {
      const flow = await aFlowAt(api, ada, north.externalId);
      const change = { version: 1, quality: { temperatureC: 70 } };

      const first = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: change });
      const replay = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: change });

      expect(first.body.version).toBe(2);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(await api.knex("audit_log").where({ entity_id: flow.externalId }).count()).toEqual([{ count: "2" }]);
    });

    it("of two concurrent PATCHes from the same version exactly one wins with 200, the other gets 409", async () => {
      const flow = await aFlowAt(api, ada, north.externalId);

      const results = await Promise.all(
        [10, 20].map((value) => api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: { version: 1, quantity: { value, unit: "MWh/yr" } } })),
      );

      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body;
      const read = await api.request("get", flowUrl(flow.externalId), { token: ada.token });
      expect(read.body).toMatchObject({ version: 2, quantity: winner.quantity });
      const row = await api.knex("flow_index").where({ flow_id: flow.externalId }).first();
      expect(row).toMatchObject({ version: 2, annual_quantity: winner.quantity.value });
    });

    it("bad changes are 400 naming the field, checked against the stored resource type too", async () => {
      const flow = await aFlowAt(api, ada, north.externalId); // waste heat
      const cases: [unknown, Record<string, string>, string][] = [
        [{ version: 1, quantity: { value: 5, unit: "t/yr" } }, {}, "body.quantity.unit"], // tonnes of heat, type not in the patch
        [{ version: 1, resourceType: "fly_ash" }, {}, "body.quantity.unit"], // MWh/yr of fly ash
        [{ version: 1, disposalCost: { eurPerUnit: 3 }, price: { eurPerUnit: 4 } }, {}, "body.disposalCost"],
        [{ version: 1, direction: "both" }, {}, "body.direction"],
        [{ description: "no version" }, {}, "body.version"],
        [{ version: -1 }, {}, "body.version"],
        [{ description: "x" }, { "if-match": "v1" }, "headers.if-match"],
      ];
      for (const [body, headers, field] of cases) {
        const res = await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body, headers });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(fieldsOf(res), JSON.stringify(body)).toEqual([field]);
      }
      expect((await api.request("get", flowUrl(flow.externalId), { token: ada.token })).body.version).toBe(1);
      expect((await api.request("patch", flowUrl("no-such-flow"), { token: ada.token, body: { version: 1 } })).status).toBe(404);
    });
  });

  describe("DELETE /resource-flows/:id", () => {
    it("deletes from both stores; a stale version is 409 (query) or 412 (If-Match) and deletes nothing", async () => {
      const flow = await aFlowAt(api, ada, east.externalId);
      await api.request("patch", flowUrl(flow.externalId), { token: ada.token, body: { version: 1, description: "edited" } });

      const staleQuery = await api.request("delete", `${flowUrl(flow.externalId)}?version=1`, { token: ada.token });
      const staleIfMatch = await api.request("delete", flowUrl(flow.externalId), { token: ada.token, headers: { "if-match": '"1"' } });
      const badVersion = await api.request("delete", `${flowUrl(flow.externalId)}?version=two`, { token: ada.token });
      expect(staleQuery.status).toBe(409);
      expect(staleIfMatch.status).toBe(412);
      expect(badVersion.status).toBe(400);
      expect(fieldsOf(badVersion)).toEqual(["query.version"]);
      expect((await api.request("get", flowUrl(flow.externalId), { token: ada.token })).status).toBe(200);

      const deleted = await api.request("delete", flowUrl(flow.externalId), { token: ada.token, headers: { "if-match": '"2"' } });

      expect(deleted.status).toBe(204);
      expect((await api.request("get", flowUrl(flow.externalId), { token: ada.token })).status).toBe(404);
      expect(await api.knex("flow_index").where({ flow_id: flow.externalId }).first()).toBeUndefined();
      const again = await api.request("delete", flowUrl(flow.externalId), { token: ada.token });
      expect(again.status).toBe(404);
      expect(problemOf(again).code).toBe("NOT_FOUND");
    });
  });

  it("a partner system writes and reads flows with an API key of the right scopes", async () => {
    const key = await api.request("post", `${V1}/organizations/${aarhus}/api-keys`, { token: ada.token, body: { name: "SCADA", scopes: ["flows:read", "flows:write"] } });
    const readOnly = await api.request("post", `${V1}/organizations/${aarhus}/api-keys`, { token: ada.token, body: { name: "BI", scopes: ["flows:read"] } });
    const flow = aFlow(north.externalId, { precision: "measured" });

    const created = await api.request("post", `${V1}/resource-flows`, { apiKey: key.body.key, apiKeyHeader: "x-api-key", body: flow });
    const refused = await api.request("post", `${V1}/resource-flows`, { apiKey: readOnly.body.key, body: aFlow(north.externalId) });
    const read = await api.request("get", flowUrl(flow.externalId), { apiKey: readOnly.body.key });
    const foreignSite = await api.request("post", `${V1}/resource-flows`, { apiKey: key.body.key, body: aFlow(foreign.externalId) });

    expect(created.status).toBe(201);
    expect(refused.status).toBe(403);
    expect(read.status).toBe(200);
    expect(read.body.precision).toBe("measured");
    expect(foreignSite.status).toBe(404);
    const audit = await api.knex("audit_log").where({ entity_id: flow.externalId }).first();
    expect(audit.actor).toBe(`apikey:${key.body.id}`);
  });

  it("a facilitator reads any organization's flows but may not write them", async () => {
    const facilitator = await api.actor("facilitator");
    const flow = await aFlowAt(api, ben, foreign.externalId);

    expect((await api.request("get", flowUrl(flow.externalId), { token: facilitator.token })).status).toBe(200);
    expect((await api.request("get", `${V1}/resource-flows?org=${billund}&limit=500`, { token: facilitator.token })).body.items.map((f: FlowView) => f.id)).toContain(flow.externalId);
    expect((await api.request("patch", flowUrl(flow.externalId), { token: facilitator.token, body: { version: 1, description: "x" } })).status).toBe(403);
    expect((await api.request("delete", flowUrl(flow.externalId), { token: facilitator.token })).status).toBe(403);
  });
});
