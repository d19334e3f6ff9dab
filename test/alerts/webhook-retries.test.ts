/**
 * Webhook alerts retried against a real local HTTP receiver (issue 13, threshold alerts):
 * a receiver that answers 503 first gets the firing again after the backoff and the firing
 * is delivered; one that does not answer in time is asked again; a 4xx is final; every
 * attempt is recorded with its outcome; two evaluations delivering the same firing at
 * once never send one attempt twice, and the receiver gets one 2xx delivery of it. Every
 * attempt carries the same `Turash-Delivery` and a valid signature.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAlert, recordFiring, webhookAttemptsOf, type Alert } from "../../ledgers/alerts.ts";
import { createWebhookEndpoint } from "../../ledgers/webhook-endpoints.ts";
import { verifyWebhookSignature } from "../../platform/webhook-signature.ts";
import { firedEvent } from "../../projections/carbon/alert-evaluator.ts";
import { deliverFiring, type WebhookDeliveryDeps } from "../../projections/carbon/alert-webhook.ts";
import { config, openTestStores } from "../helpers/stores.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;
let stores: Stores;
let receiver: Server;
let base: string;
let secret: string;
let endpointId: string;
const orgId = `retry-org-${Date.now().toString(36)}`;
const today = new Date().toISOString().slice(0, 10);

/** What the receiver answers on the n-th request to a path (1-based), and what it got. */
const scripts = new Map<string, (n: number) => number | "hang">();
const received = new Map<string, { headers: IncomingHttpHeaders; body: string }[]>();

const deps = (): WebhookDeliveryDeps => ({ knex: stores.db.knex, webhookKeys: config.secrets.webhookKeys, retryDelaysMs: [50, 100, 200], timeoutMs: 400 });

async function aWebhookAlert(path: string, script: (n: number) => number | "hang"): Promise<Alert> {
  scripts.set(path, script);
  return insertAlert(stores.db.knex, orgId, { name: `Webhook ${path}`, metric: "co2_avoided_t", stage: "potential", windowDays: 7, comparison: "above", threshold: 1, channel: "webhook", webhookUrl: `${base}${path}`, webhookEndpointId: endpointId }, "test");
}

async function aFiring(alert: Alert) {
  const firing = await recordFiring(stores.db.knex, { alertId: alert.id, orgId, evaluatedDay: today, windowFrom: today, value: 5, threshold: 1, comparison: "above" });
  return firedEvent(alert, firing!);
}

const firingRow = (id: string) => stores.db.knex("alert_firings").where({ id }).first();

beforeAll(async () => {
  stores = await openTestStores();
  const created = await createWebhookEndpoint(stores.db.knex, config.secrets.webhookKeys, { orgId, name: "Retry desk", createdBy: null });
  secret = created.secret;
  endpointId = created.endpoint.id;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const path = req.url ?? "";
      const got = received.get(path) ?? received.set(path, []).get(path)!;
      got.push({ headers: req.headers, body });
      const answer = scripts.get(path)?.(got.length) ?? 404;
      if (answer === "hang") return; // never answers: the sender's timeout ends it
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await stores?.db.knex("alerts").where({ org_id: orgId }).delete();
  await stores?.close();
});

describe("webhook alert retries", () => {
  it("a 503 is retried after the backoff and the firing is then delivered; both attempts are recorded and signed", async () => {
    const alert = await aWebhookAlert("/fails-first", (n) => (n === 1 ? 503 : 204));
    const event = await aFiring(alert);
    expect(await deliverFiring(deps(), alert, event)).toBe(2);

    const got = received.get("/fails-first")!;
    expect(got).toHaveLength(2);
    for (const r of got) {
      expect(r.headers["turash-delivery"]).toBe(event.firingId);
      expect(() => verifyWebhookSignature({ secret, header: String(r.headers["turash-signature"]), body: r.body, now: Date.now() / 1000 })).not.toThrow();
      expect(JSON.parse(r.body)).toMatchObject({ firingId: event.firingId, alertId: alert.id, value: 5 });
    }
    const attempts = await webhookAttemptsOf(stores.db.knex, event.firingId);
    expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 503, "the receiver answered 503"],
      [2, 204, null],
    ]);
    expect(attempts.every((a) => a.finishedAt !== null)).toBe(true);
    const row = await firingRow(event.firingId);
    expect(row.delivered_at).not.toBeNull();
    expect(row.delivery_error).toBeNull();
  });

  it("a receiver that does not answer in time is asked again", async () => {
    const alert = await aWebhookAlert("/slow-first", (n) => (n === 1 ? "hang" : 200));
    const event = await aFiring(alert);
    expect(await deliverFiring(deps(), alert, event)).toBe(2);
    const attempts = await webhookAttemptsOf(stores.db.knex, event.firingId);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(attempts[0]!.error).toMatch(/no answer within 400 ms/);
    expect((await firingRow(event.firingId)).delivered_at).not.toBeNull();
  });

  it("a 4xx is final: one attempt, the firing marked undelivered with the answer", async () => {
    const alert = await aWebhookAlert("/refuses", () => 410);
    const event = await aFiring(alert);
    expect(await deliverFiring(deps(), alert, event)).toBe(1);
    expect(received.get("/refuses")).toHaveLength(1);
    const row = await firingRow(event.firingId);
    expect(row.delivered_at).toBeNull();
    expect(row.delivery_error).toBe("the receiver answered 410");
  });

  it("a receiver that keeps failing gets four attempts in all, and the last error stays on the firing", async () => {
    const alert = await aWebhookAlert("/down", () => 502);
    const event = await aFiring(alert);
    expect(await deliverFiring(deps(), alert, event)).toBe(4);
    expect(received.get("/down")).toHaveLength(4);
    expect((await webhookAttemptsOf(stores.db.knex, event.firingId)).map((a) => a.status)).toEqual([502, 502, 502, 502]);
    expect((await firingRow(event.firingId)).delivery_error).toBe("the receiver answered 502");
  });

  it("two evaluations delivering one firing at once send each attempt once: one 2xx delivery in all", async () => {
    const alert = await aWebhookAlert("/contended", (n) => (n === 1 ? 500 : 204));
    const event = await aFiring(alert);
    const made = await Promise.all([deliverFiring(deps(), alert, event), deliverFiring(deps(), alert, event)]);
    expect(made[0]! + made[1]!).toBe(2);
    const got = received.get("/contended")!;
    expect(got).toHaveLength(2);
    expect(new Set(got.map((r) => r.headers["turash-delivery"]))).toEqual(new Set([event.firingId]));
    expect((await webhookAttemptsOf(stores.db.knex, event.firingId)).map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 204],
    ]);
  });

  it("an alert whose endpoint is missing is not sent and says why", async () => {
    const alert = { ...(await aWebhookAlert("/never", () => 204)), webhookEndpointId: randomUUID() };
    const event = await aFiring(alert);
    expect(await deliverFiring(deps(), alert, event)).toBe(0);
    expect(received.get("/never")).toBeUndefined();
    expect((await firingRow(event.firingId)).delivery_error).toMatch(/revoked or is missing/);
  });
});
