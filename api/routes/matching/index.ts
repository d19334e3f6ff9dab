/**
 * Matching: a flow's ranked, explained matches; an organization's merged matches and its
 * multi-hop chains; a party's decision on a match. Counterparts are revealed by name,
 * site location, resource type and quantity — never contact data.
 */
import { Router } from "express";
import { z } from "zod";
import { errors } from "../../../domain/errors.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { chainsForOrg } from "../../../match-service/chains.ts";
import { flowsOfOrg } from "../../../match-service/prefilter.ts";
import { MatchService, type MatchView } from "../../../match-service/service.ts";
import { readMatches } from "../../../match-service/store.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { canReadOrg, canWriteOrg } from "../../auth/principal.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";

const IdParams = z.object({ id: ExternalId });
const PARTIES = ["admin", "org_admin", "org_member", "partner"] as const;

const MatchQuery = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: "must be 1–50" }).max(50, { error: "must be 1–50" }).default(10),
  min_score: z.coerce.number({ error: "must be a number" }).min(0, { error: "must be 0–1" }).max(1, { error: "must be 0–1" }).default(0),
});

export const DecisionSchema = z.object({
  decision: z.enum(["interested", "rejected"], { error: "must be interested or rejected" }),
  /** Which of your organizations decides, when you belong to both parties (or are an admin). */
  orgId: ExternalId.optional(),
});

const FactorView = z.object({ score: z.number(), weight: z.number(), reason: z.string() });
const MatchViewSchema = z.object({
  id: z.string(),
  rank: z.number(),
  score: z.number(),
  supplyFlowId: z.string(),
  demandFlowId: z.string(),
  distanceKm: z.number(),
  counterpart: z.object({
    orgId: z.string(),
    orgName: z.string(),
    flowId: z.string(),
    siteId: z.string(),
    location: z.object({ lat: z.number(), lon: z.number() }),
    resourceType: z.string(),
    annualQuantity: z.number(),
    unit: z.string(),
  }),
  factors: z.record(z.string(), FactorView),
  route: z.object({ decision: z.enum(["auto", "facilitator"]), complexity: z.number(), drivers: z.array(z.string()) }),
  economics: z.record(z.string(), z.unknown()),
  counterfactuals: z.array(z.string()),
});

/** Matching routes. */
export function matchingRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();
  const service = new MatchService({ neo4j: ctx.neo4j, knex: ctx.knex, redis: ctx.redis });

  defineRoute(router, registry, {
    method: "get",
    path: "/resource-flows/:id/matches",
    tag: "matching",
    summary: "Ranked, explained matches of a flow: per-factor scores and reasons, economics, route, near misses with counterfactuals",
    description: "Computed on demand and cached for 15 minutes per flow version; a change to either flow of a match invalidates it.",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: IdParams,
    query: MatchQuery,
    responses: { 200: { description: "the flow's matches", schema: z.object({ flowId: z.string(), matches: z.array(MatchViewSchema) }).loose() }, 404: { description: "no such flow (or not yours)" } },
    handler: async ({ principal, params, query }) => {
      const indexed = await service.flowVersion(params.id);
      if (!indexed || !canReadOrg(principal, indexed.orgId)) throw errors.notFound("resource flow", params.id);
      const result = await service.matchesForFlow(params.id, { version: indexed.version });
      if (!result) throw errors.notFound("resource flow", params.id);
      const matches = result.matches.filter((m) => m.score >= query.min_score).slice(0, query.limit);
      return { status: 200, body: { ...result, matches } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/matching/direct",
    tag: "matching",
    summary: "Every direct match of an organization's flows, merged and ranked by score",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: IdParams,
    query: MatchQuery,
    responses: { 200: { description: "the organization's matches" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params, query }) => {
      if (!canReadOrg(principal, params.id)) throw errors.notFound("organization", params.id);
      const flows = await flowsOfOrg(ctx.knex, params.id);
      const all = new Map<string, MatchView>();
      let cached = true;
      for (const f of flows) {
        const r = await service.matchesForFlow(f.flowId, { version: f.version });
        if (!r) continue;
        cached &&= r.cached;
        for (const m of r.matches) if (m.score >= query.min_score && !all.has(m.id)) all.set(m.id, m);
      }
      const ranked = [...all.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, query.limit);
      return { status: 200, body: { orgId: params.id, flows: flows.length, cached, matches: ranked.map((m, i) => ({ ...m, rank: i + 1 })) } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/matching/chains",
    tag: "matching",
    summary: "2–3-hop chains through the match graph involving the organization, ranked by yearly value, with Shapley splits",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: IdParams,
    query: z.object({ limit: MatchQuery.shape.limit }),
    responses: { 200: { description: "the chains" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params, query }) => {
      if (!canReadOrg(principal, params.id)) throw errors.notFound("organization", params.id);
      return { status: 200, body: { orgId: params.id, chains: await chainsForOrg(ctx.neo4j, params.id, query.limit) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/matches/:id/decision",
    tag: "matching",
    summary: "A party's decision on a match: interested, or rejected (the pair never comes back)",
    policy: { roles: PARTIES, scope: "proposals:write" },
    params: IdParams,
    body: DecisionSchema,
    responses: { 200: { description: "recorded" }, 404: { description: "no such match (or not yours)" }, 403: { description: "not a party of the match" } },
    handler: async ({ principal, params, body }) => {
      const match = (await readMatches(ctx.neo4j, [params.id])).get(params.id);
      const parties = match ? [match.supplyOrgId, match.demandOrgId] : [];
      if (!match || !parties.some((o) => canReadOrg(principal, o))) throw errors.notFound("match", params.id);
      const mine = parties.filter((o) => canWriteOrg(principal, o));
      const orgId = body.orgId ?? mine[0];
      if (!orgId || !mine.includes(orgId)) throw errors.forbidden("Only a party of the match may decide on it.");
      const decidedBy = principal.kind === "user" ? principal.id : null;
      await service.decide(match, orgId, body.decision, decidedBy);
      await ctx.publisher.publish(
        ctx.events.subjects.matchesUpdated,
        { flowId: match.supplyFlowId, matchIds: [match.id], orgIds: parties, decision: body.decision },
        `match-decision:${match.id}:${orgId}:${body.decision}`,
      );
      return { status: 200, body: { matchId: match.id, orgId, decision: body.decision, withdrawn: body.decision === "rejected" } };
    },
  });

  return router;
}
