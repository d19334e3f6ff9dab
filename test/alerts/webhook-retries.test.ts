/**
 * Durable webhook alert retries against a real local HTTP receiver and PostgreSQL (issue
 * 13, threshold alerts). A firing to send is a due row any worker's dispatcher claims: a
 * 503 or a receiver that does not answer in time is asked again after the backoff; a
 * receiver that is down gets attempts spaced by the growing, capped backoff until the most
 * attempts, and the firing is then `failed` in the organization's firing list; a 4xx is
 * final. Retries survive the worker: stopped mid-backoff — or dead mid-attempt, its claim
 * never finished — a new dispatcher takes the firing over and it is delivered once. Two
 * dispatchers at once never deliver a firing twice. Every attempt carries the firing id as
 * `Turash-Delivery` and `Idempotency-Key`, and a valid signature.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { firingsOf, insertAlert, recordFiring, webhookAttemptsOf, type Alert } from "../../ledgers/alerts.ts";
import { claimDueDeliveries, renewClaim } from "../../ledgers/alert-webhook-due.ts";
import { createWebhookEndpoint } from "../../ledgers/webhook-endpoints.ts";
import { verifyWebhookSignature } from "../../platform/webhook-signature.ts";
import { backoffMs, startWebhookDispatcher, type WebhookDeliveryDeps, type WebhookDispatcher } from "../../projections/carbon/alert-webhook.ts";
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
const received = new Map<string, { headers: IncomingHttpHeaders; body: string; status: number | "hang" }[]>();
/** Paths the receiver treats as down: the connection is destroyed without an answer. */
const down = new Set<string>();

const BACKOFF = { baseMs: 100, capMs: 400, maxAttempts: 5 };
const deps = (): WebhookDeliveryDeps => ({ knex: stores.db.knex, webhookKeys: config.secrets.webhookKeys, backoff: BACKOFF, timeoutMs: 400, leaseMs: 1_500 });
const running: WebhookDispatcher[] = [];
/** A worker's dispatcher (a new instance is a restarted worker). */
const aWorker = () => {
  const d = startWebhookDispatcher({ ...deps(), pollMs: 25 });
  running.push(d);
  return d;
};

async function aWebhookAlert(path: string, script: (n: number) => number | "hang", fields: Partial<Alert> = {}): Promise<Alert> {
  scripts.set(path, script);
  return insertAlert(stores.db.knex, orgId, { name: `Webhook ${path}`, metric: "co2_avoided_t", stage: "potential", windowDays: 7, comparison: "above", threshold: 1, channel: "webhook", webhookUrl: `${base}${path}`, webhookEndpointId: endpointId, ...fields }, "test");
}

/** A firing of the alert, due for delivery now. */
async function aFiring(alert: Alert) {
  return (await recordFiring(stores.db.knex, { alertId: alert.id, orgId, evaluatedDay: today, windowFrom: today, value: 5, threshold: 1, comparison: "above" }, { deliverAfterMs: 0 }))!;
}

const firingRow = (id: string) => stores.db.knex("alert_firings").where({ id }).first();
const dueRow = (id: string) => stores.db.knex("alert_webhook_due").where({ firing_id: id }).first();
const settled = (id: string) => vi.waitFor(async () => expect((await firingRow(id)).delivery_status).not.toBe("pending"), { timeout: 15_000, interval: 25 });
const successes = (path: string) => (received.get(path) ?? []).filter((r) => typeof r.status === "number" && r.status < 300);

