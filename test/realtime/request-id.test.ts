/**
 * One request id from the api to the browser: a REST write's `X-Request-Id` (the client's
 * when well-formed) is answered back, travels in the NATS headers of flows.changed to the
 * matching worker — whose log lines carry it — and on in matches.updated to the bridge,
 * and arrives as `meta.requestId` of the Socket.IO match event. An import's id reaches the
 * ingest worker's lines of both stages the same way (ingest.raw → ingest.validated).
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { startTestMatchingWorker, type TestMatchingWorker } from "../helpers/matching-worker.ts";
import { names, openTestStores, type TestStores } from "../helpers/stores.ts";
import { createLogger } from "../../platform/logger.ts";
import { at } from "../matching/fixtures.ts";
import { closeAll, created, listen, rest, someActors, V1 } from "./clients.ts";
import type { Actor } from "../helpers/http.ts";
import { csvText, startTestIngestWorker } from "../helpers/imports.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";

let stores: TestStores;
let api: RunningTestApi;
let worker: TestMatchingWorker;
let ingest: IngestWorker;
const ingestLines: Record<string, unknown>[] = [];
const durable = `request-id-${Date.now()}`;
const workerLines: Record<string, unknown>[] = [];
let alice: Actor, bob: Actor, facilitator: Actor;
let siteA: string, siteB: string;

/** A log destination keeping each JSON line in `lines`. */
function capture(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}

beforeAll(async () => {
  stores = await openTestStores();
  api = await startTestApi();
  worker = await startTestMatchingWorker(stores, durable, { log: createLogger("debug", "matching-worker", capture(workerLines)) });
  ingest = await startTestIngestWorker(stores, { log: createLogger("info", "ingest-worker", capture(ingestLines)) });
  const r = rest(api.url);
  [alice, bob, facilitator] = await someActors(stores.db.knex, r, [["org_admin", "alice"], ["org_admin", "bob"], ["facilitator", "fiona"]]);
  const orgA = await created(r, alice, "organizations", aBusiness({ name: "RID Smelter A/S" }));
  const orgB = await created(r, bob, "organizations", aBusiness({ name: "RID Greenhouse ApS" }));
  siteA = await created(r, alice, "sites", aSite(orgA, at(46, 0)));
  siteB = await created(r, bob, "sites", aSite(orgB, at(46.01, 0)));
});

afterAll(async () => {
  closeAll();
  await worker?.stop();
  await ingest?.stop();
  const jsm = await stores?.nats.jetstreamManager();
  await jsm?.consumers.delete(names.streams.events, durable).catch(() => undefined);
  await api?.stop();
  await stores?.close();
});

async function post(path: string, actor: Actor, body: unknown, requestId?: string): Promise<Response> {
  return fetch(`${api.url}${V1}/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${actor.token}`, "content-type": "application/json", ...(requestId ? { "x-request-id": requestId } : {}) },
    body: JSON.stringify(body),
  });
}

/** Poll `done` until true, at most 30 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("condition not met within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the request id", () => {
  it("answers a well-formed incoming id back and replaces a malformed one with a fresh id", async () => {
    const kept = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "gateway-7f3a.1" } });
    expect(kept.headers.get("x-request-id")).toBe("gateway-7f3a.1");
    const replaced = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "bad id\twith tab" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const fresh = await fetch(`${api.url}/healthz`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("of a flow write reaches the matching worker's log lines and the match event's meta on the party's socket", async () => {
    const aliceSocket = await listen(api.url, { token: alice.token });
    const need = aFlow(siteB, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2500, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    expect((await post("resource-flows", bob, need)).status).toBe(201);
    // The need's change handled first, so the match is made by the offer's (else the need's
    // recomputation may find the offer already written and make it under Bob's request).
    await until(() => workerLines.some((l) => l.msg === "matches updated" && l.flowId === need.externalId));
    const offer = aFlow(siteA, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    const requestId = `rid-${Date.now()}`;
    const res = await post("resource-flows", alice, offer, requestId);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe(requestId);

    const event = await aliceSocket.waitFor("match:created", (m) => m.matchId === matchId(offer.externalId, need.externalId), 30_000);
    expect(event.meta).toEqual({ requestId });
    const lines = workerLines.filter((l) => l.requestId === requestId);
    expect(lines.map((l) => l.msg)).toContain("matches updated");
    expect(lines.find((l) => l.msg === "matches updated")).toMatchObject({ flowId: offer.externalId });
  });

  it("of an import reaches the ingest worker's lines of both stages", async () => {
    const header = ["Company", "NACE", "Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit"];
    const row = ["RID Mejeri A/S", "10.51", "55.715", "11.71", "offer", "waste_heat_low", "2500", "MWh/yr"];
    const requestId = `rid-import-${Date.now()}`;
    const res = await fetch(`${api.url}${V1}/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${facilitator.token}`, "content-type": "text/csv", "x-request-id": requestId },
      body: csvText(header, [row], ","),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await until(() => ingestLines.some((l) => l.msg === "import chunk written" && l.jobId === id));
    const mine = ingestLines.filter((l) => l.jobId === id);
    expect(mine.map((l) => [l.msg, l.requestId])).toEqual([
      ["import chunk validated", requestId],
      ["import chunk written", requestId],
    ]);
  });
});
