import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aBusiness, aSite } from "../helpers/builders.ts";
import { resetStores } from "../helpers/stores.ts";
import { fieldsOf, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { anOrganization, join, V1 } from "./fixtures.ts";

describe("/organizations", () => {
  let api: TestApi;
  // alice and bob administer organizations of their own; mia is a plain member; root runs the platform
  let alice: Actor, bob: Actor, mia: Actor, root: Actor;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [alice, bob, mia, root] = await Promise.all([api.actor("org_admin", [], "alice"), api.actor("org_admin", [], "bob"), api.actor("org_member", [], "mia"), api.actor("admin", [], "root")]);
  });
  afterAll(async () => api?.stop());

  it("registering an organization makes the caller its org_admin; members see the contact, others the public profile of a public one", async () => {
    const founder = await api.actor("org_member", [], "founder");
    const org = aBusiness({ name: "Aalborg Portland", naceCode: "23.51", contact: { name: "Søren", email: "soren@example.test" }, disclosure: "public" });

    const created = await api.request("post", `${V1}/organizations`, { token: founder.token, body: org });

    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${V1}/organizations/${org.externalId}`);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.body).toMatchObject({ id: org.externalId, name: "Aalborg Portland", naceCode: "23.51", contact: { email: "soren@example.test" }, version: 1 });
    const mine = await api.request("get", `${V1}/users/me/organizations`, { token: founder.token });
    expect(mine.body.items).toEqual([{ orgId: org.externalId, name: "Aalborg Portland", role: "org_admin" }]);

    await anOrganization(api, bob);
    const publicView = await api.request("get", `${V1}/organizations/${org.externalId}`, { token: bob.token });
    expect(publicView.status).toBe(200);
    expect(publicView.body).toMatchObject({ id: org.externalId, name: "Aalborg Portland", contact: null, disclosure: "public" });
    // A confidential organization (the default) does not exist for others.
    const hidden = await anOrganization(api, founder, { name: "Quiet Cement" });
    const hiddenView = await api.request("get", `${V1}/organizations/${hidden.externalId}`, { token: bob.token });
    const missing = await api.request("get", `${V1}/organizations/no-such-org`, { token: bob.token });
    expect([hiddenView.status, missing.status]).toEqual([404, 404]);
    expect(JSON.stringify(hiddenView.body)).not.toContain("Quiet Cement");
    const memberView = await api.request("get", `${V1}/organizations/${org.externalId}`, { token: founder.token });
    expect(memberView.body.contact).toEqual({ name: "Søren", email: "soren@example.test" });
    expect(memberView.headers.get("etag")).toBe('"1"');
  });

  it("replaying the same registration changes nothing; another body under a taken id is 409", async () => {
    const admin = alice;
    const org = await anOrganization(api, admin);

    const replay = await api.request("post", `${V1}/organizations`, { token: admin.token, body: org });
    const clash = await api.request("post", `${V1}/organizations`, { token: admin.token, body: { ...org, name: "Someone Else ApS" } });

    expect(replay.status).toBe(200);
    expect(replay.body.version).toBe(1);
    expect(clash.status).toBe(409);
    expect(problemOf(clash).code).toBe("ALREADY_EXISTS");
    expect((await api.request("get", `${V1}/organizations/${org.externalId}`, { token: admin.token })).body).toMatchObject({ name: org.name, version: 1 });
  });

  it("when two users register the same id at once, one owns it and the other's profile is not written over it", async () => {
    const org = aBusiness();

    const results = await Promise.all([alice, bob].map((founder) => api.request("post", `${V1}/organizations`, { token: founder.token, body: { ...org, name: `${founder.email} Ltd` } })));

    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = results.find((r) => r.status === 201)!.body;
    const owners = await api.knex("memberships").where({ org_id: org.externalId }).pluck("user_id");
    expect(owners).toHaveLength(1);
    const stored = await api.request("get", `${V1}/organizations/${org.externalId}`, { token: root.token });
    expect(stored.body).toMatchObject({ name: winner.name, version: 1 });
  });

  it("bad registrations are 400 problems naming each field", async () => {
    const user = mia;
    const cases: [unknown, string[]][] = [
      [{ ...aBusiness(), naceCode: "99.99.99" }, ["body.naceCode"]],
      [{ ...aBusiness(), name: "  " }, ["body.name"]],
      [{ ...aBusiness(), size: "huge" }, ["body.size"]],
      [{ ...aBusiness(), contact: { name: "Ida", email: "not-mail" } }, ["body.contact.email"]],
      [{ ...aBusiness(), externalId: "has spaces" }, ["body.externalId"]],
      [{ name: "No Id", naceCode: "10.51" }, ["body.externalId"]],
    ];
    for (const [body, fields] of cases) {
      const res = await api.request("post", `${V1}/organizations`, { token: user.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res)).toEqual(fields);
    }
    const badId = await api.request("get", `${V1}/organizations/${encodeURIComponent("no such!")}`, { token: user.token });
    expect(badId.status).toBe(400);
    expect(fieldsOf(badId)).toEqual(["params.id"]);
    expect((await api.request("get", `${V1}/organizations/no-such-org`, { token: user.token })).status).toBe(404);
  });

  it("a member lists only its organizations; an admin pages through all of them by cursor", async () => {
    await anOrganization(api, alice);
    const platformAdmin = root;

    const own = await api.request("get", `${V1}/organizations?limit=500`, { token: alice.token });
    const memberships: string[] = await api.knex("memberships").where({ user_id: alice.id }).pluck("org_id");
    expect(own.body.items.map((o: { id: string }) => o.id).sort()).toEqual(memberships.sort());
    expect(memberships.length).toBeGreaterThan(0);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.request("get", `${V1}/organizations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: platformAdmin.token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const { records } = await api.stores.neo4j.executeQuery("MATCH (b:Business) RETURN b.id AS id ORDER BY id");
    expect(seen).toEqual(records.map((r) => r.get("id")));
  });

  describe("PATCH /organizations/:id", () => {
    it("changes the profile from the version the caller saw, by body version or If-Match", async () => {
      const admin = alice;
      const org = await anOrganization(api, admin);

      const first = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, body: { name: "Renamed A/S", version: 1 } });
      const second = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, headers: { "if-match": '"2"' }, body: { size: "large" } });

      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ name: "Renamed A/S", version: 2 });
      expect(second.status).toBe(200);
      expect(second.headers.get("etag")).toBe('"3"');
      expect(second.body).toMatchObject({ name: "Renamed A/S", size: "large", version: 3 });
    });

    it("a stale body version is 409, a stale If-Match 412, and the profile stays as it was", async () => {
      const admin = alice;
      const org = await anOrganization(api, admin);
      await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, body: { name: "Moved On", version: 1 } });

      const stale = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, body: { name: "Lost Update", version: 1 } });
      const staleIfMatch = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, headers: { "if-match": '"1"' }, body: { name: "Lost Update" } });
      const noVersion = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, body: { name: "No Version" } });
      const badIfMatch = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, headers: { "if-match": "yesterday" }, body: { name: "x" } });

      expect(stale.status).toBe(409);
      expect(problemOf(stale)).toMatchObject({ code: "VERSION_CONFLICT", actualVersion: 2 });
      expect(staleIfMatch.status).toBe(412);
      expect(problemOf(staleIfMatch).code).toBe("PRECONDITION_FAILED");
      expect(noVersion.status).toBe(400);
      expect(fieldsOf(noVersion)).toEqual(["body.version"]);
      expect(badIfMatch.status).toBe(400);
      expect(fieldsOf(badIfMatch)).toEqual(["headers.if-match"]);
      expect((await api.request("get", `${V1}/organizations/${org.externalId}`, { token: admin.token })).body).toMatchObject({ name: "Moved On", version: 2 });
    });

    it("of two concurrent changes from the same version exactly one wins", async () => {
      const admin = alice;
      const org = await anOrganization(api, admin);

      const results = await Promise.all(
        ["Left A/S", "Right A/S"].map((name) => api.request("patch", `${V1}/organizations/${org.externalId}`, { token: admin.token, body: { name, version: 1 } })),
      );

      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect((await api.request("get", `${V1}/organizations/${org.externalId}`, { token: admin.token })).body).toMatchObject({ name: winner.body.name, version: 2 });
    });

    it("only the organization's administrators may change it", async () => {
      const org = await anOrganization(api, alice);
      const member = mia;
      await join(api, mia, org.externalId);
      const otherAdmin = bob;

      const byMember = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: member.token, body: { name: "Mine Now", version: 1 } });
      const byOtherAdmin = await api.request("patch", `${V1}/organizations/${org.externalId}`, { token: otherAdmin.token, body: { name: "Mine Now", version: 1 } });

      expect(byMember.status).toBe(403);
      // Another organization's admin: as for an organization that does not exist.
      expect(byOtherAdmin.status).toBe(404);
      expect((await api.request("get", `${V1}/organizations/${org.externalId}`, { token: member.token })).body).toMatchObject({ name: org.name, version: 1 });
    });
  });

  describe("API keys", () => {
    let orgId: string;
    let admin: Actor;
    beforeAll(async () => {
      admin = alice;
      orgId = (await anOrganization(api, alice)).externalId;
    });

    it("a key is shown once at creation, listed without its secret, and works in either header", async () => {
      const created = await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token, body: { name: "ERP", scopes: ["flows:read", "flows:write"] } });

      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ orgId, name: "ERP", scopes: ["flows:read", "flows:write"], revokedAt: null });
      expect(created.body.key).toMatch(new RegExp(`^tk_${created.body.prefix}_`));
      const listed = await api.request("get", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token });
      expect(listed.status).toBe(200);
      const entry = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
      expect(entry).toMatchObject({ name: "ERP", prefix: created.body.prefix });
      expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

      for (const apiKeyHeader of ["authorization", "x-api-key"] as const) {
        const me = await api.request("get", `${V1}/users/me`, { apiKey: created.body.key, apiKeyHeader });
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ kind: "api_key", role: "partner", organizations: [{ orgId }] });
      }
      // a key with flows:write registers a site of its own organization, and only of it
      const viaKey = await api.request("post", `${V1}/sites`, { apiKey: created.body.key, body: aSite(orgId) });
      expect(viaKey.status).toBe(201);
      const other = await anOrganization(api, bob);
      const foreign = await api.request("post", `${V1}/sites`, { apiKey: created.body.key, body: aSite(other.externalId) });
      expect(foreign.status).toBe(403);
      expect(fieldsOf(foreign)).toEqual(["body.businessId"]);
    });

    it("a revoked key stops working at once; revoking it again is 404", async () => {
      const created = await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token, body: { name: "Old meter gateway", scopes: ["flows:read"] } });
      expect((await api.request("get", `${V1}/resource-flows`, { apiKey: created.body.key })).status).toBe(200);

      const revoked = await api.request("delete", `${V1}/organizations/${orgId}/api-keys/${created.body.id}`, { token: admin.token });

      expect(revoked.status).toBe(204);
      const after = await api.request("get", `${V1}/resource-flows`, { apiKey: created.body.key });
      expect(after.status).toBe(401);
      expect(problemOf(after).code).toBe("UNAUTHENTICATED");
      const listed = await api.request("get", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token });
      expect(listed.body.items.find((k: { id: string }) => k.id === created.body.id).revokedAt).not.toBeNull();
      expect((await api.request("delete", `${V1}/organizations/${orgId}/api-keys/${created.body.id}`, { token: admin.token })).status).toBe(404);
      expect((await api.request("get", `${V1}/users/me`, { apiKey: "tk_aaaaaaaaaaaa_not-a-real-key" })).status).toBe(401);
    });

    it("bad key requests name the field; members and other organizations' admins may not manage keys", async () => {
      const unknownScope = await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token, body: { name: "x", scopes: ["everything"] } });
      const noScopes = await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token, body: { name: "x", scopes: [] } });
      const badKeyId = await api.request("delete", `${V1}/organizations/${orgId}/api-keys/not-a-uuid`, { token: admin.token });
      expect([unknownScope.status, noScopes.status, badKeyId.status]).toEqual([400, 400, 400]);
      expect(fieldsOf(unknownScope)).toEqual(["body.scopes.0"]);
      expect(fieldsOf(noScopes)).toEqual(["body.scopes"]);
      expect(fieldsOf(badKeyId)).toEqual(["params.keyId"]);

      const key = await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token: admin.token, body: { name: "kept", scopes: ["flows:read"] } });
      await join(api, mia, orgId);
      for (const [actor, creating] of [[mia, 403], [bob, 404]] as const) {
        // A member is refused; another organization's admin is answered as for a missing organization.
        expect((await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token: actor.token, body: { name: "mine", scopes: ["flows:read"] } })).status).toBe(creating);
        expect((await api.request("get", `${V1}/organizations/${orgId}/api-keys`, { token: actor.token })).status).toBe(403);
        expect((await api.request("delete", `${V1}/organizations/${orgId}/api-keys/${key.body.id}`, { token: actor.token })).status).toBe(403);
      }
      expect((await api.request("get", `${V1}/users/me`, { apiKey: key.body.key })).status).toBe(200);
      expect((await api.request("post", `${V1}/organizations/no-such-org/api-keys`, { token: admin.token, body: { name: "x", scopes: ["flows:read"] } })).status).toBe(404);
    });
  });
});