beforeAll(async () => {
  stores = await openTestStores();
  const created = await createWebhookEndpoint(stores.db.knex, config.secrets.webhookKeys, { orgId, name: "Retry desk", createdBy: null });
  secret = created.secret;
  endpointId = created.endpoint.id;
  receiver = createServer((req, res) => {
    const path = req.url ?? "";
    if (down.has(path)) {
      req.socket.destroy(); // as good as a receiver that is not there: no answer, a reset connection
      return;
    }
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const got = received.get(path) ?? received.set(path, []).get(path)!;
      const answer = scripts.get(path)?.(got.length + 1) ?? 404;
      got.push({ headers: req.headers, body, status: answer });
      if (answer === "hang") return; // never answers: the sender's timeout ends it
      // A little latency, so two dispatchers really overlap.
      setTimeout(() => res.writeHead(answer).end(), 30);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(running.map((d) => d.stop()));
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await stores?.db.knex("alerts").where({ org_id: orgId }).delete();
  await stores?.close();
});

describe("durable webhook alert retries", () => {
  it("doubles the wait after each failed attempt, up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, BACKOFF))).toEqual([100, 200, 400, 400, 400]);
  });

  it("a 503 is retried after the backoff and the firing is then delivered; both attempts are recorded, signed and carry the firing id", async () => {
    const alert = await aWebhookAlert("/fails-first", (n) => (n === 1 ? 503 : 204));
    const firing = await aFiring(alert);
    const worker = aWorker();
    await settled(firing.id);
    await worker.stop();

    const got = received.get("/fails-first")!;
    expect(got).toHaveLength(2);
    for (const r of got) {
      expect(r.headers["turash-delivery"]).toBe(firing.id);
      expect(r.headers["idempotency-key"]).toBe(firing.id);
      expect(() => verifyWebhookSignature({ secret, header: String(r.headers["turash-signature"]), body: r.body, now: Date.now() / 1000 })).not.toThrow();
      expect(JSON.parse(r.body)).toMatchObject({ type: "alert.fired", firingId: firing.id, alertId: alert.id, value: 5 });
    }
    const attempts = await webhookAttemptsOf(stores.db.knex, firing.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 503, "the receiver answered 503"],
      [2, 204, null],
    ]);
    expect(Date.parse(attempts[1]!.startedAt) - Date.parse(attempts[0]!.finishedAt!)).toBeGreaterThanOrEqual(BACKOFF.baseMs - 10);
    const row = await firingRow(firing.id);
    expect(row).toMatchObject({ delivery_status: "delivered", delivery_attempts: 2, delivery_error: null });
    expect(row.delivered_at).not.toBeNull();
    expect(await dueRow(firing.id)).toBeUndefined();
  });

  it("a receiver that does not answer in time is asked again", async () => {
    const alert = await aWebhookAlert("/slow-first", (n) => (n === 1 ? "hang" : 200));
    const firing = await aFiring(alert);
    const worker = aWorker();
    await settled(firing.id);
    await worker.stop();
    const attempts = await webhookAttemptsOf(stores.db.knex, firing.id);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(attempts[0]!.error).toMatch(/no answer within 400 ms/);
    expect((await firingRow(firing.id)).delivery_status).toBe("delivered");
  });

  it("a 4xx is final: one attempt, and the firing is failed with the answer in the organization's firing list", async () => {
    const alert = await aWebhookAlert("/refuses", () => 410);
    const firing = await aFiring(alert);
    const worker = aWorker();
    await settled(firing.id);
    await worker.stop();
    expect(received.get("/refuses")).toHaveLength(1);
    const [listed] = await firingsOf(stores.db.knex, orgId, { alertId: alert.id, limit: 10 });
    expect(listed).toMatchObject({ id: firing.id, deliveryStatus: "failed", deliveryAttempts: 1, deliveryError: "the receiver answered 410", deliveredAt: null });
  });

  it("a receiver that is down gets attempts spaced by the capped backoff, then the firing is failed after the most attempts", async () => {
    down.add("/down");
    const alert = await aWebhookAlert("/down", () => 204);
    const firing = await aFiring(alert);
    const worker = aWorker();
    await settled(firing.id);
    await worker.stop();

    const attempts = await webhookAttemptsOf(stores.db.knex, firing.id);
    expect(attempts).toHaveLength(BACKOFF.maxAttempts);
    expect(attempts.every((a) => a.status === null && /delivery failed/.test(a.error ?? ""))).toBe(true);
    // Each wait is at least the backoff of the attempt before it (100, 200, 400, 400 ms).
    for (let i = 1; i < attempts.length; i++) {
      const waited = Date.parse(attempts[i]!.startedAt) - Date.parse(attempts[i - 1]!.finishedAt!);
      expect(waited, `wait before attempt ${i + 1}`).toBeGreaterThanOrEqual(backoffMs(i, BACKOFF) - 10);
    }
    const [listed] = await firingsOf(stores.db.knex, orgId, { alertId: alert.id, limit: 10 });
    expect(listed).toMatchObject({ deliveryStatus: "failed", deliveryAttempts: BACKOFF.maxAttempts, deliveredAt: null });
    expect(listed!.deliveryError).toMatch(/^delivery failed/);
    expect(await dueRow(firing.id)).toBeUndefined();
    down.delete("/down");
  });

  it("a worker stopped while the receiver is down leaves the firing due; a new worker delivers it once", async () => {
    down.add("/restart");
    const alert = await aWebhookAlert("/restart", () => 204);
    const firing = await aFiring(alert);
    const first = aWorker();
    await vi.waitFor(async () => expect((await webhookAttemptsOf(stores.db.knex, firing.id)).length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 25 });
    await first.stop();
    const before = await webhookAttemptsOf(stores.db.knex, firing.id);
    expect((await firingRow(firing.id)).delivery_status).toBe("pending");
    expect((await dueRow(firing.id)).attempts).toBe(before.length);

    down.delete("/restart");
    const restarted = aWorker();
    await settled(firing.id);
    await restarted.stop();
    expect(successes("/restart")).toHaveLength(1);
    expect(received.get("/restart")).toHaveLength(1);
    const after = await webhookAttemptsOf(stores.db.knex, firing.id);
    expect(after.map((a) => a.attempt)).toEqual([...before.map((a) => a.attempt), before.length + 1]);
    expect(after.at(-1)!.status).toBe(204);
    expect(await firingRow(firing.id)).toMatchObject({ delivery_status: "delivered", delivery_attempts: before.length + 1 });
  });

  it("a worker that died mid-attempt (its claim never finished) is taken over once the lease runs out", async () => {
    const alert = await aWebhookAlert("/orphaned", () => 204);
    const firing = await aFiring(alert);
    // The dead worker: it claimed the firing (and others due now, returned to the queue below) and never came back.
    const claims = await claimDueDeliveries(stores.db.knex, { limit: 100, leaseMs: 600 });
    expect(claims.map((c) => c.firingId)).toContain(firing.id);
    await stores.db.knex("alert_webhook_due").whereIn("firing_id", claims.filter((c) => c.firingId !== firing.id).map((c) => c.firingId)).update({ due_at: stores.db.knex.fn.now() });
    const worker = aWorker();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.get("/orphaned")).toBeUndefined(); // the lease still holds
    await settled(firing.id);
    await worker.stop();
    expect(received.get("/orphaned")).toHaveLength(1);
    expect((await webhookAttemptsOf(stores.db.knex, firing.id)).map((a) => [a.attempt, a.status])).toEqual([[2, 204]]);
  });

  it("a worker slowed past its lease cannot send once another has taken the firing over", async () => {
    const alert = await aWebhookAlert("/slow", () => 204);
    const firing = await aFiring(alert);
    // The slow worker's claim runs out before it sends; a second worker claims the firing.
    const slow = (await claimDueDeliveries(stores.db.knex, { limit: 100, leaseMs: 1 })).find((c) => c.firingId === firing.id)!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const taken = (await claimDueDeliveries(stores.db.knex, { limit: 100, leaseMs: 60_000 })).find((c) => c.firingId === firing.id)!;
    expect(taken.attempt).toBe(slow.attempt + 1);
    expect(await renewClaim(stores.db.knex, slow, 60_000)).toBe(false);
    expect(await renewClaim(stores.db.knex, taken, 60_000)).toBe(true);
  });

  it("two workers at once never deliver a firing twice", async () => {
    const alert = await aWebhookAlert("/contended", (n) => (n === 1 ? 500 : 204));
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => aWebhookAlert(`/many-${i}`, () => 204)));
    const firings = [await aFiring(alert), ...(await Promise.all(others.map(aFiring)))];
    const workers = [aWorker(), aWorker()];
    workers.forEach((w) => w.kick());
    await Promise.all(firings.map((f) => settled(f.id)));
    await Promise.all(workers.map((w) => w.stop()));

    expect(received.get("/contended")).toHaveLength(2);
    expect(successes("/contended")).toHaveLength(1);
    for (let i = 0; i < others.length; i++) expect(received.get(`/many-${i}`), `/many-${i}`).toHaveLength(1);
    expect((await webhookAttemptsOf(stores.db.knex, firings[0]!.id)).map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 204],
    ]);
    const rows = await stores.db.knex("alert_firings").whereIn("id", firings.map((f) => f.id));
    expect(rows.every((r) => r.delivery_status === "delivered")).toBe(true);
  });

  it("an alert whose endpoint is missing is not sent, and its firing is failed saying why", async () => {
    const alert = await aWebhookAlert("/never", () => 204, { webhookEndpointId: randomUUID() });
    const firing = await aFiring(alert);
    const worker = aWorker();
    await settled(firing.id);
    await worker.stop();
    expect(received.get("/never")).toBeUndefined();
    expect(await firingRow(firing.id)).toMatchObject({ delivery_status: "failed", delivery_attempts: 0 });
    expect((await firingRow(firing.id)).delivery_error).toMatch(/revoked or is missing/);
  });
});
