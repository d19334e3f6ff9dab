/**
 * Threshold alerts end to end on the real stores: an org_admin defines alerts over its
 * carbon rollups; two rollup workers (as two matching-worker processes) evaluate them after
 * each write; an alert over its threshold fires once and only once — twice evaluated by
 * each worker — reaching the organization's sockets on both api processes as `alert:fired`
 * and no other organization's; one under its threshold does not fire; a member
 * acknowledges; another organization is answered as for a missing one; a bad body names
 * its field; a webhook alert is delivered signed with the endpoint's secret.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { API_BASE, describeRoutes } from "../../api/app.ts";
import { buildOpenApi } from "../../api/openapi/document.ts";
import { carbonProjection } from "../../projections/carbon/projection.ts";
import { insertAlert } from "../../ledgers/alerts.ts";
import { replaceRollups, type RollupRow } from "../../ledgers/daily-rollups.ts";
import { createPublisher } from "../../events/publisher.ts";
import { verifyWebhookSignature } from "../../platform/webhook-signature.ts";
import { evaluateAfterEachWrite } from "../../projections/carbon/alert-evaluator.ts";
import { startWebhookDispatcher, type WebhookDispatcher } from "../../projections/carbon/alert-webhook.ts";
import { startRollupWorker, type RollupWorker } from "../../projections/carbon/rollup-worker.ts";
import { aBusiness } from "../helpers/builders.ts";
import type { Actor } from "../helpers/http.ts";
import { config, names } from "../helpers/stores.ts";
import { anActor, created, listen, sleep, V1, type Listener, type Rest } from "../realtime/clients.ts";
import { startRealtimeWorld, type RealtimeWorld } from "../realtime/world.ts";

let world: RealtimeWorld;
let r1: Rest;
let ada: Actor, mo: Actor, bo: Actor;
let orgA: string, orgB: string;
const workers: RollupWorker[] = [];
const dispatchers: WebhookDispatcher[] = [];
const run = Date.now();
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);

// Received webhook deliveries.
const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
let receiver: Server;
let receiverUrl: string;

const row = (orgId: string, stage: string, metric: string, value: number): RollupRow => ({
  day: yesterday, projection: "carbon", organizationId: orgId, siteId: "s1", resourceType: "waste_heat_low", regionCode: "DK", stage, partyRole: "supplier", metric, value, unit: metric === "energy_mwh" ? "MWh" : "tCO2",
});

const alertsOf = (org: string) => `${V1}/organizations/${org}/alerts`;
const firingsOf = (org: string) => `${V1}/organizations/${org}/alert-firings`;
const anAlert = (over: Record<string, unknown> = {}) => ({ name: "Potential over 10 t this week", metric: "co2_avoided_t", stage: "potential", windowDays: 7, comparison: "above", threshold: 10, channel: "in_app", ...over });

beforeAll(async () => {
  world = await startRealtimeWorld("matching-alerts", { reset: true });
  r1 = world.r1;
  const knex = world.stores.db.knex;
  [ada, bo] = await Promise.all([anActor(knex, r1, "org_admin", [], "al-ada"), anActor(knex, r1, "org_admin", [], "al-bo")]);
  [orgA, orgB] = await Promise.all([created(r1, ada, "organizations", aBusiness({ name: "Alerting Dairy" })), created(r1, bo, "organizations", aBusiness({ name: "Quiet Brewery" }))]);
  mo = await anActor(knex, r1, "org_member", [orgA], "al-mo");
  // Yesterday's figures of each organization, as the rollup writer would have left them.
  await replaceRollups(knex, "carbon", yesterday, yesterday, [row(orgA, "potential", "co2_avoided_t", 25), row(orgA, "potential", "energy_mwh", 400), row(orgB, "potential", "co2_avoided_t", 30)]);
  const publisher = createPublisher(world.stores.nats.jetstream(), names);
  for (const n of [1, 2]) {
    // Each worker process runs its own webhook dispatcher, as ops/matching-worker.ts does.
    const dispatcher = startWebhookDispatcher({ knex, webhookKeys: config.secrets.webhookKeys, pollMs: 200 });
    dispatchers.push(dispatcher);
    const onWritten = evaluateAfterEachWrite({ knex, publish: publisher.publish, subject: names.subjects.alertsFired, kickWebhooks: dispatcher.kick });
    workers.push(await startRollupWorker({ neo4j: world.stores.neo4j, knex, nats: world.stores.nats, streamPrefix: config.nats.streamPrefix, name: `alert-rollups-${run}-${n}`, debounceMs: 60_000, onWritten }));
  }
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/turash-alerts`;
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(dispatchers.map((d) => d.stop()));
  const jsm = await world?.stores.nats.jetstreamManager();
  for (const n of [1, 2]) await jsm?.consumers.delete(names.streams.events, `alert-rollups-${run}-${n}`).catch(() => undefined);
  await new Promise((resolve) => receiver?.close(resolve));
  await world?.stop();
});

describe("threshold alerts", () => {
  it("documents every route the carbon projection declares, alerts included", () => {
    const doc = buildOpenApi(describeRoutes(config).routes, API_BASE) as { paths: Record<string, Record<string, unknown>> };
    for (const r of carbonProjection.routes) expect(doc.paths[`${API_BASE}${r.path}`]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
  });

  let firesId: string, quietId: string;
  let firingId: string;

  it("refuses a bad body naming the field, a member's definition, and another organization's alerts as missing", async () => {
    const bad = await r1.request("post", alertsOf(orgA), { token: ada.token, body: anAlert({ windowDays: 5 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain("body.windowDays");
    const unknownField = await r1.request("post", alertsOf(orgA), { token: ada.token, body: { ...anAlert(), colour: "red" } });
    expect(unknownField.status).toBe(400);
    const plainHttp = await r1.request("post", alertsOf(orgA), { token: ada.token, body: anAlert({ channel: "webhook", webhookUrl: "http://example.test/hook", webhookEndpointId: crypto.randomUUID() }) });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.body.errors.map((e: { field: string }) => e.field)).toContain("body.webhookUrl");

    expect((await r1.request("post", alertsOf(orgA), { token: mo.token, body: anAlert() })).status).toBe(403);
    const foreign = await r1.request("post", alertsOf(orgA), { token: bo.token, body: anAlert() });
    const missing = await r1.request("post", alertsOf("no-such-org"), { token: bo.token, body: anAlert() });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await r1.request("get", alertsOf(orgA), { token: bo.token })).status).toBe(404);
  });

  it("an alert over its threshold fires once and only once, though both workers evaluate it twice; one under it does not", async () => {
    const fires = await r1.request("post", alertsOf(orgA), { token: ada.token, body: anAlert() });
    expect(fires.status, JSON.stringify(fires.body)).toBe(201);
    firesId = fires.body.id;
    const quiet = await r1.request("post", alertsOf(orgA), { token: ada.token, body: anAlert({ name: "Energy over 1000 MWh", metric: "energy_mwh", threshold: 1000 }) });
    expect(quiet.status, JSON.stringify(quiet.body)).toBe(201);
    quietId = quiet.body.id;
    // Org B's own alert would fire too, on its own figure: its socket hears only that one.
    const bAlert = await r1.request("post", alertsOf(orgB), { token: bo.token, body: anAlert({ threshold: 1000 }) });
    expect(bAlert.status).toBe(201);

    const listeners: Record<string, Listener> = { ada: await listen(world.api2.url, { token: ada.token }), mo: await listen(world.api1.url, { token: mo.token }), bo: await listen(world.api1.url, { token: bo.token }) };

    await Promise.all(workers.map((w) => w.flush()));
    await Promise.all(workers.map((w) => w.flush()));

    const listed = await r1.request("get", firingsOf(orgA), { token: mo.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const [firing] = listed.body.items;
    expect(firing).toMatchObject({ alertId: firesId, evaluatedDay: today, value: 25, threshold: 10, comparison: "above", acknowledgedAt: null });
    firingId = firing.id;
    expect((await r1.request("get", `${firingsOf(orgA)}?alertId=${quietId}`, { token: mo.token })).body.items).toEqual([]);

    for (const who of ["ada", "mo"]) {
      const event = await listeners[who]!.waitFor("alert:fired", (e) => e.firingId === firingId);
      expect(event).toMatchObject({ type: "alert.fired", alertId: firesId, orgId: orgA, name: "Potential over 10 t this week", metric: "co2_avoided_t", stage: "potential", windowDays: 7, value: 25, evaluatedDay: today });
    }
    await sleep(1_000); // anything sent twice or misrouted would have arrived
    expect(listeners.ada!.all("alert:fired")).toHaveLength(1);
    expect(listeners.mo!.all("alert:fired")).toHaveLength(1);
    expect(listeners.bo!.all("alert:fired")).toEqual([]);
    expect((await r1.request("get", firingsOf(orgB), { token: bo.token })).body.items).toEqual([]);
  }, 60_000);

  it("a member acknowledges a firing once; another organization cannot", async () => {
    const ackUrl = `${firingsOf(orgA)}/${firingId}/acknowledgement`;
    expect((await r1.request("post", ackUrl, { token: bo.token })).status).toBe(404);
    const acked = await r1.request("post", ackUrl, { token: mo.token });
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body).toMatchObject({ id: firingId, acknowledgedBy: mo.id });
    expect(Date.parse(acked.body.acknowledgedAt)).not.toBeNaN();
    const again = await r1.request("post", ackUrl, { token: ada.token });
    expect(again.body).toMatchObject({ acknowledgedBy: mo.id, acknowledgedAt: acked.body.acknowledgedAt });
    const audit = await world.stores.db.knex("audit_log").where({ org_id: orgA }).whereIn("action", ["alert.created", "alert_firing.acknowledged"]).select("action", "actor");
    expect(audit).toEqual(expect.arrayContaining([{ action: "alert.created", actor: ada.id }, { action: "alert_firing.acknowledged", actor: mo.id }]));
    expect(audit.filter((a) => a.action === "alert_firing.acknowledged")).toHaveLength(1);
  });

  it("changes and deletes an alert for its org_admin only, audited", async () => {
    const url = `${alertsOf(orgA)}/${quietId}`;
    expect((await r1.request("put", url, { token: bo.token, body: anAlert() })).status).toBe(404);
    const changed = await r1.request("put", url, { token: ada.token, body: anAlert({ name: "Energy over 2000 MWh", metric: "energy_mwh", threshold: 2000 }) });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ threshold: 2000, updatedBy: ada.id });
    expect((await r1.request("delete", url, { token: mo.token })).status).toBe(403);
    expect((await r1.request("delete", url, { token: ada.token })).status).toBe(204);
    expect((await r1.request("get", url, { token: ada.token })).status).toBe(404);
    const actions = (await world.stores.db.knex("audit_log").where({ org_id: orgA, entity_id: quietId }).select("action")).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["alert.created", "alert.changed", "alert.deleted"]));
  });

  it("a webhook alert is POSTed once, signed with the organization's endpoint secret", async () => {
    const endpoint = await r1.request("post", `${V1}/organizations/${orgA}/webhook-endpoints`, { token: ada.token, body: { name: "Sustainability desk" } });
    expect(endpoint.status).toBe(201);
    const foreignEndpoint = await r1.request("post", `${V1}/organizations/${orgB}/webhook-endpoints`, { token: bo.token, body: { name: "Brewery desk" } });
    const refused = await r1.request("post", alertsOf(orgA), { token: ada.token, body: anAlert({ channel: "webhook", webhookUrl: "https://example.test/hook", webhookEndpointId: foreignEndpoint.body.id }) });
    expect(refused.status).toBe(404);
    expect(refused.body.field).toBe("body.webhookEndpointId");
    // The api accepts https URLs only; the local receiver is plain http, so the alert is stored directly.
    const alert = await insertAlert(world.stores.db.knex, orgA, { name: "Energy over 100 MWh", metric: "energy_mwh", stage: "potential", windowDays: 30, comparison: "above", threshold: 100, channel: "webhook", webhookUrl: receiverUrl, webhookEndpointId: endpoint.body.id }, ada.id);

    await Promise.all(workers.map((w) => w.flush()));
    await workers[0]!.flush();

    // Both dispatchers are woken; the firing's due row is claimed by one of them.
    await vi.waitFor(async () => expect((await world.stores.db.knex("alert_firings").where({ alert_id: alert.id }).first())?.delivery_status).toBe("delivered"), { timeout: 10_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // long enough for a second delivery to show
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(() => verifyWebhookSignature({ secret: endpoint.body.secret, header: String(delivery!.headers["turash-signature"]), body: delivery!.body, now: Date.now() / 1000 })).not.toThrow();
    expect(delivery!.headers["turash-webhook-id"]).toBe(endpoint.body.id);
    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({ type: "alert.fired", alertId: alert.id, orgId: orgA, metric: "energy_mwh", value: 400 });
    expect(delivery!.headers["turash-delivery"]).toBe(payload.firingId);
    const firings = await r1.request("get", `${firingsOf(orgA)}?alertId=${alert.id}`, { token: ada.token });
    expect(firings.body.items).toHaveLength(1);
    expect(firings.body.items[0]).toMatchObject({ deliveryStatus: "delivered", deliveryAttempts: 1 });
    expect(firings.body.items[0].deliveredAt).not.toBeNull();
  }, 60_000);
});
