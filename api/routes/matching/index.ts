/**
 * Matching: a flow's ranked, explained matches; an organization's merged matches and its
 * multi-hop chains; one match; a party's decision on a match. What a caller is shown of a
 * counterpart follows the disclosure rules (api/commands/matches.ts): an anonymous
 * listing until both parties said interested.
 */
import { Router } from "express";
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { NodeRef } from "../../../domain/node-ref.ts";
import { MatchService } from "../../../match-service/service.ts";
import { chainsOfOrganization, decideOnMatch, getMatch, matchesOfFlow, matchesOfOrganization } from "../../commands/matches.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { DecisionResult, FlowMatchesView, MAX_MATCHES_SHOWN, PartyMatch } from "./presenter.ts";

const IdParams = z.object({ id: ExternalId });
const FlowParams = z.object({ id: NodeRef });
const DECIDERS = ["facilitator", "org_admin", "org_member", "partner"] as const;

const MatchQuery = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: `must be 1–${MAX_MATCHES_SHOWN}` }).max(MAX_MATCHES_SHOWN, { error: `must be 1–${MAX_MATCHES_SHOWN}` }).default(10),
  min_score: z.coerce.number({ error: "must be a number" }).min(0, { error: "must be 0–1" }).max(1, { error: "must be 0–1" }).default(0),
});

export const DecisionSchema = z.strictObject({
  decision: z.enum(["interested", "rejected"], { error: "must be interested or rejected" }),
  /** Which party decides, when you may act for both (member of both, or a facilitator with both mandates). */
  orgId: ExternalId.optional(),
});

/** Matching routes. */
export function matchingRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();
  const service = new MatchService({ neo4j: ctx.neo4j, knex: ctx.knex, redis: ctx.redis, idSecret: ctx.config.secrets.idSecret, metrics: ctx.metrics.match });

  defineRoute(router, registry, {
    method: "get",
    path: "/resource-flows/:id/matches",
    tag: "matching",
    summary: "Ranked, explained matches of a flow: per-factor scores and reasons, economics, route, near misses with counterfactuals",
    description:
      "Computed on demand and cached for 15 minutes per flow version; a change to either flow of a match invalidates it. " +
      "To the flow's own organization each counterpart is an anonymous listing (bands, region, NACE section, precision) until both parties said interested, then named in full with its contact; an organization that chose to be public is named from the start. Admins and facilitators see identities, and each such read is audited.",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: FlowParams,
    query: MatchQuery,
    responses: { 200: { description: "the flow's matches", schema: FlowMatchesView }, 404: { description: "no such flow (or not yours)" } },
    handler: async ({ principal, params, query }) => ({
      status: 200,
      body: await matchesOfFlow(ctx, service, principal, params.id, { limit: query.limit, minScore: query.min_score }),
    }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/matching/direct",
    tag: "matching",
    summary: "Every direct match of an organization's flows, merged and ranked by score (counterparts as disclosure allows)",
    description: "Every match of the organization's offers and needs, best first (`min_score` drops weaker ones). Each match has its score in [0, 1], one reason per factor, the economics (savings, NPV, payback, CO2 avoided) and the counterpart as disclosure allows: an anonymous listing (bands, region, NACE section) until both sides said interested, unless the counterpart is public.",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: IdParams,
    query: MatchQuery,
    responses: { 200: { description: "the organization's matches" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params, query }) => ({
      status: 200,
      body: await matchesOfOrganization(ctx, service, principal, params.id, { limit: query.limit, minScore: query.min_score }),
    }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/matching/chains",
    tag: "matching",
    summary: "2–3-hop chains through the match graph involving the organization, ranked by yearly value, with Shapley splits; other members named only when public or revealed to you",
    description: "Chains of two or three hops through the match graph (A's output feeds B, whose output feeds C) that involve the organization, ranked by yearly value, with each member's Shapley share of the value. Other members are named only when public or revealed to you.",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: IdParams,
    query: z.object({ limit: MatchQuery.shape.limit }),
    responses: { 200: { description: "the chains" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params, query }) => ({ status: 200, body: await chainsOfOrganization(ctx, principal, params.id, query.limit) }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/matches/:id",
    tag: "matching",
    summary: "One match as you may see it, with where its disclosure stands (anonymous, public, revealed, declined)",
    description: "One match: both flows, score with its reasons, economics, and where disclosure stands (`anonymous`, `public`, `revealed` after mutual interest, or `declined`). A match of which you are neither side answers 404.",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: IdParams,
    responses: { 200: { description: "the match", schema: PartyMatch.or(z.object({ id: wire.id() }).loose()) }, 404: { description: "no such match (or not yours)" } },
    handler: async ({ principal, params }) => ({ status: 200, body: await getMatch(ctx, service, principal, params.id) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/matches/:id/decision",
    tag: "matching",
    summary: "A party's decision on a match: interested, or rejected (the pair never comes back). When both parties are interested, each sees the other in full.",
    description: "Taken by a member of one party, or by a facilitator under that party's `interest` mandate. The other side of a rejection is told only that the match was declined.",
    policy: { roles: DECIDERS, scope: "proposals:write" },
    params: IdParams,
    body: DecisionSchema,
    responses: {
      200: { description: "recorded", schema: DecisionResult },
      404: { description: "no such match (or not yours)" },
      403: { description: "neither a party of the match nor holding its mandate" },
    },
    handler: async ({ principal, params, body }) => ({ status: 200, body: await decideOnMatch(ctx, service, principal, params.id, body) }),
  });

  return router;
}
