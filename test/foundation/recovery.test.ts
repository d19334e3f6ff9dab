/**
 * A store dies under a running api and comes back: while it is down the api answers 503
 * problem+json naming it — on /readyz and on a route that needs it — and once it is back
 * /readyz is 200 again without a restart, and a write accepted then is there to read.
 * Each store is an instance of the test's own (test/helpers/own-stores.ts), killed with
 * kill -9; the rest are the usual test services. A write while NATS is down is accepted and
 * its event reaches NATS once it is back (the transactional outbox, events/outbox.ts). (Neo4j is left out: the test instance
 * takes far longer to restart than this suite may spend.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { ownNats, ownPostgres, ownRedis, type OwnStore } from "../helpers/own-stores.ts";
import { aUserWithRole } from "../helpers/http.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { connect } from "nats";
import { eventNames } from "../../events/streams.ts";
import type { EntityChanged } from "../../events/publisher.ts";
import { createDatabase } from "../../platform/connect/postgres.ts";
import { migrateAll } from "../../ops/migrate.ts";
import { testConfig } from "../helpers/config.ts";

const V1 = "/api/v1";
const RECOVERY_WITHIN_MS = 30_000;

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

async function call(api: RunningTestApi, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A 503 problem naming `service`. */
function expectUnavailable(answer: Answer, service: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.type).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
  expect(String(answer.body.service).split(", ")).toContain(service);
}

/** Poll /readyz until 200, at most RECOVERY_WITHIN_MS (a generous bound, not a timing assert). */
async function readyAgain(api: RunningTestApi): Promise<Answer> {
  const deadline = Date.now() + RECOVERY_WITHIN_MS;
  let last: Answer | undefined;
  while (Date.now() < deadline) {
    last = await call(api, "GET", "/readyz");
    if (last.status === 200) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/readyz still ${last?.status} after ${RECOVERY_WITHIN_MS} ms: ${JSON.stringify(last?.body)}`);
}

/**
 * The entity events on the events stream of `url` that `wanted` picks, once `count` of them
 * are there (polled, at most RECOVERY_WITHIN_MS: the outbox relay publishes within a tick or two).
 */
async function eventsOn(url: string, prefix: string, wanted: (e: EntityChanged) => boolean, count: number): Promise<EntityChanged[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const stream = eventNames(prefix).streams.events;
    const deadline = Date.now() + RECOVERY_WITHIN_MS;
    for (;;) {
      const { state } = await jsm.streams.info(stream);
      const found: EntityChanged[] = [];
      for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
        const event = (await jsm.streams.getMessage(stream, { seq })).json<EntityChanged>();
        if (wanted(event)) found.push(event);
      }
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await nc.close();
  }
}

async function login(api: RunningTestApi, user: { email: string; password: string }): Promise<string> {
  const res = await call(api, "POST", `${V1}/auth/login`, undefined, { email: user.email, password: user.password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.accessToken as string;
}

/** Register an organization; the answer's status. */
async function register(api: RunningTestApi, token: string, externalId: string): Promise<Answer> {
  return call(api, "POST", `${V1}/organizations`, token, aBusiness({ externalId, contact: { name: "Ida Jensen", email: "ida@example.test" } }));
}

describe("the api while a store is down, and after it returns", () => {
  let api: RunningTestApi | undefined;
  let store: OwnStore | undefined;
  afterEach(async () => {
    await api?.stop();
    await store?.destroy();
    api = undefined;
    store = undefined;
  });

  /** A user of `knexUrl`'s database, logged in through `api`. */
  async function actor(databaseUrl: string): Promise<string> {
    const db = createDatabase(databaseUrl);
    try {
      return await login(api!, await aUserWithRole(db.knex, "org_admin", [], "recovery"));
    } finally {
      await db.knex.destroy();
    }
  }

  it("Redis: 503 naming redis on /readyz and on an authenticated read; 200 again once it is back, and a write then is kept", async () => {
    store = await ownRedis();
    api = await startTestApi({ REDIS_URL: store.url });
    const token = await actor(api.config.postgres.url);
    const before = `recovery-redis-before-${Date.now()}`;
    expect((await register(api, token, before)).status).toBe(201); // a member's requests spend the organization's budget (Redis)
    expect((await call(api, "GET", "/readyz")).status).toBe(200);

    await store.kill();
    expectUnavailable(await call(api, "GET", "/readyz"), "redis");
    expectUnavailable(await call(api, "GET", `${V1}/organizations/${before}`, token), "redis");

    await store.start();
    await readyAgain(api);
    const id = `recovery-redis-${Date.now()}`;
    expect((await register(api, token, id)).status).toBe(201);
    expect((await call(api, "GET", `${V1}/organizations/${id}`, token)).status).toBe(200);
  });

  it("NATS: 503 naming nats on /readyz, yet a site and a flow written meanwhile are accepted; once NATS is back /readyz is 200 and each write's event is on the stream, once", async () => {
    store = await ownNats();
    api = await startTestApi({ NATS_URL: store.url });
    const token = await actor(api.config.postgres.url);
    const org = `recovery-nats-org-${Date.now()}`;
    expect((await register(api, token, org)).status).toBe(201);
    expect((await call(api, "GET", "/readyz")).status).toBe(200);

    await store.kill();
    expectUnavailable(await call(api, "GET", "/readyz"), "nats");
    // The write commits in Neo4j and PostgreSQL with its event queued in the outbox: it is
    // accepted (never a 503 for a record that exists), and the event waits for NATS.
    const site = aSite(org);
    expect((await call(api, "POST", `${V1}/sites`, token, site)).status).toBe(201);
    const flow = aFlow(site.externalId);
    expect((await call(api, "POST", `${V1}/resource-flows`, token, flow)).status).toBe(201);
    const changed = await call(api, "PATCH", `${V1}/resource-flows/${flow.externalId}`, token, { version: 1, quantity: { value: 900, unit: "MWh/yr" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await call(api, "GET", `${V1}/sites/${site.externalId}`, token)).status).toBe(200);

    await store.start();
    await readyAgain(api);
    const events = await eventsOn(store.url, api.config.nats.streamPrefix, (e) => [site.externalId, flow.externalId].some((id) => e.id.endsWith(id)), 3);
    expect(events.map((e) => `${e.type} ${e.change} v${e.version}`).sort()).toEqual(["flow.changed created v1", "flow.changed updated v2", "site.changed created v1"]);

    const later = aSite(org);
    expect((await call(api, "POST", `${V1}/sites`, token, later)).status).toBe(201);
    expect((await call(api, "GET", `${V1}/sites/${later.externalId}`, token)).status).toBe(200);
  });

  it("PostgreSQL: 503 naming postgres on /readyz and on an authenticated read; 200 again once it is back, and a write then is kept", async () => {
    store = await ownPostgres("turash_recovery");
    await migrateAll(testConfig({ DATABASE_URL: store.url }));
    api = await startTestApi({ DATABASE_URL: store.url });
    const token = await actor(store.url);
    expect((await call(api, "GET", "/readyz")).status).toBe(200);

    await store.kill();
    expectUnavailable(await call(api, "GET", "/readyz"), "postgres");
    expectUnavailable(await call(api, "GET", `${V1}/organizations/no-such-org`, token), "postgres");

    await store.start();
    await readyAgain(api);
    const id = `recovery-pg-${Date.now()}`;
    expect((await register(api, token, id)).status).toBe(201);
    expect((await call(api, "GET", `${V1}/organizations/${id}`, token)).status).toBe(200);
  });
});
