/**
 * Signed webhooks against the real api, PostgreSQL and Redis: endpoints are an
 * organization's administrators' to manage; a delivery is accepted only when signed with
 * an active endpoint's secret, recently, and once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../platform/webhook-signature.ts";
import { problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { resetStores } from "../helpers/stores.ts";
import { anOrganization, aSiteOf, join, V1 } from "../api/fixtures.ts";
import { anEndpoint, deliver, type Endpoint } from "./fixtures.ts";

// Delivery ids are remembered in Redis for 10 minutes: each run uses its own.
const run = Date.now().toString(36);
const id = (name: string) => `${name}-${run}`;

describe("signed webhooks", () => {
  let api: TestApi;
  let alice: Actor, bob: Actor, mia: Actor;
  let orgA: string, orgB: string, siteA: string, siteB: string;
  let endpoint: Endpoint;
  /** A valid delivery body: one reading at a site of org A (the flow is not checked here). */
  const readingsBody = () => ({ readings: [{ siteId: siteA, flowId: "no-such-flow", at: new Date(Date.now() - 3_600_000).toISOString(), value: 1, unit: "MWh", periodSeconds: 3600 }] });

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    await api.knex.raw("truncate webhook_endpoints, meter_readings");
    [alice, bob, mia] = await Promise.all([api.actor("org_admin", [], "alice"), api.actor("org_admin", [], "bob"), api.actor("org_member", [], "mia")]);
    orgA = (await anOrganization(api, alice)).externalId;
    orgB = (await anOrganization(api, bob)).externalId;
    await join(api, mia, orgA);
    siteA = (await aSiteOf(api, alice, orgA)).externalId;
    siteB = (await aSiteOf(api, bob, orgB)).externalId;
    endpoint = await anEndpoint(api, alice, orgA);
  });
  afterAll(async () => api?.stop());

  it("an org admin creates an endpoint whose secret is shown once and stored only encrypted", async () => {
    const created = await api.request("post", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: alice.token, body: { name: "Meter gateway" } });
    const listed = await api.request("get", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: alice.token });
    const row = await api.knex("webhook_endpoints").where({ id: created.body.id }).first();

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orgId: orgA, name: "Meter gateway", revokedAt: null });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(listed.body.items.map((e: { id: string }) => e.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");
    expect(Object.values(row).some((v) => String(v).includes(created.body.secret) || (Buffer.isBuffer(v) && v.includes(created.body.secret)))).toBe(false);
    expect(row.secret_scheme).toBe("aes-256-gcm/hkdf-sha256/v1");
  });

  it("a correctly signed delivery is accepted: 202 with counts", async () => {
    const res = await deliver(api, endpoint, readingsBody(), { deliveryId: id("delivery-accepted-1") });

    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ deliveryId: id("delivery-accepted-1"), accepted: 1, rejected: [] });
  });

  it("a bad signature is 401 WEBHOOK_SIGNATURE_INVALID, as problem+json without internals", async () => {
    const body = JSON.stringify(readingsBody());
    const t = Math.floor(Date.now() / 1000);
    const cases = [
      signWebhook("whsec_not-the-secret", body, t),
      signWebhook(endpoint.secret, body.replace('"value":1', '"value":2'), t),
      signWebhook(endpoint.secret, body, t).replace(/v1=(.)/, (_m, c: string) => `v1=${c === "0" ? "1" : "0"}`),
    ];
    for (const signature of cases) {
      const res = await deliver(api, endpoint, body, { signature });

      expect(res.status).toBe(401);
      const problem = problemOf(res);
      expect(problem).toMatchObject({ code: "WEBHOOK_SIGNATURE_INVALID", field: "headers.Turash-Signature" });
      expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts|stack/i);
    }
  });

  it("a body re-serialized after signing fails: the signature covers the raw bytes", async () => {
    const raw = JSON.stringify(readingsBody());
    const signature = signWebhook(endpoint.secret, raw, Math.floor(Date.now() / 1000));

    const res = await deliver(api, endpoint, JSON.stringify(JSON.parse(raw), null, 2), { signature });

    expect(problemOf(res).code).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  it("a timestamp more than 5 minutes off is 401 WEBHOOK_TIMESTAMP_STALE, either way", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 400, now + 400]) {
      const res = await deliver(api, endpoint, readingsBody(), { timestamp });

      expect(res.status).toBe(401);
      expect(problemOf(res)).toMatchObject({ code: "WEBHOOK_TIMESTAMP_STALE", toleranceSeconds: 300 });
    }
  });

  it("a missing header or a malformed signature is 401 naming it", async () => {
    for (const header of ["Turash-Webhook-Id", "Turash-Signature", "Turash-Delivery"]) {
      const res = await deliver(api, endpoint, readingsBody(), { omit: [header] });

      expect(res.status, header).toBe(401);
      expect(problemOf(res)).toMatchObject({ code: "WEBHOOK_HEADER_MISSING", field: `headers.${header}`, header });
    }
    const malformed = await deliver(api, endpoint, readingsBody(), { signature: "sha256=abc" });
    expect(problemOf(malformed)).toMatchObject({ status: 401, code: "WEBHOOK_SIGNATURE_MALFORMED" });
    const unknown = await deliver(api, { ...endpoint, id: "00000000-0000-4000-8000-000000000000" }, readingsBody());
    expect(problemOf(unknown)).toMatchObject({ status: 401, code: "WEBHOOK_ENDPOINT_UNKNOWN" });
  });

  it("the same delivery again is 409 WEBHOOK_REPLAYED; a new delivery id goes through", async () => {
    const body = JSON.stringify(readingsBody());
    const signature = signWebhook(endpoint.secret, body, Math.floor(Date.now() / 1000));

    const first = await deliver(api, endpoint, body, { signature, deliveryId: id("delivery-replayed") });
    const replay = await deliver(api, endpoint, body, { signature, deliveryId: id("delivery-replayed") });
    const resigned = await deliver(api, endpoint, body, { deliveryId: id("delivery-replayed") });
    const next = await deliver(api, endpoint, body, { deliveryId: id("delivery-next") });

    expect(first.status).toBe(202);
    expect(replay.status).toBe(409);
    expect(problemOf(replay)).toMatchObject({ code: "WEBHOOK_REPLAYED", deliveryId: id("delivery-replayed") });
    expect(problemOf(resigned).code).toBe("WEBHOOK_REPLAYED");
    expect(next.status).toBe(202);
  });

  it("a delivery that was refused does not spend its id: the fixed retry is accepted", async () => {
    const bad = await deliver(api, endpoint, { readings: [{ ...readingsBody().readings[0], value: -1 }] }, { deliveryId: id("delivery-fixed") });
    const notJson = await deliver(api, endpoint, "{not json", { deliveryId: id("delivery-fixed") });
    const fixed = await deliver(api, endpoint, readingsBody(), { deliveryId: id("delivery-fixed") });

    expect(bad.status).toBe(400);
    expect(problemOf(bad)).toMatchObject({ code: "VALIDATION_FAILED", field: "body.readings.0.value" });
    expect(problemOf(notJson)).toMatchObject({ status: 400, field: "body" });
    expect(fixed.status).toBe(202);
  });

  it("readings for another organization's site are refused one by one; the rest go in", async () => {
    const [own] = readingsBody().readings;
    const res = await deliver(api, endpoint, { readings: [own, { ...own!, siteId: siteB }, { ...own!, siteId: "no-such-site" }] });

    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, "readings.1.siteId"],
      [2, "readings.2.siteId"],
    ]);
  });

  it("only the organization's administrators manage its endpoints: its members get 403, outsiders of a confidential organization 404 as for a missing one", async () => {
    const asBob = await api.request("post", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: bob.token, body: { name: "intruder" } });
    const asMember = await api.request("post", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: mia.token, body: { name: "member" } });
    const listAsBob = await api.request("get", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: bob.token });
    const revokeAsBob = await api.request("delete", `${V1}/organizations/${orgA}/webhook-endpoints/${endpoint.id}`, { token: bob.token });
    const revokeViaOwnOrg = await api.request("delete", `${V1}/organizations/${orgB}/webhook-endpoints/${endpoint.id}`, { token: bob.token });
    const noOrg = await api.request("post", `${V1}/organizations/no-such-org/webhook-endpoints`, { token: bob.token, body: { name: "x" } });
    const anonymous = await api.request("get", `${V1}/organizations/${orgA}/webhook-endpoints`);

    expect(problemOf(asBob)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(problemOf(asMember)).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(problemOf(listAsBob)).toMatchObject({ status: 404 });
    expect(problemOf(revokeAsBob)).toMatchObject({ status: 404 });
    expect(problemOf(asBob).detail).toBe(String(problemOf(noOrg).detail).replace("no-such-org", orgA));
    expect(problemOf(revokeViaOwnOrg)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(problemOf(noOrg)).toMatchObject({ status: 404 });
    expect(problemOf(anonymous)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect((await deliver(api, endpoint, readingsBody())).status).toBe(202);
  });

  it("a revoked endpoint's signatures are refused at once", async () => {
    const doomed = await anEndpoint(api, alice, orgA, "to revoke");
    expect((await deliver(api, doomed, readingsBody())).status).toBe(202);

    const revoked = await api.request("delete", `${V1}/organizations/${orgA}/webhook-endpoints/${doomed.id}`, { token: alice.token });
    const after = await deliver(api, doomed, readingsBody());
    const again = await api.request("delete", `${V1}/organizations/${orgA}/webhook-endpoints/${doomed.id}`, { token: alice.token });

    expect(revoked.status).toBe(204);
    expect(problemOf(after)).toMatchObject({ status: 401, code: "WEBHOOK_ENDPOINT_UNKNOWN" });
    expect(again.status).toBe(404);
    const listed = await api.request("get", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: alice.token });
    expect(listed.body.items.find((e: { id: string }) => e.id === doomed.id).revokedAt).not.toBeNull();
  });
});
