/**
 * No oracle (issue 10, Deliver 6), swept over every route the API registers: for each route
 * with an id in its path, an outsider naming another organization's real record gets exactly
 * the answer — status, code, field and detail (with the id swapped) — that naming a record
 * which does not exist gets. Run as a user of another organization and as that
 * organization's API key with every scope. A route added later is swept too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpApi, type Actor, type HttpResponse, type RequestOptions, type TestApi } from "../helpers/http.ts";
import { aClusterProposal, aFlowAt, anOrganization, aSiteOf, aStoredMatch, aMandate, V1 } from "./fixtures.ts";
import { anEndpoint } from "../webhooks/fixtures.ts";
import { loadMunicipalities } from "../regions/fixtures.ts";

let api: TestApi;
let alice: Actor, carol: Actor, bob: Actor, fiona: Actor;
let bobKey: string;
/** Real ids of Alice's organization (and its proposal with Carol's), by path parameter. */
const real: Record<string, string> = {};
/**
 * An id of nothing with the shape of `id`: its last characters changed within their class
 * (hex stays hex), so a route's own id validation cannot tell the two apart either.
 */
function missingLike(id: string): string {
  const next = (ch: string) =>
    /[0-9]/.test(ch) ? String((Number(ch) + 3) % 10) : /[a-f]/.test(ch) ? "abcdef"[("abcdef".indexOf(ch) + 2) % 6]! : /[g-z]/.test(ch) ? "ghijklmnopqrstuvwxyz"[("ghijklmnopqrstuvwxyz".indexOf(ch) + 5) % 20]! : /[A-Z]/.test(ch) ? String.fromCharCode(((ch.charCodeAt(0) - 65 + 7) % 26) + 65) : ch;
  return id.slice(0, -6) + [...id.slice(-6)].map(next).join("");
}

/** Which record `:id` names depends on the path's first segment. */
const idOf = (path: string) => real[`id:${path.split("/")[1]}`]!;

/** A listing the services routes accept (region 9901 of the Kalundborg fixture). */
const A_SERVICE = { name: "Heat engineering", kind: "engineering", regions: ["9901"], expertise: ["waste_heat_low"], capacity: 2 };

/** A plausible body for each write, so that validation passes and the lookup is what answers. */
function bodyFor(method: string, path: string): unknown {
  if (method === "get" || method === "delete") return undefined;
  if (path.startsWith("/cluster-proposals/")) return { decision: "accepted" };
  if (path.endsWith("/decision")) return { decision: "interested" };
  if (path.endsWith("/status")) return { status: "accepted", version: 1 };
  if (path.endsWith("/deal")) return { to: "negotiating", version: 1 };
  if (path.endsWith("/members")) return { email: bob.email, role: "org_member" };
  if (path.endsWith("/api-keys")) return { name: "probe", scopes: ["flows:read"] };
  if (path.endsWith("/mandates")) return { facilitatorId: fiona.id, acts: ["interest"] };
  if (path.endsWith("/webhook-endpoints")) return { name: "probe" };
  if (path.includes("/emission-factors/")) return { value: 0.1, source: "probe", year: 2024 };
  if (path.includes("/services/")) return { ...A_SERVICE, version: 1 };
  if (path.includes("/alerts/")) return { name: "probe", metric: "co2_avoided_t", stage: "potential", windowDays: 7, comparison: "above", threshold: 10, channel: "in_app" };
  if (path.startsWith("/sites/")) return { name: "Renamed", version: 1 };
  if (path.startsWith("/resource-flows/")) return { precision: "estimated", version: 1 };
  if (path.startsWith("/organizations/")) return { name: "Renamed", version: 1 };
  return {};
}

function fill(path: string, ids: "real" | "missing"): { url: string; used: string[] } {
  const used: string[] = [];
  const url = path.replace(/:(\w+)/g, (_, name: string) => {
    const own = name === "id" ? idOf(path) : real[name]!;
    const value = ids === "missing" ? missingLike(own) : own;
    used.push(value);
    return encodeURIComponent(value);
  });
  return { url, used };
}

