/**
 * A store dies under a running api and comes back: while it is down the api answers 503
 * problem+json naming it — on /readyz and on a route that needs it — and once it is back
 * /readyz is 200 again without a restart, and a write accepted then is there to read.
 * Each store is an instance of the test's own (test/helpers/own-stores.ts), killed with
 * kill -9; the rest are the usual test services. (Neo4j is left out: the test instance
 * takes far longer to restart than this suite may spend.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { ownNats, ownPostgres, ownRedis, type OwnStore } from "../helpers/own-stores.ts";
import { aUserWithRole } from "../helpers/http.ts";
import { aBusiness, aSite } from "../helpers/builders.ts";
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

  it("NATS: 503 naming nats on /readyz and on a write that must announce itself; 200 again once it is back, and a write then is kept", async () => {
    store = await ownNats();
    api = await startTestApi({ NATS_URL: store.url });
    const token = await actor(api.config.postgres.url);
    const org = `recovery-nats-org-${Date.now()}`;
    expect((await register(api, token, org)).status).toBe(201);
    expect((await call(api, "GET", "/readyz")).status).toBe(200);

    await store.kill();
    expectUnavailable(await call(api, "GET", "/readyz"), "nats");
    // A site's creation is announced on NATS (site.changed): without NATS it cannot be accepted.
    expectUnavailable(await call(api, "POST", `${V1}/sites`, token, aSite(org)), "nats");

    await store.start();
    await readyAgain(api);
    const site = aSite(org);
    expect((await call(api, "POST", `${V1}/sites`, token, site)).status).toBe(201);
    expect((await call(api, "GET", `${V1}/sites/${site.externalId}`, token)).status).toBe(200);
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
