/**
 * Meter readings end to end on the real services: via the signed webhook and via a direct
 * NATS publish, both reach the readings worker, which stores them and writes the flow's
 * measured annual quantity through the write path (graph document and PostGIS summary).
 * Bad readings land in `<P>.dlq.flows-readings` with the reason; a re-sent reading changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { StoredFlowDoc } from "../../ingest/write-path.ts";
import { readFlows } from "../../ingest/write-path.ts";
import { annualize } from "../../ingest/readings/annualize.ts";
import { readingsDeadLetterSubject, readingsSubject } from "../../ingest/readings/subjects.ts";
import { startReadingsWorker } from "../../ingest/readings/worker.ts";
import type { DeadLetter, RunningConsumer } from "../../events/consumer.ts";
import { startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { config, names, resetStores } from "../helpers/stores.ts";
import { aFlowAt, anOrganization, aSiteOf } from "../api/fixtures.ts";
import { anEndpoint, deliver, type Endpoint } from "./fixtures.ts";

const DAY = 24 * 3600 * 1000;
const prefix = config.nats.streamPrefix;

describe("meter readings", () => {
  let api: TestApi;
  let worker: RunningConsumer;
  const workerName = `readings-test-${Date.now()}`;
  let alice: Actor;
  let orgA: string, siteA: string, otherSite: string;
  let endpoint: Endpoint;

  /** The flow as both stores hold it. */
  async function flowState(flowId: string) {
    const stored = (await readFlows(api.stores.neo4j, [flowId])).get(flowId)!;
    const index = await api.knex("flow_index").where({ flow_id: flowId }).first();
    return { doc: stored.doc as StoredFlowDoc, version: stored.version, index };
  }

  /** Dead letters of the readings consumer, read back from the DLQ stream by sequence. */
  async function deadLetters(): Promise<DeadLetter[]> {
    const jsm = await api.stores.nats.jetstreamManager();
    const { state } = await jsm.streams.info(names.streams.deadLetters);
    const letters: DeadLetter[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const msg = await jsm.streams.getMessage(names.streams.deadLetters, { seq }).catch(() => undefined);
      if (msg?.subject === readingsDeadLetterSubject(prefix)) letters.push(msg.json<DeadLetter>());
    }
    return letters;
  }

  const publishDirect = async (siteId: string, message: unknown) => {
    await api.stores.nats.jetstream().publish(readingsSubject(prefix, siteId), typeof message === "string" ? message : JSON.stringify(message));
  };

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    await api.knex.raw("truncate webhook_endpoints, meter_readings");
    worker = await startReadingsWorker({ neo4j: api.stores.neo4j, knex: api.knex, nats: api.stores.nats, streamPrefix: prefix, name: workerName, maxDeliver: 3, nakDelayMs: () => 100 });
    alice = await api.actor("org_admin", [], "alice");
    orgA = (await anOrganization(api, alice)).externalId;
    siteA = (await aSiteOf(api, alice, orgA)).externalId;
    otherSite = (await aSiteOf(api, alice, orgA, { lat: 55.7, lon: 11.2 })).externalId;
    endpoint = await anEndpoint(api, alice, orgA);
  });

  afterAll(async () => {
    await worker?.stop();
    const jsm = await api?.stores.nats.jetstreamManager();
    await jsm?.consumers.delete(names.streams.events, workerName).catch(() => undefined);
    await api?.stop();
  });

  it("readings delivered by webhook make the flow measured, with the annualized quantity, in both stores", async () => {
    const flow = await aFlowAt(api, alice, siteA, { quantity: { value: 1200, unit: "MWh/yr" }, precision: "estimated" });
    const end = Math.floor((Date.now() - DAY) / DAY) * DAY; // whole days, ending yesterday
    // 30 daily readings of 9.5 MWh: extrapolated to a year.
    const readings = Array.from({ length: 30 }, (_, i) => ({ siteId: siteA, flowId: flow.externalId, at: new Date(end - i * DAY).toISOString(), value: 9.5, unit: "MWh", periodSeconds: 86_400 }));
    const expected = annualize(readings.map((r) => ({ start: Date.parse(r.at) - DAY, end: Date.parse(r.at), amount: 9.5 })))!;
    expect(expected).toMatchObject({ annual: 3470, method: "extrapolated" });

    const res = await deliver(api, endpoint, { readings });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.accepted).toBe(30);

    await vi.waitFor(async () => expect((await api.knex("meter_readings").where({ flow_id: flow.externalId }).count({ n: "*" }))[0]!.n).toBe("30"), { timeout: 20_000, interval: 200 });
    await vi.waitFor(async () => expect((await flowState(flow.externalId)).doc.quantity.value).toBe(expected.annual), { timeout: 20_000, interval: 200 });
    const state = await flowState(flow.externalId);
    expect(state.doc).toMatchObject({ quantity: { value: 3470, unit: "MWh/yr" }, precision: "measured", normalized: { annual: 3470, unit: "MWh/yr" } });
    expect(state.index).toMatchObject({ annual_quantity: 3470, canonical_unit: "MWh/yr", precision: "measured", version: state.version });
    // Constant daily readings give the same figure from the 7th day on: one write, not thirty.
    expect(state.version).toBe(2);
    const audit = await api.knex("audit_log").where({ entity_id: flow.externalId, entity_version: 2 }).first();
    expect(audit.actor).toBe(`readings:webhook:${endpoint.id}`);
  });

  it("a reading published on NATS directly does the same, converting the unit to the flow's canonical one", async () => {
    const flow = await aFlowAt(api, alice, siteA, { quantity: { value: 2, unit: "MW" }, precision: "rough" });
    const periodEnd = new Date(Math.floor((Date.now() - DAY) / DAY) * DAY);
    const periodStart = new Date(periodEnd.getTime() - 30 * DAY);
    // A mean of 1,500 kW over 30 days = 1,080 MWh; over a year 13,140 → 13,100 (3 significant digits).
    await publishDirect(siteA, { flowId: flow.externalId, at: periodEnd.toISOString(), value: 1500, unit: "kW", periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString() });

    await vi.waitFor(async () => expect((await flowState(flow.externalId)).doc.precision).toBe("measured"), { timeout: 20_000, interval: 200 });
    const state = await flowState(flow.externalId);
    expect(state.doc.quantity).toEqual({ value: 13_100, unit: "MWh/yr" });
    expect(state.index).toMatchObject({ annual_quantity: 13_100, precision: "measured", version: 2 });
    const [row] = await api.knex("meter_readings").where({ flow_id: flow.externalId });
    expect(row).toMatchObject({ site_id: siteA, value: 1500, unit: "kW", canonical_unit: "MWh/yr", source: "nats" });
    expect(row.amount).toBeCloseTo(1080, 6);
  });

  it("re-sending the same reading changes nothing: the worker takes it, the version stays", async () => {
    const flow = await aFlowAt(api, alice, siteA);
    const reading = { flowId: flow.externalId, at: new Date(Date.now() - DAY).toISOString(), value: 70, unit: "MWh", periodSeconds: 7 * 86_400 };
    await publishDirect(siteA, reading);
    await vi.waitFor(async () => expect((await flowState(flow.externalId)).version).toBe(2), { timeout: 20_000, interval: 200 });
    const before = await flowState(flow.externalId);
    const acked = worker.counts.acked;

    // Sent again without a message id (JetStream does not drop it), and again through the webhook.
    await publishDirect(siteA, reading);
    expect((await deliver(api, endpoint, { readings: [{ ...reading, siteId: siteA }] })).status).toBe(202);
    await vi.waitFor(() => expect(worker.counts.acked).toBeGreaterThanOrEqual(acked + 2), { timeout: 20_000, interval: 100 });

    const after = await flowState(flow.externalId);
    expect(after.version).toBe(before.version);
    expect(after.doc.quantity).toEqual({ value: 3650, unit: "MWh/yr" });
    expect(after.index.version).toBe(before.version);
    const rows = await api.knex("meter_readings").where({ flow_id: flow.externalId });
    expect(rows).toHaveLength(1);
    expect(rows[0].source).toBe("nats"); // the same reading from another path is not a change
  });

  it("a reading of another site's flow, of an unknown flow, in a unit that does not fit, or malformed, is dead-lettered with the reason", async () => {
    const flow = await aFlowAt(api, alice, siteA);
    const at = new Date(Date.now() - DAY).toISOString();
    const dead = worker.counts.deadLettered;

    await publishDirect(otherSite, { flowId: flow.externalId, at, value: 5, unit: "MWh", periodSeconds: 86_400 });
    await publishDirect(siteA, { flowId: "no-such-flow-anywhere", at, value: 5, unit: "MWh", periodSeconds: 86_400 });
    await publishDirect(siteA, { flowId: flow.externalId, at, value: 5, unit: "t", periodSeconds: 86_400 });
    await publishDirect(siteA, { flowId: flow.externalId, value: "lots" });
    await publishDirect(siteA, "not json at all");

    await vi.waitFor(() => expect(worker.counts.deadLettered).toBeGreaterThanOrEqual(dead + 5), { timeout: 20_000, interval: 100 });
    const letters = await deadLetters();
    const find = (pred: (l: DeadLetter) => boolean) => letters.find(pred)!;
    expect(find((l) => l.subject === readingsSubject(prefix, otherSite)).reason).toBe(`failed: flow "${flow.externalId}" is not at site "${otherSite}"`);
    expect(find((l) => l.payload.includes("no-such-flow-anywhere")).reason).toMatch(/^failed: ResourceFlow "no-such-flow-anywhere" not found/);
    expect(find((l) => l.payload.includes('"unit":"t"')).reason).toMatch(/^failed: Unit "t" does not fit resource "waste_heat_low"/);
    expect(find((l) => l.payload.includes('"lots"')).reason).toMatch(/^unparseable: at: .*value: must be a number/s);
    expect(find((l) => l.payload === "not json at all").reason).toMatch(/^unparseable: /);
    for (const letter of letters) expect(letter.consumer).toBe(workerName);

    // Nothing of them was stored and the flow is untouched.
    expect(await api.knex("meter_readings").where({ flow_id: flow.externalId })).toHaveLength(0);
    expect((await flowState(flow.externalId)).version).toBe(1);
  });
});
