import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aSite } from "../helpers/builders.ts";
import { resetStores } from "../helpers/stores.ts";
import { expectEachRefused, fieldsOf, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "./fixtures.ts";

describe("/sites", () => {
  let api: TestApi;
  let ada: Actor, ben: Actor;
  let aarhus: string, billund: string;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [ada, ben] = await Promise.all([api.actor("org_admin", [], "ada"), api.actor("org_admin", [], "ben")]);
    aarhus = (await anOrganization(api, ada)).externalId;
    billund = (await anOrganization(api, ben)).externalId;
  });
  afterAll(async () => api?.stop());

  const siteUrl = (id: string) => `${V1}/sites/${id}`;

  it("a registered site reads back, is indexed in PostGIS at its point, and a replay changes nothing", async () => {
    const site = aSite(aarhus, { name: "Grenaa harbour", lat: 56.41, lon: 10.92, address: { city: "Grenaa", country: "DK" } });

    const created = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });
    const replay = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });
    const clash = await api.request("post", `${V1}/sites`, { token: ada.token, body: { ...site, name: "Elsewhere" } });

    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(siteUrl(site.externalId));
    expect(created.body).toMatchObject({ id: site.externalId, orgId: aarhus, name: "Grenaa harbour", lat: 56.41, lon: 10.92, address: { city: "Grenaa", country: "DK" }, version: 1 });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(created.body);
    expect(clash.status).toBe(409);
    const read = await api.request("get", siteUrl(site.externalId), { token: ada.token });
    expect(read.body).toEqual(created.body);
    expect(read.headers.get("etag")).toBe('"1"');
    const row = await api.knex("site_index").select("version", api.knex.raw("st_y(geog::geometry) as lat"), api.knex.raw("st_x(geog::geometry) as lon")).where({ site_id: site.externalId }).first();
    expect(row).toEqual({ version: 1, lat: 56.41, lon: 10.92 });
  });

  it("bad sites are 400 problems naming the field; another organization's site is 403", async () => {
    const cases: [unknown, string][] = [
      [{ ...aSite(aarhus), lat: 91 }, "body.lat"],
      [{ ...aSite(aarhus), lat: "north" }, "body.lat"],
      [{ ...aSite(aarhus), lon: undefined }, "body.lon"],
      [{ ...aSite(aarhus), lon: -181 }, "body.lon"],
      [{ ...aSite(aarhus), name: "" }, "body.name"],
      [{ ...aSite(aarhus), address: { country: "dk" } }, "body.address.country"],
      [{ ...aSite(aarhus), businessId: "not an id" }, "body.businessId"],
    ];
    await expectEachRefused(cases, (body) => api.request("post", `${V1}/sites`, { token: ada.token, body }));
    const foreign = await api.request("post", `${V1}/sites`, { token: ada.token, body: aSite(billund) });
    expect(foreign.status).toBe(403);
    expect(fieldsOf(foreign)).toEqual(["body.businessId"]);
    const admin = await api.actor("admin");
    const noSuchOrg = await api.request("post", `${V1}/sites`, { token: admin.token, body: aSite("no-such-org") });
    expect(noSuchOrg.status).toBe(404);
    expect(fieldsOf(noSuchOrg)).toEqual(["body.businessId"]);
  });

  it("lists the caller's sites by cursor, narrowed by bounding box", async () => {
    const inside = await Promise.all([0, 1, 2, 3, 4].map((i) => aSiteOf(api, ada, aarhus, { lat: 55.5 + i * 0.1, lon: 9.5 })));
    const outside = await aSiteOf(api, ada, aarhus, { lat: 57.5, lon: 9.5 });
    await aSiteOf(api, ben, billund, { lat: 55.6, lon: 9.5 }); // inside the box, but not Aarhus's

    const seen: { id: string; orgId: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.request("get", `${V1}/sites?bbox=9,55,10,56&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: ada.token });
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);

    expect(seen.map((s) => s.id)).toEqual(inside.map((s) => s.externalId).sort());
    expect(seen.map((s) => s.id)).not.toContain(outside.externalId);
    const bad = await api.request("get", `${V1}/sites?bbox=9,55,10`, { token: ada.token });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(["query.bbox"]);
  });

  it("moving a site moves its flows on the map", async () => {
    const site = await aSiteOf(api, ada, aarhus, { lat: 56.0, lon: 8.2 });
    const flow = await aFlowAt(api, ada, site.externalId);

    const moved = await api.request("patch", siteUrl(site.externalId), { token: ada.token, body: { version: 1, lat: 54.9, lon: 8.3 } });

    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ lat: 54.9, lon: 8.3, version: 2 });
    const near = await api.request("get", `${V1}/resource-flows?bbox=8,54.5,8.5,55`, { token: ada.token });
    expect(near.body.items.map((f: { id: string }) => f.id)).toEqual([flow.externalId]);
    const row = await api.knex("flow_index").select(api.knex.raw("st_y(geog::geometry) as lat")).where({ flow_id: flow.externalId }).first();
    expect(row.lat).toBeCloseTo(54.9);
  });

  it("changes need the current version: stale body version 409, stale If-Match 412, bad values 400", async () => {
    const site = await aSiteOf(api, ada, aarhus);
    await api.request("patch", siteUrl(site.externalId), { token: ada.token, body: { version: 1, name: "Renamed" } });

    const stale = await api.request("patch", siteUrl(site.externalId), { token: ada.token, body: { version: 1, name: "Lost" } });
    const staleIfMatch = await api.request("patch", siteUrl(site.externalId), { token: ada.token, headers: { "if-match": '"1"' }, body: { name: "Lost" } });
    const badLat = await api.request("patch", siteUrl(site.externalId), { token: ada.token, body: { version: 2, lat: -100 } });
    const concurrent = await Promise.all(["Left", "Right"].map((name) => api.request("patch", siteUrl(site.externalId), { token: ada.token, body: { version: 2, name } })));

    expect(stale.status).toBe(409);
    expect(problemOf(stale).code).toBe("VERSION_CONFLICT");
    expect(staleIfMatch.status).toBe(412);
    expect(badLat.status).toBe(400);
    expect(fieldsOf(badLat)).toEqual(["body.lat"]);
    expect(concurrent.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await api.request("get", siteUrl(site.externalId), { token: ada.token })).body.version).toBe(3);
  });

  it("deleting a site deletes its flows from both stores; a stale version deletes nothing", async () => {
    const site = await aSiteOf(api, ada, aarhus);
    const flows = await Promise.all([0, 1].map(() => aFlowAt(api, ada, site.externalId)));
    await api.request("patch", siteUrl(site.externalId), { token: ada.token, body: { version: 1, name: "v2" } });

    const stale = await api.request("delete", `${siteUrl(site.externalId)}?version=1`, { token: ada.token });
    expect(stale.status).toBe(409);
    expect(fieldsOf(stale)).toEqual(["query.version"]);
    expect((await api.request("get", `${V1}/resource-flows/${flows[0]!.externalId}`, { token: ada.token })).status).toBe(200);

    const deleted = await api.request("delete", `${siteUrl(site.externalId)}?version=2`, { token: ada.token });

    expect(deleted.status).toBe(204);
    expect((await api.request("get", siteUrl(site.externalId), { token: ada.token })).status).toBe(404);
    for (const flow of flows) expect((await api.request("get", `${V1}/resource-flows/${flow.externalId}`, { token: ada.token })).status).toBe(404);
    expect(await api.knex("site_index").where({ site_id: site.externalId }).first()).toBeUndefined();
    expect(await api.knex("flow_index").whereIn("flow_id", flows.map((f) => f.externalId))).toEqual([]);
  });

  it("a plain member of the organization may manage its sites; a facilitator may only read them", async () => {
    const member = await api.actor("org_member", [aarhus]);
    const facilitator = await api.actor("facilitator");
    const site = await aSiteOf(api, member, aarhus);

    expect((await api.request("get", siteUrl(site.externalId), { token: facilitator.token })).status).toBe(200);
    expect((await api.request("patch", siteUrl(site.externalId), { token: facilitator.token, body: { version: 1, name: "x" } })).status).toBe(403);
    expect((await api.request("post", `${V1}/sites`, { token: facilitator.token, body: aSite(aarhus) })).status).toBe(403);
    expect((await api.request("delete", siteUrl(site.externalId), { token: member.token })).status).toBe(204);
  });
});