describe("DELETE /organizations/:id", () => {
  let api: TestApi;
  let owner: Actor, stranger: Actor;
  beforeAll(async () => {
    api = await startHttpApi();
    [owner, stranger] = await Promise.all([api.actor("org_admin", [], "erase-owner"), api.actor("org_admin", [], "erase-stranger")]);
  });
  afterAll(async () => api?.stop());

  it("erases the organization with its sites, flows, keys and memberships, records the erasure, and answers a foreign id like a missing one", async () => {
    const org = (await anOrganization(api, owner, { name: "Erased Dairy A/S" })).externalId;
    const member = await api.actor("org_member", [org], "erase-member");
    const site = await api.request("post", `${V1}/sites`, { token: owner.token, body: aSite(org) });
    expect(site.status).toBe(201);
    const flow = await api.request("post", `${V1}/resource-flows`, {
      token: owner.token,
      body: { externalId: `erase-flow-${Date.now().toString(36)}`, siteId: site.body.id, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 1200, unit: "MWh/yr" }, precision: "measured" },
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const key = await api.request("post", `${V1}/organizations/${org}/api-keys`, { token: owner.token, body: { name: "ERP", scopes: ["flows:read"] } });
    expect(key.status).toBe(201);

    // Someone else's organization is a missing one; a plain member may not erase it.
    const foreign = await api.request("delete", `${V1}/organizations/${org}`, { token: stranger.token });
    expect(foreign.status).toBe(404);
    const missingId = `no-such-org-${Date.now().toString(36)}`;
    const missing = await api.request("delete", `${V1}/organizations/${missingId}`, { token: stranger.token });
    expect(missing.status).toBe(404);
    expect(foreign.body.detail.replace(org, "X")).toBe(missing.body.detail.replace(missingId, "X"));
    expect((await api.request("delete", `${V1}/organizations/${org}`, { token: member.token })).status).toBe(403);

    const erased = await api.request("delete", `${V1}/organizations/${org}`, { token: owner.token });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased).toEqual({ sites: 1, flows: 1, members: 2, apiKeys: 1, mandates: 0 });

    expect((await api.request("get", `${V1}/organizations/${org}`, { token: owner.token })).status).toBe(404);
    expect((await api.request("get", `${V1}/sites/${site.body.id}`, { token: owner.token })).status).toBe(404);
    expect((await api.request("get", `${V1}/users/me`, { apiKey: key.body.key })).status).toBe(401);
    const { records } = await api.stores.neo4j.executeQuery("MATCH (n) WHERE n.id IN $ids RETURN count(n) AS n", { ids: [org, site.body.id, flow.body.id] });
    expect(Number(records[0]!.get("n"))).toBe(0);
    expect(await api.knex("site_index").where({ org_id: org }).count({ n: "*" }).then((r) => Number(r[0]!.n))).toBe(0);
    expect(await api.knex("memberships").where({ org_id: org }).count({ n: "*" }).then((r) => Number(r[0]!.n))).toBe(0);
    const audit = await api.knex("audit_log").where({ action: "organization.erased", entity_id: org }).first();
    expect(audit?.payload).toMatchObject({ sites: 1, flows: 1, members: 2, apiKeys: 1 });
  });
});
