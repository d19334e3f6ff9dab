/**
 * Access tokens expire and belong to a session; refresh tokens rotate; reusing a rotated
 * one ends the session; logout ends it (issue 10, Deliver 4).
 */
import { createHash } from "node:crypto";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAccessToken } from "../../api/auth/tokens.ts";
import { openSession } from "../../ledgers/sessions.ts";
import { config } from "../helpers/stores.ts";
import { problemOf, startHttpApi, type TestApi, type TestUser } from "../helpers/http.ts";
import { aUserWithRole } from "../helpers/http.ts";
import { V1 } from "./fixtures.ts";

let api: TestApi;
let user: TestUser;

const loginOf = async (u: TestUser) => {
  const res = await api.request("post", `${V1}/auth/login`, { body: { email: u.email, password: u.password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { accessToken: string; refreshToken: string; expiresIn: number; refreshExpiresAt: string };
};
const me = (token: string) => api.request("get", `${V1}/users/me`, { token });
const refresh = (refreshToken: string) => api.request("post", `${V1}/auth/refresh`, { body: { refreshToken } });

beforeAll(async () => {
  api = await startHttpApi();
  user = await aUserWithRole(api.knex, "org_member", [], "session-user");
});
afterAll(async () => api?.stop());

describe("access tokens", () => {
  it("a token signed with the right secret but without exp is refused with 401", async () => {
    const { sessionId } = await openSession(api.knex, user.id, 3600);
    const claims = { role: "admin", sid: sessionId };
    const noExp = jwt.sign(claims, config.auth.jwtSecret, { algorithm: "HS256", subject: user.id, issuer: "turash", audience: "turash-api" });
    const withExp = signAccessToken({ sub: user.id, role: "org_member", sid: sessionId }, config.auth.jwtSecret, 600);

    const refused = await me(noExp);
    expect(refused.status).toBe(401);
    expect(problemOf(refused).code).toBe("UNAUTHENTICATED");
    expect((await me(withExp)).status).toBe(200); // the same claims with an expiry work
  });

  it("a token without a session, or past its exp, is refused with 401", async () => {
    const { sessionId } = await openSession(api.knex, user.id, 3600);
    const noSession = jwt.sign({ role: "org_member" }, config.auth.jwtSecret, { algorithm: "HS256", subject: user.id, issuer: "turash", audience: "turash-api", expiresIn: 600 });
    const expired = jwt.sign({ sid: sessionId, exp: Math.floor(Date.now() / 1000) - 5 }, config.auth.jwtSecret, { algorithm: "HS256", subject: user.id, issuer: "turash", audience: "turash-api" });
    expect((await me(noSession)).status).toBe(401);
    expect((await me(expired)).status).toBe(401);
  });

  it("login answers a short access token (JWT_TTL_SECONDS) and a refresh token", async () => {
    const tokens = await loginOf(user);
    expect(tokens.expiresIn).toBe(config.auth.jwtTtlSeconds);
    const decoded = jwt.decode(tokens.accessToken) as { exp: number; iat: number; sid: string };
    expect(decoded.exp - decoded.iat).toBe(config.auth.jwtTtlSeconds);
    expect(tokens.refreshToken).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(new Date(tokens.refreshExpiresAt).getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    // Stored hashed: the token itself is nowhere in the ledger.
    expect(await api.knex("refresh_tokens").where({ token_hash: tokens.refreshToken })).toHaveLength(0);
    const hash = createHash("sha256").update(tokens.refreshToken).digest("hex");
    expect(await api.knex("refresh_tokens").where({ token_hash: hash })).toHaveLength(1);
  });
});

describe("refresh-token rotation", () => {
  it("a refresh gives new working tokens; the refresh token used is then refused", async () => {
    const first = await loginOf(user);
    const renewed = await refresh(first.refreshToken);
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(renewed.body.accessToken)).status).toBe(200);

    const again = await refresh(first.refreshToken);
    expect(again.status).toBe(401);
    expect(problemOf(again).code).toBe("UNAUTHENTICATED");
  });

  it("reusing a rotated refresh token revokes the whole family: the newest refresh and access tokens stop working", async () => {
    const first = await loginOf(user);
    const second = (await refresh(first.refreshToken)).body as { accessToken: string; refreshToken: string };
    expect((await me(second.accessToken)).status).toBe(200);

    expect((await refresh(first.refreshToken)).status).toBe(401); // the thief's replay
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
    // Another login of the same user is another family: untouched.
    expect((await me((await loginOf(user)).accessToken)).status).toBe(200);
  });

  it("an unknown or malformed refresh token is a 401; a missing one a 400 naming the field", async () => {
    expect((await refresh("rt_nope")).status).toBe(401);
    const missing = await api.request("post", `${V1}/auth/refresh`, { body: {} });
    expect(missing.status).toBe(400);
    expect(problemOf(missing).field).toBe("body.refreshToken");
  });
});

describe("logout", () => {
  it("ends the session: its access token and refresh token are refused at once; other sessions go on", async () => {
    const a = await loginOf(user);
    const b = await loginOf(user);
    const out = await api.request("post", `${V1}/auth/logout`, { token: a.accessToken });
    expect(out.status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await refresh(a.refreshToken)).status).toBe(401);
    expect((await me(b.accessToken)).status).toBe(200);
  });

  it("needs a logged-in user", async () => {
    expect((await api.request("post", `${V1}/auth/logout`)).status).toBe(401);
  });
});

describe("logging in again in the same browser", () => {
  it("ends the session the browser held before (another user's too): its access and refresh tokens stop working, the new login works", async () => {
    const other = await aUserWithRole(api.knex, "org_admin", [], "session-other");
    const before = await loginOf(user);
    const res = await api.request("post", `${V1}/auth/login`, { body: { email: other.email, password: other.password, replacesRefreshToken: before.refreshToken } });
    expect(res.status).toBe(200);
    expect((await me(before.accessToken)).status).toBe(401);
    expect((await refresh(before.refreshToken)).status).toBe(401);
    const now = await me(res.body.accessToken);
    expect(now.status).toBe(200);
    expect(now.body.id).toBe(other.id);
    const audited = await api.knex("audit_log").where({ action: "auth.session_replaced", entity_id: user.id }).count({ n: "*" });
    expect(Number(audited[0]!.n)).toBe(1);
  });

  it("a stale or unknown previous refresh token is ignored: the login still succeeds and ends nothing else", async () => {
    const kept = await loginOf(user);
    const used = await loginOf(user);
    expect((await refresh(used.refreshToken)).status).toBe(200); // `used` is now a rotated token
    for (const stale of [used.refreshToken, "rt_not-a-token"]) {
      const res = await api.request("post", `${V1}/auth/login`, { body: { email: user.email, password: user.password, replacesRefreshToken: stale } });
      expect(res.status).toBe(200);
    }
    expect((await me(kept.accessToken)).status).toBe(200);
  });

  it("a failed login ends nothing", async () => {
    const held = await loginOf(user);
    const res = await api.request("post", `${V1}/auth/login`, { body: { email: user.email, password: "wrong-password", replacesRefreshToken: held.refreshToken } });
    expect(res.status).toBe(401);
    expect((await me(held.accessToken)).status).toBe(200);
  });
});
