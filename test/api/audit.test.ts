/**
 * GET /audit (issue 10, Deliver 9): logins, failed logins, API-key creation and revocation
 * are in the log; an org_admin reads their own organization's entries only, an admin all,
 * everyone else is refused; filters by actor, action and time; cursor pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { anOrganization, V1 } from "./fixtures.ts";

let api: TestApi;
let dairyAdmin: Actor, breweryAdmin: Actor, dairyStaff: Actor, admin: Actor, facilitator: Actor;
let dairy: string, brewery: string;
let keyId: string;
let startedAt: string;

const audit = (token: string, query = "") => api.request("get", `${V1}/audit${query}`, { token });

beforeAll(async () => {
  api = await startHttpApi();
  startedAt = new Date(Date.now() - 1000).toISOString();
  dairyAdmin = await api.actor("org_admin", [], "audit-dairy");
  breweryAdmin = await api.actor("org_admin", [], "audit-brewery");
  dairy = (await anOrganization(api, dairyAdmin)).externalId;
  brewery = (await anOrganization(api, breweryAdmin)).externalId;
  dairyStaff = await api.actor("org_member", [dairy], "audit-staff");
  admin = await api.actor("admin", [], "audit-admin");
  facilitator = await api.actor("facilitator", [], "audit-facilitator");
  // Dairy: a login, a failed login, a key created and revoked. Brewery: a failed login.
  await api.login(dairyStaff.email, dairyStaff.password);
  expect((await api.request("post", `${V1}/auth/login`, { body: { email: dairyStaff.email, password: "wrong" } })).status).toBe(401);
  expect((await api.request("post", `${V1}/auth/login`, { body: { email: breweryAdmin.email, password: "wrong" } })).status).toBe(401);
  const key = await api.request("post", `${V1}/organizations/${dairy}/api-keys`, { token: dairyAdmin.token, body: { name: "erp", scopes: ["flows:read"] } });
  keyId = key.body.id;
  expect((await api.request("delete", `${V1}/organizations/${dairy}/api-keys/${keyId}`, { token: dairyAdmin.token })).status).toBe(204);
});
afterAll(async () => api?.stop());

describe("the audit log API", () => {
  it("an org_admin reads their organization's logins, failed logins and key changes, and nothing of another organization", async () => {
    const res = await audit(dairyAdmin.token, "?limit=500");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const items = res.body.items as { actor: string; action: string; orgId: string; entityId: string; payload: any }[];
    expect(new Set(items.map((e) => e.orgId))).toEqual(new Set([dairy]));
    const actions = items.map((e) => e.action);
    for (const action of ["auth.login", "auth.login_failed", "api_key.created", "api_key.revoked"]) expect(actions).toContain(action);
    expect(items.find((e) => e.action === "auth.login_failed")).toMatchObject({ actor: "anonymous", entityId: dairyStaff.id, payload: { email: dairyStaff.email } });
    expect(items.find((e) => e.action === "api_key.revoked")).toMatchObject({ actor: dairyAdmin.id, entityId: keyId });
    expect(JSON.stringify(items)).not.toContain(brewery);
    expect(JSON.stringify(items)).not.toContain(breweryAdmin.id);
  });

  it("naming another organization answers as a missing one; an admin reads it", async () => {
    const foreign = await audit(dairyAdmin.token, `?org=${brewery}`);
    const missing = await audit(dairyAdmin.token, "?org=no-such-org");
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.title).toBe(missing.body.title);
    const asAdmin = await audit(admin.token, `?org=${brewery}&action=auth.login_failed`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.items.map((e: { entityId: string }) => e.entityId)).toContain(breweryAdmin.id);
  });

  it("an admin reads every organization's entries", async () => {
    const res = await audit(admin.token, `?action=auth.login_failed&from=${encodeURIComponent(startedAt)}&limit=500`);
    const orgs = new Set(res.body.items.map((e: { orgId: string }) => e.orgId));
    expect(orgs.has(dairy) && orgs.has(brewery)).toBe(true);
  });

  it("members, facilitators and API keys are refused with 403", async () => {
    for (const token of [dairyStaff.token, facilitator.token]) {
      const res = await audit(token);
      expect(res.status).toBe(403);
      expect(problemOf(res).code).toBe("FORBIDDEN");
    }
    const key = await api.request("post", `${V1}/organizations/${dairy}/api-keys`, { token: dairyAdmin.token, body: { name: "all", scopes: ["flows:read", "matches:read", "proposals:read"] } });
    expect((await api.request("get", `${V1}/audit`, { apiKey: key.body.key })).status).toBe(403);
    expect((await api.request("get", `${V1}/audit`)).status).toBe(401);
  });

  it("filters by actor, action and time", async () => {
    const byActor = await audit(dairyAdmin.token, `?actor=${dairyAdmin.id}`);
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(new Set(byActor.body.items.map((e: { actor: string }) => e.actor))).toEqual(new Set([dairyAdmin.id]));
    const created = await audit(dairyAdmin.token, "?action=api_key.created");
    expect(created.body.items.map((e: { action: string }) => e.action)).toEqual(created.body.items.map(() => "api_key.created"));
    expect(created.body.items.length).toBeGreaterThanOrEqual(1);
    const future = await audit(dairyAdmin.token, `?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
    const past = await audit(dairyAdmin.token, `?to=${encodeURIComponent(startedAt)}`);
    expect(past.body.items).toEqual([]);
    const bad = await audit(dairyAdmin.token, "?from=yesterday");
    expect(bad.status).toBe(400);
    expect(problemOf(bad).field).toBe("query.from");
  });

  it("an organization's log shows its imports and every facilitator's read of its identity", async () => {
    const csv = "Latitude,Longitude,Direction,Resource type,Quantity,Unit\n56.1,10.2,need,steam,8000,MWh/yr\n";
    const upload = await api.request("post", `${V1}/imports?org=${dairy}`, { token: dairyAdmin.token, headers: { "content-type": "text/csv" }, body: csv });
    expect(upload.status, JSON.stringify(upload.body)).toBe(202);
    expect((await api.request("get", `${V1}/organizations/${dairy}/matching/direct`, { token: facilitator.token })).status).toBe(200);

    const items = (await audit(dairyAdmin.token, "?limit=500")).body.items as { actor: string; action: string; entityId: string; payload: any }[];

    expect(items.find((e) => e.action === "import.submitted")).toMatchObject({ actor: dairyAdmin.id, entityId: upload.body.id, payload: { format: "csv" } });
    expect(items.find((e) => e.action === "identity.read")).toMatchObject({ actor: facilitator.id, entityId: dairy, payload: { surface: "organization-matches" } });
  });

  it("pages newest first by cursor, every entry once", async () => {
    const all = (await audit(dairyAdmin.token, "?limit=500")).body.items.map((e: { id: string }) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await audit(dairyAdmin.token, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
    expect((await audit(dairyAdmin.token, "?cursor=garbage")).status).toBe(400);
  });
});
