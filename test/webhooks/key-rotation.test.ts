/**
 * Rotating WEBHOOK_SECRET_KEY (issue 10, Deliver 4: webhook secrets have their own key,
 * rotation documented): endpoints sealed under the old key keep working while it is in
 * WEBHOOK_SECRET_KEY_PREVIOUS, are re-sealed under the new key when used or by
 * `npm run secrets:reseal`, and then work with the old key gone. A secret no key opens is
 * refused as an unknown endpoint (401), never a 500. The JWT secret plays no part.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resealWebhookSecrets } from "../../ledgers/webhook-endpoints.ts";
import { problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { anOrganization, aSiteOf } from "../api/fixtures.ts";
import { anEndpoint, deliver, type Endpoint } from "./fixtures.ts";

const OLD = "old-webhook-key-old-webhook-key-old-webhook-key-0001";
const NEW = "new-webhook-key-new-webhook-key-new-webhook-key-0002";

let old: TestApi;
let admin: Actor;
let site: string;
let used: Endpoint, idle: Endpoint;

const readings = () => ({ readings: [{ siteId: site, flowId: "meter-1", at: new Date(Date.now() - 3_600_000).toISOString(), value: 1, unit: "MWh", periodSeconds: 3600 }] });

async function withKeys(keys: Record<string, string>, run: (api: TestApi) => Promise<void>): Promise<void> {
  const api = await startHttpApi(keys);
  try {
    await run(api);
  } finally {
    await api.stop();
  }
}

beforeAll(async () => {
  old = await startHttpApi({ WEBHOOK_SECRET_KEY: OLD });
  admin = await old.actor("org_admin", [], "rotation-admin");
  const org = (await anOrganization(old, admin)).externalId;
  site = (await aSiteOf(old, admin, org)).externalId;
  used = await anEndpoint(old, admin, org, "used during the rotation");
  idle = await anEndpoint(old, admin, org, "idle during the rotation");
  expect((await deliver(old, used, readings())).status).toBe(202);
});
afterAll(async () => old?.stop());

describe("rotating the webhook sealing key", () => {
  it("keeps endpoints working through a rotation, re-sealing them, and then without the old key", async () => {
    await withKeys({ WEBHOOK_SECRET_KEY: NEW, WEBHOOK_SECRET_KEY_PREVIOUS: OLD }, async (rotating) => {
      expect((await deliver(rotating, used, readings())).status).toBe(202);
      // The delivery re-sealed `used`; the command re-seals the rest (other suites' endpoints, sealed under their own key, are unreadable here).
      const first = await resealWebhookSecrets(rotating.knex, [NEW, OLD]);
      const second = await resealWebhookSecrets(rotating.knex, [NEW, OLD]);
      expect(first.resealed).toBe(1);
      expect(first.unreadable).not.toEqual(expect.arrayContaining([used.id]));
      expect(first.unreadable).not.toEqual(expect.arrayContaining([idle.id]));
      expect(second.resealed).toBe(0);
    });

    await withKeys({ WEBHOOK_SECRET_KEY: NEW }, async (rotated) => {
      expect((await deliver(rotated, used, readings())).status).toBe(202);
      expect((await deliver(rotated, idle, readings())).status).toBe(202);
    });
  });

  it("an endpoint whose secret no key opens is refused as unknown (401), not a 500", async () => {
    await withKeys({ WEBHOOK_SECRET_KEY: "a-third-key-nobody-sealed-with-a-third-key-nobody-00" }, async (lost) => {
      const res = await deliver(lost, used, readings());
      expect(problemOf(res)).toMatchObject({ status: 401, code: "WEBHOOK_ENDPOINT_UNKNOWN" });
      const report = await resealWebhookSecrets(lost.knex, ["a-third-key-nobody-sealed-with-a-third-key-nobody-00"]);
      expect(report.unreadable).toEqual(expect.arrayContaining([used.id, idle.id]));
    });
  });
});