/** What an answer tells: everything but the ids it was asked about. */
function told(res: HttpResponse, ids: string[]): unknown {
  let text = JSON.stringify({ status: res.status, body: res.body });
  for (const [i, id] of ids.entries()) text = text.split(id).join(`<id${i}>`);
  return JSON.parse(text.replace(/"instance":"[^"]*"/, '"instance":"…"'));
}

beforeAll(async () => {
  api = await startHttpApi();
  [alice, carol, bob, fiona] = await Promise.all([api.actor("org_admin", [], "oracle-alice"), api.actor("org_admin", [], "oracle-carol"), api.actor("org_admin", [], "oracle-bob"), api.actor("facilitator", [], "oracle-fiona")]);
  const a = (await anOrganization(api, alice)).externalId;
  const c = (await anOrganization(api, carol)).externalId;
  const b = (await anOrganization(api, bob)).externalId;
  const site = (await aSiteOf(api, alice, a)).externalId;
  const heat = (await aFlowAt(api, alice, site, { direction: "offer" })).externalId;
  const need = (await aFlowAt(api, carol, (await aSiteOf(api, carol, c)).externalId, { direction: "need" })).externalId;
  const stored = await aStoredMatch(api, { supplyFlowId: heat, demandFlowId: need, supplyOrgId: a, demandOrgId: c });
  const proposal = await api.request("post", `${V1}/proposals`, { token: alice.token, body: { externalId: `oracle-prop-${Date.now()}`, matchId: stored, message: "Heat?" } });
  expect(proposal.status, JSON.stringify(proposal.body)).toBe(201);
  const upload = await api.request("post", `${V1}/imports?org=${a}`, {
    token: alice.token,
    headers: { "content-type": "text/csv" },
    body: "Latitude,Longitude,Direction,Resource type,Quantity,Unit\n56.1,10.2,need,steam,8000,MWh/yr\n",
  });
  expect(upload.status, JSON.stringify(upload.body)).toBe(202);
  const key = await api.request("post", `${V1}/organizations/${a}/api-keys`, { token: alice.token, body: { name: "erp", scopes: ["flows:read"] } });
  const alert = await api.request("post", `${V1}/organizations/${a}/alerts`, {
    token: alice.token,
    body: { name: "Potential over 10 t", metric: "co2_avoided_t", stage: "potential", windowDays: 7, comparison: "above", threshold: 10, channel: "in_app" },
  });
  expect(alert.status, JSON.stringify(alert.body)).toBe(201);
  const invitation = await api.request("post", `${V1}/organizations/${a}/invitations`, { token: alice.token, body: { email: "oracle-invitee@example.test", role: "org_member" } });
  expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
  await loadMunicipalities(api.stores.db.knex);
  const service = await api.request("post", `${V1}/organizations/${a}/services`, { token: alice.token, body: A_SERVICE });
  expect(service.status, JSON.stringify(service.body)).toBe(201);
  Object.assign(real, {
    "id:organizations": a,
    "id:sites": site,
    "id:resource-flows": heat,
    "id:proposals": proposal.body.id,
    "id:cluster-proposals": (await aClusterProposal(api, [{ orgId: a, flowId: heat }, { orgId: c, flowId: need }])).id,
    "id:matches": proposal.body.matchId,
    "id:imports": upload.body.id,
    matchId: proposal.body.matchId,
    keyId: key.body.id,
    mandateId: await aMandate(api, alice, a, fiona, ["interest"]),
    endpointId: (await anEndpoint(api, alice, a)).id,
    userId: alice.id,
    factorId: "grid:DK1",
    alertId: alert.body.id,
    invitationId: invitation.body.invitation.id,
    serviceId: service.body.id,
    // No firing exists yet: a well-formed id of none (foreign and missing must still agree).
    firingId: "7d1c3a52-8f0e-4b6a-9c2d-5e4f3a2b1c0d",
  });
  const bKey = await api.request("post", `${V1}/organizations/${b}/api-keys`, {
    token: bob.token,
    body: { name: "probe", scopes: ["flows:read", "flows:write", "matches:read", "proposals:read", "proposals:write"] },
  });
  expect(bKey.status, JSON.stringify(bKey.body)).toBe(201);
  bobKey = bKey.body.key;
});
afterAll(async () => api?.stop());

describe("a foreign id answers exactly as a missing one", () => {
  const callers = [
    ["a user of another organization", (o: RequestOptions) => Object.assign(o, { token: bob.token })],
    ["another organization's API key", (o: RequestOptions) => Object.assign(o, { apiKey: bobKey })],
  ] as const;

  for (const [who, as] of callers) {
    it(`on every route with an id in its path, for ${who}`, async () => {
      // The basemap's routes name reference data (fonts, atlas files), and the public civic
      // routes name regions (open data for anyone): no organization's record.
      const routes = api.registry.routes.filter((r) => r.path.includes(":") && !r.path.startsWith("/facilitator/") && !r.path.startsWith("/map/") && !r.path.startsWith("/public/"));
      expect(routes.length).toBeGreaterThan(25);
      const differences: unknown[] = [];
      for (const route of routes) {
        const body = bodyFor(route.method, route.path);
        const foreign = fill(route.path, "real");
        const absent = fill(route.path, "missing");
        const [f, m] = [
          await api.request(route.method, `${V1}${foreign.url}`, as(body === undefined ? {} : { body })),
          await api.request(route.method, `${V1}${absent.url}`, as(body === undefined ? {} : { body })),
        ];
        expect(f.status, `${route.method} ${route.path}: ${JSON.stringify(f.body)}`).toBeLessThan(500);
        if (JSON.stringify(told(f, foreign.used)) !== JSON.stringify(told(m, absent.used))) {
          differences.push({ route: `${route.method.toUpperCase()} ${route.path}`, foreign: told(f, foreign.used), missing: told(m, absent.used) });
        }
      }
      expect(differences).toEqual([]);
    });
  }
});

describe("a foreign id in a list filter answers exactly as a missing one", () => {
  // Every query parameter that names an organization's record, and the record it names.
  const filters: readonly [path: string, param: string, record: string][] = [
    ["/sites", "org", "id:organizations"],
    ["/resource-flows", "org", "id:organizations"],
    ["/resource-flows", "site", "id:sites"],
    ["/proposals", "from_org", "id:organizations"],
    ["/proposals", "to_org", "id:organizations"],
    ["/audit", "org", "id:organizations"],
    ["/coding/corrections", "org", "id:organizations"],
  ];

  it("for a user and for an API key of another organization", async () => {
    const differences: unknown[] = [];
    for (const credentials of [{ token: bob.token }, { apiKey: bobKey }]) {
      for (const [path, param, record] of filters) {
        const own = real[record]!;
        const absent = missingLike(own);
        const f = await api.request("get", `${V1}${path}?${param}=${encodeURIComponent(own)}`, credentials);
        const m = await api.request("get", `${V1}${path}?${param}=${encodeURIComponent(absent)}`, credentials);
        expect(f.status, `${path}?${param}: ${JSON.stringify(f.body)}`).toBeLessThan(500);
        if (JSON.stringify(told(f, [own])) !== JSON.stringify(told(m, [absent]))) differences.push({ filter: `${path}?${param}`, foreign: told(f, [own]), missing: told(m, [absent]) });
      }
    }
    expect(differences).toEqual([]);
  });
});
