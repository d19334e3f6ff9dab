/**
 * Abuse limits (issue 10, Deliver 5): login throttling per account and per address with
 * lockout and backoff, request budgets per API key and per organization, answered 429
 * problem+json with Retry-After and RateLimit-* headers. Each app here sets its own low
 * limits; addresses come from X-Forwarded-For (trusted from loopback), so the suites'
 * counters never meet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemOf, startHttpApi, aUserWithRole, type TestApi, type TestUser, type HttpResponse } from "../helpers/http.ts";
import { anOrganization, V1 } from "./fixtures.ts";

let nextAddress = Math.floor(Math.random() * 200);
const freshAddress = () => `198.51.${Math.floor(Math.random() * 250)}.${(nextAddress++ % 250) + 1}`;

function expectRateLimited(res: HttpResponse): number {
  expect(res.status).toBe(429);
  expect(problemOf(res).code).toBe("RATE_LIMITED");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(res.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
  expect(res.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  return retryAfter;
}

describe("login throttling", () => {
  let api: TestApi;
  let quick: TestApi;
  beforeAll(async () => {
    api = await startHttpApi({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "5", LOGIN_MAX_FAILURES_PER_ADDRESS: "8", LOGIN_LOCKOUT_SECONDS: "60" });
    quick = await startHttpApi({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3", LOGIN_LOCKOUT_SECONDS: "1", LOGIN_LOCKOUT_MAX_SECONDS: "600" });
  });
  afterAll(async () => {
    await api?.stop();
    await quick?.stop();
  });

  const attempt = (app: TestApi, user: TestUser, password: string, from: string) =>
    app.request("post", `${V1}/auth/login`, { body: { email: user.email, password }, headers: { "x-forwarded-for": from } });

  it("30 wrong passwords, then the right one: past the limit every attempt is a 429 with Retry-After, the right password too", async () => {
    const user = await aUserWithRole(api.knex, "org_member", [], "guessed");
    const from = freshAddress();
    const statuses: number[] = [];
    let last: HttpResponse | undefined;
    for (let i = 0; i < 30; i++) {
      last = await attempt(api, user, `wrong-${i}`, from);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expectRateLimited(last!);

    const right = await attempt(api, user, user.password, from);
    expect(expectRateLimited(right)).toBeLessThanOrEqual(60);
    expect(right.body.accessToken).toBeUndefined();
    // The account is locked from any address: guessing from many machines does not help.
    expectRateLimited(await attempt(api, user, user.password, freshAddress()));
    // The audit log has the five failures and the lockout, not the 25 refused attempts.
    const entries = await api.knex("audit_log").where({ entity_id: user.id }).select("action");
    expect(entries.map((e: { action: string }) => e.action).sort()).toEqual([...Array(5).fill("auth.login_failed"), "auth.locked_out"].sort());
  });

  it("an address that failed for many accounts is locked for every account, the right password too", async () => {
    const from = freshAddress();
    for (let i = 0; i < 8; i++) {
      const victim = await aUserWithRole(api.knex, "org_member", [], `sprayed-${i}`);
      expect((await attempt(api, victim, "Summer2026!", from)).status).toBe(401);
    }
    const someone = await aUserWithRole(api.knex, "org_member", [], "innocent");
    expectRateLimited(await attempt(api, someone, someone.password, from));
    expect((await attempt(api, someone, someone.password, freshAddress())).status).toBe(200);
  });

  it("a lockout ends after its time; the next one of the same account lasts twice as long", async () => {
    const user = await aUserWithRole(quick.knex, "org_member", [], "backoff");
    const from = freshAddress();
    for (let i = 0; i < 3; i++) expect((await attempt(quick, user, "nope", from)).status).toBe(401);
    expect(expectRateLimited(await attempt(quick, user, user.password, from))).toBe(1);
    await new Promise((r) => setTimeout(r, 1_300));
    for (let i = 0; i < 3; i++) expect((await attempt(quick, user, "nope", from)).status).toBe(401);
    expect(expectRateLimited(await attempt(quick, user, user.password, from))).toBe(2);
    await new Promise((r) => setTimeout(r, 2_300));
    const ok = await attempt(quick, user, user.password, from);
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
  });

  it("a successful login clears the account's failures", async () => {
    const user = await aUserWithRole(api.knex, "org_member", [], "forgetful");
    for (let round = 0; round < 3; round++) {
      const from = freshAddress();
      for (let i = 0; i < 4; i++) expect((await attempt(api, user, "typo", from)).status).toBe(401);
      expect((await attempt(api, user, user.password, freshAddress())).status).toBe(200);
    }
  });
});

describe("request budgets", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startHttpApi({ RATE_LIMIT_PER_API_KEY: "3", RATE_LIMIT_PER_ORGANIZATION: "6", RATE_LIMIT_WINDOW_SECONDS: "60" });
  });
  afterAll(async () => api?.stop());

  const aKey = async (token: string, orgId: string) => {
    const res = await api.request("post", `${V1}/organizations/${orgId}/api-keys`, { token, body: { name: "erp", scopes: ["flows:read"] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.key as string;
  };

  it("an API key gets its budget, with RateLimit-* headers counting down, then 429 with Retry-After", async () => {
    const founder = await api.actor("org_admin", [], "budget-founder");
    const org = await anOrganization(api, founder);
    const key = await aKey(founder.token, org.externalId);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.request("get", `${V1}/sites`, { apiKey: key });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      remaining.push(res.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await api.request("get", `${V1}/sites`, { apiKey: key });
    expect(expectRateLimited(refused)).toBeLessThanOrEqual(60);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
  });

  it("an organization's budget is shared by its keys and its people; another organization is not affected", async () => {
    const founder = await api.actor("org_admin", [], "org-budget");
    // Creating the organization is not on its budget (the founder was no member yet); the two keys are.
    const org = await anOrganization(api, founder);
    const [k1, k2] = [await aKey(founder.token, org.externalId), await aKey(founder.token, org.externalId)];
    const statuses: number[] = [];
    for (const apiKey of [k1, k1, k2, k2]) statuses.push((await api.request("get", `${V1}/sites`, { apiKey })).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    // 2 + 4 = 6: the organization's budget is spent, whoever asks (k2 itself has one request left).
    expectRateLimited(await api.request("get", `${V1}/sites`, { apiKey: k2 }));
    expectRateLimited(await api.request("get", `${V1}/users/me`, { token: founder.token }));

    const other = await api.actor("org_admin", [], "other-org");
    const otherOrg = await anOrganization(api, other);
    expect((await api.request("get", `${V1}/organizations/${otherOrg.externalId}`, { token: other.token })).status).toBe(200);
  });
});
