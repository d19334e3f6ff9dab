import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetStores } from "../helpers/stores.ts";
import { startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { anOrganization, join, V1 } from "./fixtures.ts";

describe("GET /organizations/:id/suggested-flows", () => {
  let api: TestApi;
  let founder: Actor, colleague: Actor, outsider: Actor;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [founder, colleague, outsider] = await Promise.all([
      api.actor("org_member", [], "smelter-founder"),
      api.actor("org_member", [], "smelter-colleague"),
      api.actor("org_admin", [], "outsider"),
    ]);
  });
  afterAll(async () => api?.stop());

  it("suggests what a plant of the organization's NACE class offers and needs, with quantity ranges and sources", async () => {
    const org = await anOrganization(api, founder, { name: "Nordic Alumina", naceCode: "24.42" });
    await join(api, colleague, org.externalId);

    const res = await api.request("get", `${V1}/organizations/${org.externalId}/suggested-flows`, { token: colleague.token });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ organizationId: org.externalId, naceCode: "24.42", matchedOn: "class" });
    const red = res.body.items.find((i: { resourceType: string }) => i.resourceType === "bauxite_residue");
    expect(red).toMatchObject({ direction: "offer", label: "Bauxite residue (red mud)", typicalAnnual: { unit: "t/yr" }, nace: "24.42" });
    expect(red.typicalAnnual.low).toBeLessThan(red.typicalAnnual.high);
    expect(red.source).toMatch(/Hydrometallurgy/);
    for (const item of res.body.items) expect(item.source.length).toBeGreaterThan(10);
  });

  it("falls back to the NACE division and says so", async () => {
    const org = await anOrganization(api, founder, { name: "Small Cheese Maker", naceCode: "10.89" });
    const res = await api.request("get", `${V1}/organizations/${org.externalId}/suggested-flows`, { token: founder.token });
    expect(res.status).toBe(200);
    expect(res.body.matchedOn).toBe("division");
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it("answers someone else's organization like a missing one", async () => {
    const org = await anOrganization(api, founder, { name: "Quiet Smelter", naceCode: "24.43", disclosure: "public" });
    const foreign = await api.request("get", `${V1}/organizations/${org.externalId}/suggested-flows`, { token: outsider.token });
    const missing = await api.request("get", `${V1}/organizations/no-such-org/suggested-flows`, { token: outsider.token });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.code).toBe(missing.body.code);
    expect(JSON.stringify(foreign.body)).not.toContain("Quiet Smelter");
  });
});
