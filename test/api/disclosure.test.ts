/**
 * Staged disclosure through the API, as two plant engineers would try it: before both
 * said interested each sees the other only as an anonymous listing — in matches, on the
 * map, by organization id — then both see everything, with the designated contact. An
 * organization that chose `public` is named from the start. A rejection shows the other
 * side "declined", never more.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { resetStores } from "../helpers/stores.ts";
import { startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "./fixtures.ts";

describe("staged disclosure: anonymous until both parties say interested", () => {
  let api: TestApi;
  let dana: Actor, erik: Actor, pia: Actor, fiona: Actor;
  let dairy: string, brewery: string, pool: string;
  let heat: string, warmth: string, poolNeed: string, id: string, poolMatch: string;
  const DAIRY_CONTACT = "energy@dairy.example";
  const BREWERY_CONTACT = "plant@brewery.example";

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [dana, erik, pia, fiona] = await Promise.all([api.actor("org_admin", [], "dana"), api.actor("org_admin", [], "erik"), api.actor("org_admin", [], "pia"), api.actor("facilitator", [], "fiona")]);
    dairy = (await anOrganization(api, dana, { name: "Secret Dairy A/S", naceCode: "10.51", contact: { name: "Dana", email: DAIRY_CONTACT } })).externalId;
    brewery = (await anOrganization(api, erik, { name: "Hidden Brewery ApS", naceCode: "11.05", contact: { name: "Erik", email: BREWERY_CONTACT } })).externalId;
    pool = (await anOrganization(api, pia, { name: "Open City Pool", naceCode: "93.11", disclosure: "public" })).externalId;
    const [s1, s2, s3] = await Promise.all([
      aSiteOf(api, dana, dairy, { name: "Dairy Plant North", lat: 56.1, lon: 10.1 }),
      aSiteOf(api, erik, brewery, { name: "Brewhouse Two", lat: 56.11, lon: 10.12 }),
      aSiteOf(api, pia, pool, { name: "Pool Hall", lat: 56.09, lon: 10.09 }),
    ]);
    heat = (await aFlowAt(api, dana, s1.externalId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3100, unit: "MWh/yr" }, quality: { temperatureC: 62 } })).externalId;
    warmth = (await aFlowAt(api, erik, s2.externalId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2400, unit: "MWh/yr" }, quality: { temperatureC: 45 } })).externalId;
    poolNeed = (await aFlowAt(api, pia, s3.externalId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 900, unit: "MWh/yr" }, quality: { temperatureC: 30 } })).externalId;
    id = matchId(heat, warmth);
    poolMatch = matchId(heat, poolNeed);
  });
  afterAll(async () => api?.stop());

  const matchesOf = async (actor: Actor, flow: string) => {
    const res = await api.request("get", `${V1}/resource-flows/${flow}/matches?limit=20`, { token: actor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.matches as Record<string, any>[];
  };
  const decide = (actor: Actor, match: string, decision: string) => api.request("post", `${V1}/matches/${match}/decision`, { token: actor.token, body: { decision } });
  const sitesFor = async (actor: Actor) => (await api.request("get", `${V1}/map/sites?bbox=9.9,55.9,10.3,56.3`, { token: actor.token })).body.features as Record<string, any>[];

  it("before anyone said interested: an anonymous listing in matches, a cell on the map, and a 404 for the organization", async () => {
    const seenByDana = (await matchesOf(dana, heat)).find((m) => m.id === id)!;
    expect(seenByDana.counterpart).toMatchObject({ kind: "anonymous", direction: "need", resourceType: "waste_heat_low", naceSection: "C", quantity: { unit: "MWh/yr", band: { low: 2000, high: 5000 } } });
    expect(seenByDana.counterpart.temperature).toEqual({ low: 40, high: 60 });
    const text = JSON.stringify(seenByDana);
    for (const secret of [brewery, warmth, "Hidden Brewery", "Brewhouse Two", BREWERY_CONTACT, "2400", "56.11"]) expect(text).not.toContain(secret);

    // The public pool is named from the start, without its contact.
    const poolSeen = (await matchesOf(dana, heat)).find((m) => m.id === poolMatch)!;
    expect(poolSeen.counterpart).toMatchObject({ kind: "public", orgId: pool, orgName: "Open City Pool", contact: null });

    const map = await sitesFor(dana);
    expect(map.filter((f) => f.properties.kind === "site").map((f) => f.properties.name).sort()).toEqual(["Dairy Plant North", "Pool Hall"]);
    const cells = map.filter((f) => f.properties.kind === "cell");
    expect(cells.length).toBeGreaterThan(0);
    expect(JSON.stringify(cells)).not.toMatch(/Brewhouse|Hidden|site-/);

    const org = await api.request("get", `${V1}/organizations/${brewery}`, { token: dana.token });
    expect(org.status).toBe(404);
  });

  it("before the reveal each party's coded reasons hold only what its bands and its own flow say, both ways", async () => {
    const numbers = (v: unknown, out: number[] = []): number[] => {
      if (typeof v === "number") out.push(v);
      else if (v && typeof v === "object") for (const x of Object.values(v)) numbers(x, out);
      return out;
    };
    // Dana offers 3,100 MWh/yr at 62 °C; Erik needs 2,400 MWh/yr at 45 °C: each figure is the other's secret.
    for (const [actor, flow, own, secrets] of [
      [dana, heat, [62], [2400, 45]],
      [erik, warmth, [45], [3100, 62]],
    ] as const) {
      const view = (await matchesOf(actor, flow)).find((m) => m.id === id)!;
      expect(view.counterpart.kind).toBe("anonymous");
      const coded = [...Object.values(view.factors as Record<string, { reasonCodes: unknown[] }>).map((f) => f.reasonCodes), ...view.counterfactualCodes, view.allocation?.reasonCodes ?? []];
      expect(coded.slice(0, 7).every((c) => Array.isArray(c) && c.length > 0)).toBe(true);
      const allowed = new Set([...numbers(view.counterpart), ...numbers(view.economics), ...numbers(view.coverageBand), ...numbers(view.distance), ...numbers(view.allocation?.shareOfWish ?? []), ...own]);
      for (const n of numbers(coded.map((parts) => (parts as { params: unknown }[]).map((p) => p.params)))) expect(allowed, `a param ${n} the bands do not show`).toContain(n);
      for (const secret of secrets) expect(numbers(coded)).not.toContain(secret);
    }
  });

  it("one side interested is not enough; the second reveals both, with the designated contact, and the map follows", async () => {
    expect((await decide(dana, id, "interested")).body).toMatchObject({ revealed: false, state: "interested" });
    const erikView = (await matchesOf(erik, warmth)).find((m) => m.id === id)!;
    expect(erikView.counterpart.kind).toBe("anonymous");
    expect(JSON.stringify(erikView)).not.toContain(dairy);

    expect((await decide(erik, id, "interested")).body).toMatchObject({ revealed: true, state: "revealed" });

    const danaView = (await matchesOf(dana, heat)).find((m) => m.id === id)!;
    const erikAfter = (await matchesOf(erik, warmth)).find((m) => m.id === id)!;
    expect(danaView.counterpart).toMatchObject({ kind: "revealed", orgId: brewery, orgName: "Hidden Brewery ApS", flowId: warmth, contact: { email: BREWERY_CONTACT } });
    expect(erikAfter.counterpart).toMatchObject({ kind: "revealed", orgId: dairy, flowId: heat, contact: { email: DAIRY_CONTACT } });
    expect(danaView.disclosure.state).toBe("revealed");
    expect((await api.request("get", `${V1}/organizations/${brewery}`, { token: dana.token })).body).toMatchObject({ name: "Hidden Brewery ApS", contact: null });
    const audited = await api.knex("audit_log").where({ action: "identity.revealed", entity_id: id }).pluck("org_id");
    expect(audited.sort()).toEqual([dairy, brewery].sort());
  });

  it("a rejection shows the other side 'declined', and never who", async () => {
    const other = await api.actor("org_admin", [], "olga");
    const olgaOrg = (await anOrganization(api, other, { name: "Declining Greenhouse" })).externalId;
    const site = await aSiteOf(api, other, olgaOrg, { lat: 56.12, lon: 10.11 });
    const need = (await aFlowAt(api, other, site.externalId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 1500, unit: "MWh/yr" }, quality: { temperatureC: 40 } })).externalId;
    const declined = matchId(heat, need);
    expect((await matchesOf(other, need)).map((m) => m.id)).toContain(declined);

    expect((await decide(other, declined, "rejected")).status).toBe(200);

    expect((await matchesOf(other, need)).map((m) => m.id)).not.toContain(declined);
    const read = await api.request("get", `${V1}/matches/${declined}`, { token: dana.token });
    expect(read.status).toBe(200);
    expect(read.body.disclosure).toMatchObject({ state: "declined", counterpartDecision: "declined" });
    expect(JSON.stringify(read.body)).not.toMatch(new RegExp(`${olgaOrg}|Declining|${need}`));
  });

  it("an organization that turns public is named at once; a facilitator's read of confidential ones is audited", async () => {
    const current = (await api.request("get", `${V1}/organizations/${brewery}`, { token: erik.token })).body;
    const patched = await api.request("patch", `${V1}/organizations/${brewery}`, { token: erik.token, body: { version: current.version, disclosure: "public" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.disclosure).toBe("public");
    const names = (await sitesFor(pia)).filter((f) => f.properties.kind === "site").map((f) => f.properties.name);
    expect(names).toContain("Brewhouse Two");
    expect(names).not.toContain("Dairy Plant North");

    const before = Number((await api.knex("audit_log").where({ actor: fiona.id, action: "identity.read" }).count({ n: "*" }))[0]!.n);
    expect((await api.request("get", `${V1}/resource-flows/${heat}/matches`, { token: fiona.token })).status).toBe(200);
    const reads = await api.knex("audit_log").where({ actor: fiona.id, action: "identity.read" }).orderBy("id").offset(before).pluck("org_id");
    expect(reads).toContain(dairy);
    expect(reads).not.toContain(pool);
  });
});
