/** POST /auth/login (email + password → short-lived JWT) and GET /users/me(/organizations). */
import { Router } from "express";
import { z } from "zod";
import { errors } from "../../../domain/errors.ts";
import { findUser, membershipsOf, verifyCredentials } from "../../../ledgers/accounts.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { signAccessToken } from "../../auth/tokens.ts";
import { readEntities } from "../../../graph/entity-store.ts";
import type { Business } from "../../../domain/schemas/business.ts";

const LoginBody = z.object({
  email: z.email({ error: "must be an e-mail address" }),
  password: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).max(1024),
});

const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().describe("seconds"),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string() }),
});

const MembershipView = z.object({ orgId: z.string(), name: z.string().nullable(), role: z.string() });

/** Authentication routes. */
export function authRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/auth/login",
    tag: "auth",
    summary: "Log in with e-mail and password; returns a short-lived bearer token",
    policy: { public: true },
    body: LoginBody,
    responses: { 200: { description: "logged in", schema: TokenResponse }, 401: { description: "wrong e-mail or password" } },
    handler: async ({ body }) => {
      const user = await verifyCredentials(ctx.knex, body.email, body.password);
      if (!user) throw errors.unauthenticated("Wrong e-mail or password.");
      const ttl = ctx.config.auth.jwtTtlSeconds;
      return {
        status: 200,
        body: {
          accessToken: signAccessToken({ sub: user.id, role: user.role }, ctx.config.auth.jwtSecret, ttl),
          tokenType: "Bearer",
          expiresIn: ttl,
          user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
        },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/users/me",
    tag: "auth",
    summary: "The caller: user or API key, with role and organizations",
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
    policy: { roles: ANY_ROLE },
    responses: { 200: { description: "memberships", schema: z.object({ items: z.array(MembershipView) }) } },
    handler: async ({ principal }) => {
      const memberships = principal.kind === "user" ? await membershipsOf(ctx.knex, principal.id) : principal.memberships;
      const businesses = await readEntities<Business>(ctx.neo4j, "Business", memberships.map((m) => m.orgId));
      return {
        status: 200,
        body: { items: memberships.map((m) => ({ orgId: m.orgId, name: businesses.get(m.orgId)?.doc.name ?? null, role: m.role })) },
      };
    },
  });

  return router;
}
