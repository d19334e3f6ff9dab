/** GET /api/v1/regions on the real services: what is loaded, and what contains a point. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectEachRefused, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { V1 } from "../api/fixtures.ts";
import { at, clearRegions, loadMunicipalities, loadZealand } from "./fixtures.ts";

describe("/regions", () => {
  let api: TestApi;
  let member: Actor;
  beforeAll(async () => {
    api = await startHttpApi();
    await clearRegions(api.knex);
    await loadZealand(api.knex);
    await loadMunicipalities(api.knex);
    member = await api.actor("org_member", [], "mia");
  });
  afterAll(async () => {
    if (api) await clearRegions(api.knex);
    await api?.stop();
  });

  const get = (query: string, actor: { token?: string } = member) => api.request("get", `${V1}/regions${query}`, { token: actor.token });

  it("lists what is loaded by level and code, without geometry, page by page", async () => {
    const seen: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const municipalities = await get("?level=municipality");

    expect(seen.map((r) => `${r.level}:${r.code}`)).toEqual(["municipality:9901", "municipality:9902", "nuts2:DK02"]);
    expect(seen[2]).toEqual({ code: "DK02", name: "Sjælland", level: "nuts2", country: null, areaKm2: expect.any(Number), source: "zealand-nuts2.geojson", loadedAt: expect.any(String) });
    expect(seen[2]!.areaKm2).toBeGreaterThan(10_000);
    expect(municipalities.body.items.map((r: { code: string }) => r.code)).toEqual(["9901", "9902"]);
  });

  it("with a point, lists the boundaries containing it, most specific first", async () => {
    const inKalundborg = await get(`?point=${at.kalundborgWest.lat},${at.kalundborgWest.lon}`);
    const inTheHole = await get(`?point=${at.eastHole.lat},${at.eastHole.lon}`);
    const atSea = await get(`?point=${at.northSea.lat},${at.northSea.lon}`);
    const onlyNuts2 = await get(`?point=${at.kalundborgWest.lat},${at.kalundborgWest.lon}&level=nuts2`);

    expect(inKalundborg.body.items.map((r: { code: string }) => r.code)).toEqual(["9901", "DK02"]);
    expect(inKalundborg.body.nextCursor).toBeNull();
    expect(inTheHole.body.items.map((r: { code: string }) => r.code)).toEqual(["DK02"]);
    expect(atSea.body).toEqual({ items: [], nextCursor: null });
    expect(onlyNuts2.body.items.map((r: { code: string }) => r.code)).toEqual(["DK02"]);
  });

  it("bad queries are 400 problems naming the field; without credentials 401", async () => {
    const cases: [string, string][] = [
      ["?point=55.68", "query.point"],
      ["?point=55.68,11.09,3", "query.point"],
      ["?point=north,east", "query.point"],
      ["?point=91,11", "query.point"],
      ["?point=,11", "query.point"],
      ["?level=Not%20a%20level", "query.level"],
      ["?limit=0", "query.limit"],
      ["?cursor=not-a-cursor", "query.cursor"],
    ];
    await expectEachRefused(cases, (query) => get(query));
    expect((await get("", {})).status).toBe(401);
  });
});
