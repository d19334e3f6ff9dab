/**
 * Prometheus on the real services: the api's /metrics exists only with METRICS_TOKEN and
 * answers only that bearer; it shows request latency under the route pattern, the match
 * reads' latency and cache lookups, each durable consumer's backlog and the dead letters
 * kept per source. A worker's own endpoint (ops/metrics-server.ts) asks the same token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { config, names, openTestStores, type TestStores } from "../helpers/stores.ts";
import { anActor, created, rest, V1 } from "../realtime/clients.ts";
import { createProcessMetrics } from "../../platform/metrics.ts";
import { queueFigures } from "../../events/queue-figures.ts";
import { serveMetrics } from "../../ops/metrics-server.ts";
import { AckPolicy } from "nats";

const TOKEN = "metrics-token-metrics-token-0123456789";
let stores: TestStores;
let api: RunningTestApi;
// Names of this run's own: the events stream keeps earlier runs' messages.
const stamp = Date.now();
const durable = `metrics-test-${stamp}`;
const source = `metrics-test-${stamp}`;

beforeAll(async () => {
  stores = await openTestStores();
  api = await startTestApi({ METRICS_TOKEN: TOKEN });
  const jsm = await stores.nats.jetstreamManager();
  // A durable with a backlog of one, and a dead letter of a source of this test's own.
  await jsm.consumers.add(names.streams.events, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: `${names.subjects.flowsChanged}.${durable}` });
  await stores.nats.jetstream().publish(`${names.subjects.flowsChanged}.${durable}`, "{}");
  await stores.nats.jetstream().publish(names.subjects.deadLetter(source), "{}");
});

afterAll(async () => {
  const jsm = await stores?.nats.jetstreamManager();
  await jsm?.consumers.delete(names.streams.events, durable).catch(() => undefined);
  await jsm?.streams.purge(names.streams.deadLetters, { filter: names.subjects.deadLetter(source) }).catch(() => undefined);
  await api?.stop();
  await stores?.close();
});

const scrape = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** The value of the first series of `name` whose labels include every `labels` pair. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("GET /metrics on the api", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    const open = await startTestApi();
    try {
      const res = await scrape(`${open.url}/metrics`);
      expect(res.status).toBe(404);
    } finally {
      await open.stop();
    }
  });

  it("refuses a scrape without the token or with another, as a 401 problem", async () => {
    for (const token of [undefined, "metrics-token-metrics-token-0123456780"]) {
      const res = await scrape(`${api.url}/metrics`, token);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("shows request latency by route pattern, match latency and cache lookups, consumer lag per durable and dead letters per source", async () => {
    const r = rest(api.url);
    const ada = await anActor(stores.db.knex, r, "org_admin", [], "metrics");
    const org = await created(r, ada, "organizations", aBusiness());
    const site = await created(r, ada, "sites", aSite(org));
    const flow = await created(r, ada, "resource-flows", aFlow(site));
    for (let i = 0; i < 2; i++) expect((await r.request("get", `${V1}/resource-flows/${flow}/matches`, { token: ada.token })).status).toBe(200);

    const res = await scrape(`${api.url}/metrics`, TOKEN);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, "http_request_duration_seconds_count", { route: "/api/v1/resource-flows/:id/matches", status: "200" })).toBe(2);
    expect(text).not.toContain(`route="/api/v1/resource-flows/${flow}`);
    // The first read computed, the second came from the cache.
    expect(sample(text, "turash_match_cache_lookups_total", { result: "hit" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "turash_match_duration_seconds_count", { result: "cached" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "turash_match_duration_seconds_count", { result: "computed" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "turash_consumer_pending_messages", { stream: names.streams.events, durable })).toBe(1);
    expect(sample(text, "turash_dead_letters", { source })).toBe(1);
  });
});

describe("a worker's metrics endpoint", () => {
  it("serves its registry on its own port, to the token only", async () => {
    const server = await serveMetrics(createProcessMetrics(queueFigures(stores.nats, config.nats.streamPrefix)), "127.0.0.1", 0, TOKEN);
    try {
      expect((await scrape(server.url)).status).toBe(401);
      // The liveness probe's path answers without the token, and says nothing but "ok".
      const health = await fetch(new URL("/healthz", server.url));
      expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
      const res = await scrape(server.url, TOKEN);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, "turash_consumer_pending_messages", { durable })).toBe(1);
      expect(text).toContain("process_cpu_seconds_total");
    } finally {
      await server.close();
    }
  });

  it("that cannot bind its port says so in one line naming the variable", async () => {
    const taken = await serveMetrics(createProcessMetrics(), "127.0.0.1", 0, undefined);
    try {
      const port = Number(new URL(taken.url).port);
      await expect(serveMetrics(createProcessMetrics(), "127.0.0.1", port, undefined, "MATCHING_WORKER_METRICS_PORT")).rejects.toThrow(
        new RegExp(`MATCHING_WORKER_METRICS_PORT: cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`),
      );
    } finally {
      await taken.close();
    }
  });
});
