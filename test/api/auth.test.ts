import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAccessToken } from "../../api/auth/tokens.ts";
import { ROLES, type Role } from "../../ledgers/accounts.ts";
import type { AnyRouteSpec } from "../../api/http/define-route.ts";
import { resetStores } from "../helpers/stores.ts";
import { fieldsOf, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { anOrganization, V1 } from "./fixtures.ts";

/** A concrete path for a route declaration (placeholder ids; policy runs before validation). */
const concrete = (route: AnyRouteSpec) =>
  `${V1}${route.path.replace(":keyId", "00000000-0000-4000-8000-000000000000").replace(/:(\w+)/g, "x-$1")}`;

describe("logging in and who am I", () => {
  let api: TestApi;
  let orgId: string;
  let admin: Actor;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    admin = await api.actor("org_admin", [], "founder");
    orgId = (await anOrganization(api, admin, { name: "Kalundborg Refinery" })).externalId;
  });
  afterAll(async () => api?.stop());

  it("a user logs in with e-mail and password and gets a bearer token that names them", async () => {
    const res = await api.request("post", `${V1}/auth/login`, { body: { email: admin.email.toUpperCase(), password: admin.password } });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: "Bearer", user: { id: admin.id, email: admin.email, role: "org_admin" } });
    expect(res.body.expiresIn).toBeGreaterThan(0);
    const me = await api.request("get", `${V1}/users/me`, { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: "user", id: admin.id, role: "org_admin", email: admin.email, organizations: [{ orgId, role: "org_admin" }] });
  });

  it("lists the caller's organizations by name with the caller's role in each", async () => {
    const res = await api.request("get", `${V1}/users/me/organizations`, { token: admin.token });

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ orgId, name: "Kalundborg Refinery", role: "org_admin" }]);
  });

  it("a wrong password and an unknown e-mail get the same 401, saying nothing about which", async () => {
    const wrong = await api.request("post", `${V1}/auth/login`, { body: { email: admin.email, password: "not-the-password" } });
    const unknown = await api.request("post", `${V1}/auth/login`, { body: { email: "nobody@example.test", password: "whatever" } });

    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(problemOf(res)).toMatchObject({ code: "UNAUTHENTICATED" });
      expect(res.body.accessToken).toBeUndefined();
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it("bad login bodies are 400 problems naming the field", async () => {
    const notEmail = await api.request("post", `${V1}/auth/login`, { body: { email: "ida-at-example", password: "x" } });
    const noPassword = await api.request("post", `${V1}/auth/login`, { body: { email: admin.email } });
    const malformed = await api.request("post", `${V1}/auth/login`, { body: '{"email": "a@b.c", "password": ' });

    expect([notEmail.status, noPassword.status, malformed.status]).toEqual([400, 400, 400]);
    expect(fieldsOf(notEmail)).toEqual(["body.email"]);
    expect(fieldsOf(noPassword)).toEqual(["body.password"]);
    expect(problemOf(malformed)).toMatchObject({ code: "BAD_REQUEST", field: "body" });
  });

  it("a forged, garbled or disabled user's token is refused with 401", async () => {
    const forged = signAccessToken({ sub: admin.id, role: "admin", sid: "00000000-0000-4000-8000-000000000000" }, "another-secret-another-secret-0123456789", 600);
    const member = await api.actor("org_member", [orgId]);
    await api.knex("users").where({ id: member.id }).update({ disabled: true });

    for (const token of [forged, "not.a.jwt", member.token]) {
      const res = await api.request("get", `${V1}/users/me`, { token });
      expect(res.status, token).toBe(401);
      expect(problemOf(res).code).toBe("UNAUTHENTICATED");
    }
    const login = await api.request("post", `${V1}/auth/login`, { body: { email: member.email, password: member.password } });
    expect(login.status).toBe(401);
  });

  it("the resource taxonomy is reference data for any caller, with the units each type accepts", async () => {
    const res = await api.request("get", `${V1}/resource-types`, { token: admin.token });

    expect(res.status).toBe(200);
    const heat = res.body.items.find((t: { id: string }) => t.id === "waste_heat_low");
    expect(heat.acceptedUnits).toContain("MWh/yr");
    expect(heat.acceptedUnits).not.toContain("t/yr");
    expect((await api.request("get", `${V1}/resource-types`)).status).toBe(401);
  });
});

describe("every route's policy", () => {
  let api: TestApi;
  const actors = new Map<Role, Actor>();
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    await Promise.all(ROLES.map(async (role) => actors.set(role, await api.actor(role))));
  });
  afterAll(async () => api?.stop());

  it("every route but login answers 401 problem+json without credentials", async () => {
    const routes = api.registry.routes.filter((r) => !("public" in r.policy));
    expect(routes.length).toBeGreaterThanOrEqual(23);

    for (const route of routes) {
      const res = await api.request(route.method, concrete(route), route.method === "get" || route.method === "delete" ? {} : { body: {} });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(problemOf(res).code).toBe("UNAUTHENTICATED");
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("every route refuses each role outside its policy with 403, before looking at the input", async () => {
    let refusals = 0;
    for (const route of api.registry.routes) {
      if ("public" in route.policy) continue;
      for (const role of ROLES.filter((r) => !(route.policy as { roles: readonly Role[] }).roles.includes(r))) {
        const res = await api.request(route.method, concrete(route), { token: actors.get(role)!.token, ...(route.method === "get" || route.method === "delete" ? {} : { body: {} }) });
        expect(res.status, `${role} ${route.method} ${route.path}`).toBe(403);
        expect(problemOf(res).code).toBe("FORBIDDEN");
        refusals++;
      }
    }
    // facilitators may not write sites or flows; org members and partners may not administer organizations
    expect(refusals).toBeGreaterThanOrEqual(15);
  });

  it("an API key reaches only the routes its scopes name", async () => {
    const admin = actors.get("org_admin")!;
    const org = await anOrganization(api, admin);
    const created = await api.request("post", `${V1}/organizations/${org.externalId}/api-keys`, { token: admin.token, body: { name: "matches only", scopes: ["matches:read"] } });
    expect(created.status).toBe(201);

    for (const route of api.registry.routes) {
      if ("public" in route.policy) continue;
      const policy = route.policy as { roles: readonly Role[]; scope?: string };
      const refused = !policy.roles.includes("partner") || (policy.scope !== undefined && policy.scope !== "matches:read");
      if (!refused) continue;
      const res = await api.request(route.method, concrete(route), { apiKey: created.body.key, ...(route.method === "get" || route.method === "delete" ? {} : { body: {} }) });
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
    }
    const me = await api.request("get", `${V1}/users/me`, { apiKey: created.body.key });
    expect(me.body).toMatchObject({ kind: "api_key", role: "partner", scopes: ["matches:read"], organizations: [{ orgId: org.externalId }] });
  });
});
