/**
 * Hazard rules over REST, as a chemical plant and four fertiliser makers would register
 * them: a sulphuric-acid offer (HP8, corrosive) matches the need that accepts its class
 * within its limits, and every other need is a near miss that names the rule it breaks —
 * the hazard class, the need's maximum distance, the need's minimum per year. A dilute acid
 * declared `hazardClass: "none"` is non-hazardous, not undeclared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "./fixtures.ts";

const ACID_AT = { lat: 55.4, lon: 10.4 };
/** `km` north of the acid plant (1° of latitude ≈ 111.2 km). */
const north = (km: number) => ({ lat: ACID_AT.lat + km / 111.2, lon: ACID_AT.lon });

describe("hazard rules through the API", () => {
  let api: TestApi;
  let chem: Actor, fa: Actor, fb: Actor, fc: Actor, fd: Actor, dil: Actor;
  let acid: ResourceFlow, accepting: ResourceFlow, refusing: ResourceFlow, near: ResourceFlow, big: ResourceFlow, dilute: ResourceFlow;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [chem, fa, fb, fc, fd, dil] = await actorsOf(api, [["org_admin", "chem"], ["org_admin", "fa"], ["org_admin", "fb"], ["org_admin", "fc"], ["org_admin", "fd"], ["org_admin", "dil"]]);
    // Public organizations, so each near miss shows its full reason (anonymous listings get the rule without figures).
    const org = (actor: Actor, name: string, naceCode: string) => anOrganization(api, actor, { name, naceCode, disclosure: "public" });
    const [c, a, b, cc, d, e] = await Promise.all([
      org(chem, "Acid Works A/S", "20.13"),
      org(fa, "Accepting Fertiliser A/S", "20.15"),
      org(fb, "Refusing Fertiliser A/S", "20.15"),
      org(fc, "Distant Fertiliser A/S", "20.15"),
      org(fd, "Large Fertiliser A/S", "20.15"),
      org(dil, "Dilute Acid ApS", "20.13"),
    ]);
    const [sc, sa, sb, scc, sd, se] = await Promise.all([
      aSiteOf(api, chem, c.externalId, ACID_AT),
      aSiteOf(api, fa, a.externalId, north(20)),
      aSiteOf(api, fb, b.externalId, north(15)),
      aSiteOf(api, fc, cc.externalId, north(74.2)),
      aSiteOf(api, fd, d.externalId, north(10)),
      aSiteOf(api, dil, e.externalId, north(16)),
    ]);
    const fertiliser = { direction: "need" as const, resourceType: "fertiliser", quantity: { value: 20_000, unit: "t/yr" }, quality: {}, precision: "measured" as const };
    acid = await aFlowAt(api, chem, sc.externalId, {
      direction: "offer",
      resourceType: "sulphuric_acid",
      ewcCode: "06 01 01*",
      quantity: { value: 4_000, unit: "t/yr" },
      quality: { hazardClass: "HP8", purityPct: 93 },
      precision: "measured",
    });
    [accepting, refusing, near, big] = await Promise.all([
      aFlowAt(api, fa, sa.externalId, { ...fertiliser, acceptedHazardClasses: ["HP8"], maxDistanceKm: 100 }),
      aFlowAt(api, fb, sb.externalId, { ...fertiliser, acceptedHazardClasses: ["HP3", "HP14"] }),
      aFlowAt(api, fc, scc.externalId, { ...fertiliser, acceptedHazardClasses: ["HP8"], maxDistanceKm: 50 }),
      aFlowAt(api, fd, sd.externalId, { ...fertiliser, acceptedHazardClasses: ["HP8"], minAnnualQuantity: 10_000 }),
    ]);
    dilute = await aFlowAt(api, dil, se.externalId, { direction: "offer", resourceType: "sulphuric_acid", quantity: { value: 8_000, unit: "t/yr" }, quality: { hazardClass: "none", purityPct: 30 }, precision: "measured" });
  });
  afterAll(async () => api?.stop());

  const matchesOf = async (actor: Actor, flow: ResourceFlow) => {
    const res = await api.request("get", `${V1}/resource-flows/${flow.externalId}/matches?limit=20`, { token: actor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { matches: { counterpart: { flowId?: string } }[]; nearMisses: { counterpart: { flowId?: string } | null; constraint: string; reason: string; counterfactual: string }[] };
  };

  it("shows the rules on the flow as registered", async () => {
    const res = await api.request("get", `${V1}/resource-flows/${near.externalId}`, { token: fc.token });
    expect(res.body).toMatchObject({ acceptedHazardClasses: ["HP8"], maxDistanceKm: 50, minAnnualQuantity: null });
    const offer = await api.request("get", `${V1}/resource-flows/${acid.externalId}`, { token: chem.token });
    expect(offer.body).toMatchObject({ acceptedHazardClasses: null, maxDistanceKm: null, quality: { hazardClass: "HP8" } });
  });

  it("matches the need that accepts HP8 within its limits, and names the rule of every other need", async () => {
    const result = await matchesOf(chem, acid);
    expect(result.matches.map((m) => m.counterpart.flowId)).toEqual([accepting.externalId]);
    const miss = (flow: ResourceFlow) => result.nearMisses.find((n) => n.counterpart?.flowId === flow.externalId);
    expect(miss(refusing)).toMatchObject({ constraint: "hazard", reason: "hazard class HP8 (corrosive) not accepted by the need (it accepts HP3, HP14)" });
    expect(miss(refusing)?.counterfactual).toMatch(/accepts hazard class HP8/);
    expect(miss(near)).toMatchObject({ constraint: "distance", reason: "74 km exceeds the need's maximum distance of 50 km" });
    // 1 t of acid makes 1.35 t of ammonium sulphate (matching/compatibility.json): 4,000 t/yr delivers 5,400.
    expect(miss(big)).toMatchObject({ constraint: "quantity", reason: "5,400 t/yr below the need's minimum of 10,000 t/yr" });
  });

  it("tells the refusing need the same from its side, and never relaxes its own maximum distance", async () => {
    const refused = await matchesOf(fb, refusing);
    expect(refused.matches.map((m) => m.counterpart.flowId)).not.toContain(acid.externalId);
    expect(refused.nearMisses.find((n) => n.counterpart?.flowId === acid.externalId)).toMatchObject({ constraint: "hazard" });
    const distant = await matchesOf(fc, near);
    expect(distant.matches).toEqual([]);
    expect(distant.nearMisses.find((n) => n.counterpart?.flowId === acid.externalId)?.reason).toBe("74 km exceeds the need's maximum distance of 50 km");
  });

  it("keeps the rules in the spatial index, and a PATCH that widens the need's maximum distance makes it a match", async () => {
    const row = await api.knex("flow_index").where("flow_id", "like", `%${near.externalId}`).first("accepted_hazard_classes", "max_distance_km", "min_annual_quantity");
    expect(row).toEqual({ accepted_hazard_classes: ["HP8"], max_distance_km: 50, min_annual_quantity: null });
    const patched = await api.request("patch", `${V1}/resource-flows/${near.externalId}`, { token: fc.token, body: { version: 1, maxDistanceKm: 80 } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.maxDistanceKm).toBe(80);
    expect((await matchesOf(fc, near)).matches.map((m) => m.counterpart.flowId)).toContain(acid.externalId);
  });

  it('reads hazardClass "none" as declared non-hazardous: the dilute acid matches a need that accepts no hazard class', async () => {
    const result = await matchesOf(fb, refusing);
    expect(result.matches.map((m) => m.counterpart.flowId)).toContain(dilute.externalId);
    const view = await api.request("get", `${V1}/resource-flows/${dilute.externalId}`, { token: dil.token });
    expect(view.body.dataQuality.gaps).not.toContain("quality");
  });
});
