/**
 * POST /auth/login (email + password → a short access token and a refresh token),
 * POST /auth/refresh (rotate), POST /auth/logout, and GET /users/me(/organizations).
 */
import { Router } from "express";
import { z } from "zod";
import { MAX_LISTED, wire } from "../../http/wire.ts";
import { singleLine } from "../../../domain/schemas/strings.ts";
import { findUser, membershipsOf } from "../../../ledgers/accounts.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { LoginThrottle } from "../../auth/login-throttle.ts";
import { login, logout, refresh } from "../../commands/sessions.ts";
import { readEntities } from "../../../graph/entity-store.ts";
import type { Business } from "../../../domain/schemas/business.ts";

const LoginBody = z.strictObject({
  email: z.email({ error: "must be an e-mail address" }).max(254, { error: "must be at most 254 characters" }),
  password: singleLine(1024, { min: 1 }),
  replacesRefreshToken: singleLine(200, { min: 1 })
    .optional()
    .describe("the refresh token this browser held until now: its session ends when the login succeeds, so nothing of the previous user stays usable"),
});

const RefreshBody = z.strictObject({
  refreshToken: singleLine(200, { min: 1 }),
});

const TokenResponse = z.object({
  accessToken: wire.token(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().describe("seconds"),
  refreshToken: wire.token().describe("present it once to POST /auth/refresh; a second use ends the session"),
  refreshExpiresAt: wire.time().describe("when the session ends, however often it is refreshed"),
  user: z.object({ id: wire.id(), email: wire.name(), displayName: wire.name(), role: wire.code() }),
});

const MembershipView = z.object({ orgId: wire.id(), name: wire.name().nullable(), role: wire.code() });

/** Authentication routes. */
export function authRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();
  const throttle = new LoginThrottle(ctx.redis, ctx.config.limits.login);

  defineRoute(router, registry, {
    method: "post",
    path: "/auth/login",
    tag: "auth",
    summary: "Log in with e-mail and password; returns a short-lived bearer token and a refresh token",
    description: "Failed logins are counted per account and per client address; past the limit (LOGIN_MAX_FAILURES_*) every login for that account or address, the right password too, is a 429 with Retry-After until the lockout ends.",
    policy: { public: true },
    body: LoginBody,
    example: { email: "dairy@turash.local", password: "turash-demo" },
    responses: {
      200: {
        description: "logged in",
        schema: TokenResponse,
        example: {
          accessToken: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LWRhaXJ5In0.c2lnbmF0dXJl",
          tokenType: "Bearer",
          expiresIn: 900,
          refreshToken: "rt_4f9c2d7e1a6b8e3f0c5d9a2b7e4f1c8d",
          refreshExpiresAt: "2026-03-31T12:00:00.000Z",
          user: { id: "u-dairy", email: "dairy@turash.local", displayName: "Dairy manager", role: "org_admin" },
        },
      },
      401: { description: "wrong e-mail or password" },
      429: { description: "too many failed logins for this account or address; see Retry-After" },
    },
    handler: async ({ body, req, res }) => ({ status: 200, body: await login(ctx, throttle, res, { ...body, address: req.ip ?? "unknown" }) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/auth/refresh",
    tag: "auth",
    summary: "Exchange a refresh token for a new access token and the next refresh token",
    description: "Each refresh token works once. Presenting one that was already used ends the whole session (every token of that login, and its sockets).",
    policy: { public: true },
    body: RefreshBody,
    responses: { 200: { description: "renewed", schema: TokenResponse }, 401: { description: "unknown, expired, revoked or already used" } },
    handler: async ({ body }) => ({ status: 200, body: await refresh(ctx, body.refreshToken) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/auth/logout",
    tag: "auth",
    summary: "End the caller's session: its access and refresh tokens stop working and its sockets are disconnected",
    description: "Ends the session the access token belongs to: that access token and its refresh token are refused from now on and the session's sockets are disconnected. API keys have no session; revoke a key instead.",
    policy: { roles: ["admin", "facilitator", "org_admin", "org_member"] },
    responses: { 204: { description: "logged out" } },
    handler: async ({ principal }) => {
      await logout(ctx, principal);
      return { status: 204 };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/users/me",
    tag: "auth",
    summary: "The caller: user or API key, with role and organizations",
    description: "Who the credentials belong to: a user (id, e-mail, display name, role) or an API key (its organization and scopes). Use it to check a token or key before wiring a partner system.",
    policy: { roles: ANY_ROLE },
    responses: { 200: { description: "the caller" } },
    handler: async ({ principal }) => {
      const user = principal.kind === "user" ? await findUser(ctx.knex, principal.id) : undefined;
      return {
        status: 200,
        body: {
          kind: principal.kind,
          id: principal.id,
          role: principal.role,
          email: user?.email ?? null,
          displayName: user?.displayName ?? null,
          organizations: principal.memberships,
          scopes: principal.scopes ?? null,
        },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/users/me/organizations",
    tag: "auth",
    summary: "Organizations the caller belongs to, with the caller's role in each",
    description: "Every organization the caller is a member of, with the caller's role in each (org_admin or org_member). An API key answers its own organization.",
    policy: { roles: ANY_ROLE },
    responses: { 200: { description: "memberships", schema: z.object({ items: z.array(MembershipView).max(MAX_LISTED) }) } },
    handler: async ({ principal }) => {
      const memberships = principal.kind === "user" ? await membershipsOf(ctx.knex, principal.id) : principal.memberships;
      const businesses = await readEntities<Business>(ctx.neo4j, "Business", memberships.map((m) => m.orgId));
      return {
        status: 200,
        body: { items: memberships.slice(0, MAX_LISTED).map((m) => ({ orgId: m.orgId, name: businesses.get(m.orgId)?.doc.name ?? null, role: m.role })) },
      };
    },
  });

  return router;
}
