import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Business } from "../../domain/schemas/business.ts";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import type { Site } from "../../domain/schemas/site.ts";
import { aFlow, aSite } from "../helpers/builders.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, startHttpApi, type Actor, type Credentials, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, aStoredMatch, join, V1 } from "./fixtures.ts";

/** Words that appear only in Bornholm's private data: no response to Aarhus may contain them. */
const SECRET_SITE = "Hidden Furnace Hall";
const SECRET_FLOW = "Confidential slag chemistry";
const SECRET_CONTACT = "private-ceo@bornholm.example";

describe("tenant isolation: Aarhus can neither read nor change Bornholm's private data through any route", () => {
  let api: TestApi;
  let ada: Actor, amy: Actor, bea: Actor, cleo: Actor;
  let aarhus: string, bornholmOrg: Business, copenhagen: string;
  let aSiteOfAarhus: Site, aOffer: ResourceFlow, cNeed: ResourceFlow, bSite: Site, bFlow: ResourceFlow, bKeyId: string, bProposal: string;
  let callers: [string, Credentials][];

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [ada, amy, bea, cleo] = await actorsOf(api, [["org_admin", "ada"], ["org_member", "amy"], ["org_admin", "bea"], ["org_admin", "cleo"]]);
    aarhus = (await anOrganization(api, ada, { name: "Aarhus Foods" })).externalId;
    await join(api, amy, aarhus);
    bornholmOrg = await anOrganization(api, bea, { name: "Bornholm Steel", contact: { name: "CEO", email: SECRET_CONTACT } });
    copenhagen = (await anOrganization(api, cleo, { name: "Copenhagen Heat" })).externalId;

    aSiteOfAarhus = await aSiteOf(api, ada, aarhus);
    aOffer = await aFlowAt(api, ada, aSiteOfAarhus.externalId, { direction: "offer" });
    bSite = await aSiteOf(api, bea, bornholmOrg.externalId, { name: SECRET_SITE, lat: 55.1, lon: 14.9 });
    bFlow = await aFlowAt(api, bea, bSite.externalId, { direction: "offer", description: SECRET_FLOW });
    const cSite = await aSiteOf(api, cleo, copenhagen);
    cNeed = await aFlowAt(api, cleo, cSite.externalId, { direction: "need" });
    bProposal = `prop-b-to-c-${Date.now()}`;
    const bMatch = await aStoredMatch(api, { supplyFlowId: bFlow.externalId, demandFlowId: cNeed.externalId, supplyOrgId: bornholmOrg.externalId, demandOrgId: copenhagen });
    const proposal = await api.request("post", `${V1}/proposals`, {
      token: bea.token,
      body: { externalId: bProposal, matchId: bMatch, message: SECRET_FLOW },
    });
    expect(proposal.status).toBe(201);
    bKeyId = (await api.request("post", `${V1}/organizations/${bornholmOrg.externalId}/api-keys`, { token: bea.token, body: { name: "Bornholm ERP", scopes: ["flows:read"] } })).body.id;
    const aKey = await api.request("post", `${V1}/organizations/${aarhus}/api-keys`, {
      token: ada.token,
      body: { name: "Aarhus ERP", scopes: ["flows:read", "flows:write", "proposals:read", "proposals:write", "matches:read"] },
    });
    callers = [
      ["Aarhus's org_admin", { token: ada.token }],
      ["Aarhus's org_member", { token: amy.token }],
      ["Aarhus's API key", { apiKey: aKey.body.key }],
    ];
  });
  afterAll(async () => api?.stop());

  const b = () => bornholmOrg.externalId;
  const noSecrets = (what: string, body: unknown) => {
    const text = JSON.stringify(body);
    for (const secret of [SECRET_SITE, SECRET_FLOW, SECRET_CONTACT]) expect(text, `${what} leaked "${secret}"`).not.toContain(secret);
  };

  it("direct reads of Bornholm's site, flow and proposal are 404: for Aarhus they do not exist", async () => {
    for (const [who, credentials] of callers) {
      for (const path of [`${V1}/sites/${bSite.externalId}`, `${V1}/resource-flows/${bFlow.externalId}`, `${V1}/proposals/${bProposal}`]) {
        const res = await api.request("get", path, credentials);
        expect(res.status, `${who} GET ${path}`).toBe(404);
        noSecrets(`${who} GET ${path}`, res.body);
      }
    }
  });

  it("lists never show Bornholm's sites, flows or proposals, whatever the filter", async () => {
    const lists = [
      `${V1}/sites?limit=500`,
      `${V1}/sites?org=${b()}`,
      `${V1}/sites?bbox=14,54,16,56`,
      `${V1}/resource-flows?limit=500`,
      `${V1}/resource-flows?org=${b()}`,
      `${V1}/resource-flows?site=${bSite.externalId}`,
      `${V1}/resource-flows?bbox=14,54,16,56&direction=offer`,
      `${V1}/proposals?limit=500`,
      `${V1}/proposals?from_org=${b()}`,
      `${V1}/proposals?to_org=${copenhagen}`,
      `${V1}/organizations?limit=500`,
    ];
    for (const [who, credentials] of callers) {
      for (const path of lists) {
        const res = await api.request("get", path, credentials);
        expect(res.status, `${who} GET ${path}`).toBe(200);
        for (const item of res.body.items) {
          expect([item.orgId, item.fromOrg, item.toOrg, item.id], `${who} GET ${path}`).not.toContain(b());
        }
        noSecrets(`${who} GET ${path}`, res.body);
      }
    }
  });

  it("Bornholm's organization (confidential) answers as a missing one; its keys are out of reach", async () => {
    for (const [who, credentials] of callers) {
      const profile = await api.request("get", `${V1}/organizations/${b()}`, credentials);
      const missing = await api.request("get", `${V1}/organizations/no-such-org`, credentials);
      expect([profile.status, missing.status], who).toEqual([404, 404]);
      expect(profile.body.detail.replace(b(), "<id>")).toBe(missing.body.detail.replace("no-such-org", "<id>"));
      noSecrets(who, profile.body);
      const keys = await api.request("get", `${V1}/organizations/${b()}/api-keys`, credentials);
      expect(keys.status, who).toBe(403);
      noSecrets(who, keys.body);
      const memberships = await api.request("get", `${V1}/users/me/organizations`, credentials);
      expect(memberships.body.items.map((m: { orgId: string }) => m.orgId), who).toEqual([aarhus]);
    }
  });

  it("every change to Bornholm's data is refused (404 for private records, 403 for the organization), and nothing changes", async () => {
    const attempts: [string, string, unknown, number[]][] = [
      ["patch", `${V1}/sites/${bSite.externalId}`, { version: 1, name: "Taken" }, [404]],
      ["delete", `${V1}/sites/${bSite.externalId}`, undefined, [404]],
      ["delete", `${V1}/sites/${bSite.externalId}?version=1`, undefined, [404]],
      ["patch", `${V1}/resource-flows/${bFlow.externalId}`, { version: 1, quantity: { value: 1, unit: "MWh/yr" } }, [404]],
      ["delete", `${V1}/resource-flows/${bFlow.externalId}`, undefined, [404]],
      ["post", `${V1}/proposals/${bProposal}/status`, { status: "accepted", version: 1 }, [404]],
      ["post", `${V1}/proposals/${bProposal}/status`, { status: "withdrawn", version: 1 }, [404]],
      ["post", `${V1}/proposals/${bProposal}/deal`, { to: "negotiating", version: 1 }, [404]],
      // 403 only by role (the same for any id), else 404 as for a missing organization.
      ["patch", `${V1}/organizations/${b()}`, { version: 1, name: "Taken" }, [404, 403]],
      ["post", `${V1}/organizations/${b()}/api-keys`, { name: "mine", scopes: ["flows:read"] }, [404, 403]],
      ["delete", `${V1}/organizations/${b()}/api-keys/${bKeyId}`, undefined, [403]],
      ["delete", `${V1}/organizations/AARHUS/api-keys/${bKeyId}`, undefined, [404, 403]], // Bornholm's key through Aarhus's own path
      // creating things on Bornholm's behalf, or under its ids
      ["post", `${V1}/sites`, aSite("BORNHOLM"), [403]],
      ["post", `${V1}/resource-flows`, aFlow(bSite.externalId), [404]],
      ["post", `${V1}/organizations`, "BORNHOLM-REGISTRATION", [409, 403]],
      // Bornholm's flow and Copenhagen's need are confidential: for Aarhus they do not exist.
      ["post", `${V1}/proposals`, { externalId: "hijack", supplyFlowId: bFlow.externalId, demandFlowId: "COPENHAGEN-NEED", fromOrg: "BORNHOLM", toOrg: copenhagen, message: "on their behalf" }, [404]],
      ["post", `${V1}/proposals`, { externalId: bProposal, supplyFlowId: "AARHUS-OFFER", demandFlowId: "COPENHAGEN-NEED", fromOrg: "AARHUS", toOrg: copenhagen, message: "same id" }, [404]],
    ];
    const resolve = (value: unknown): unknown => {
      if (value === "BORNHOLM") return b();
      if (value === "AARHUS") return aarhus;
      if (value === "AARHUS-SITE") return aSiteOfAarhus.externalId;
      if (value === "AARHUS-OFFER") return aOffer.externalId;
      if (value === "COPENHAGEN-NEED") return cNeed.externalId;
      if (value === "BORNHOLM-REGISTRATION") return bornholmOrg;
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      return value;
    };
    for (const [who, credentials] of callers) {
      for (const [method, rawPath, body, statuses] of attempts) {
        const path = rawPath.replace("/AARHUS/", `/${aarhus}/`);
        const res = await api.request(method, path, { ...credentials, ...(body === undefined ? {} : { body: resolve(body) }) });
        expect(statuses, `${who} ${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
        noSecrets(`${who} ${method} ${path}`, res.body);
      }
    }

    // Bornholm sees its data exactly as it left it
    const site = await api.request("get", `${V1}/sites/${bSite.externalId}`, { token: bea.token });
    const flow = await api.request("get", `${V1}/resource-flows/${bFlow.externalId}`, { token: bea.token });
    const proposal = await api.request("get", `${V1}/proposals/${bProposal}`, { token: bea.token });
    const org = await api.request("get", `${V1}/organizations/${b()}`, { token: bea.token });
    const keys = await api.request("get", `${V1}/organizations/${b()}/api-keys`, { token: bea.token });
    expect(site.body).toMatchObject({ name: SECRET_SITE, orgId: b(), version: 1 });
    expect(flow.body).toMatchObject({ description: SECRET_FLOW, orgId: b(), version: 1, quantity: bFlow.quantity });
    expect(proposal.body).toMatchObject({ status: "pending", version: 1, deal: { state: "suggested" } });
    expect(org.body).toMatchObject({ name: "Bornholm Steel", version: 1, contact: { email: SECRET_CONTACT } });
    expect(keys.body.items).toEqual([expect.objectContaining({ id: bKeyId, revokedAt: null })]);
    expect(await api.knex("memberships").where({ org_id: b() }).pluck("user_id")).toEqual([bea.id]);
    const indexed = await api.knex("flow_index").where({ flow_id: bFlow.externalId }).first();
    expect(indexed).toMatchObject({ org_id: b(), version: 1 });
  });

  it("an id Bornholm holds is as free for Aarhus as an unused one: Aarhus gets its own record under it, and neither sees the other's", async () => {
    const create = async (kind: "sites" | "resource-flows", body: Site | ResourceFlow) => {
      const res = await api.request("post", `${V1}/${kind}`, { token: ada.token, body });
      return { status: res.status, id: res.body.id, location: res.headers.get("location") };
    };
    const takenSite = { ...aSite(aarhus, { name: "Aarhus annex" }), externalId: bSite.externalId };
    const freeSite = aSite(aarhus, { name: "Aarhus second annex" });
    const [taken, free] = [await create("sites", takenSite), await create("sites", freeSite)];
    expect(taken).toEqual({ status: 201, id: bSite.externalId, location: `${V1}/sites/${bSite.externalId}` });
    expect(free).toEqual({ status: 201, id: freeSite.externalId, location: `${V1}/sites/${freeSite.externalId}` });

    const takenFlow = { ...aFlow(bSite.externalId, { direction: "need", description: "Aarhus heat need" }), externalId: bFlow.externalId };
    const freeFlow = aFlow(freeSite.externalId, { direction: "need" });
    expect((await create("resource-flows", takenFlow)).status).toBe(201);
    expect((await create("resource-flows", freeFlow)).status).toBe(201);
    // the same body again is a replay, as for any record of one's own
    expect((await create("resource-flows", takenFlow)).status).toBe(200);

    for (const [who, credentials] of callers) {
      const site = await api.request("get", `${V1}/sites/${bSite.externalId}`, credentials);
      expect(site.body, who).toMatchObject({ id: bSite.externalId, orgId: aarhus, name: "Aarhus annex" });
      const flow = await api.request("get", `${V1}/resource-flows/${bFlow.externalId}`, credentials);
      expect(flow.body, who).toMatchObject({ id: bFlow.externalId, siteId: bSite.externalId, orgId: aarhus, description: "Aarhus heat need" });
      const atSite = await api.request("get", `${V1}/resource-flows?site=${bSite.externalId}`, credentials);
      expect(atSite.body.items.map((f: { id: string }) => f.id), who).toEqual([bFlow.externalId]);
      const matches = await api.request("get", `${V1}/resource-flows/${bFlow.externalId}/matches`, credentials);
      expect([matches.status, matches.body.flowId], who).toEqual([200, bFlow.externalId]);
      noSecrets(who, [site.body, flow.body, atSite.body, matches.body]);
    }
    // Bornholm still sees only its own records under those ids
    const theirSite = await api.request("get", `${V1}/sites/${bSite.externalId}`, { token: bea.token });
    const theirFlow = await api.request("get", `${V1}/resource-flows/${bFlow.externalId}`, { token: bea.token });
    expect(theirSite.body).toMatchObject({ id: bSite.externalId, orgId: b(), name: SECRET_SITE });
    expect(theirFlow.body).toMatchObject({ id: bFlow.externalId, orgId: b(), description: SECRET_FLOW });
    // Aarhus's changes and deletes reach its own record only
    const renamed = await api.request("patch", `${V1}/sites/${bSite.externalId}`, { token: ada.token, body: { version: 1, name: "Aarhus annex, renamed" } });
    expect([renamed.status, renamed.body.name], JSON.stringify(renamed.body)).toEqual([200, "Aarhus annex, renamed"]);
    expect((await api.request("delete", `${V1}/resource-flows/${bFlow.externalId}?version=1`, { token: ada.token })).status).toBe(204);
    expect((await api.request("get", `${V1}/resource-flows/${bFlow.externalId}`, { token: ada.token })).status).toBe(404);
    expect((await api.request("get", `${V1}/resource-flows/${bFlow.externalId}`, { token: bea.token })).body).toMatchObject({ orgId: b(), version: 1 });
    expect((await api.request("get", `${V1}/sites/${bSite.externalId}`, { token: bea.token })).body).toMatchObject({ name: SECRET_SITE, version: 1 });
  });
});
