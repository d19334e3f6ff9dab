/**
 * The facilitator workbench's queue: matches the hybrid router sent to a human
 * (`:Match {route: "facilitator"}`; withdrawn matches are deleted from the graph, so they
 * drop out), each with its claim, score, both organizations, resource types and an
 * economics summary. A facilitator claims a match for themself (409 when someone else
 * holds it), an admin or the holder assigns it to another facilitator, and the holder (or
 * an admin) releases it. Claims live in the `facilitator_claims` ledger, their history in
 * the audit log; every change is announced as `queue:changed` to the `facilitators` room.
 * From a claimed match the facilitator writes a proposal with POST /proposals {matchId}.
 */
import { Router } from "express";
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import { singleLine } from "../../../domain/schemas/strings.ts";
import { errors } from "../../../domain/errors.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { findUser } from "../../../ledgers/accounts.ts";
import { changeClaim, claimHistory, claimedMatchIds, claimsOf, type Claim } from "../../../ledgers/facilitator-claims.ts";
import type { Principal } from "../../auth/principal.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { auditIdentityReads } from "../../commands/identity-reads.ts";
import { decodeCursor, encodeCursor, pageOf } from "../../http/pagination.ts";

const ROLES = ["admin", "facilitator"] as const;
const MatchParams = z.object({ matchId: ExternalId });

const QueueQuery = z.object({
  status: z.enum(["open", "claimed", "all"], { error: "must be open, claimed or all" }).default("open"),
  cursor: singleLine(512).optional().describe("opaque cursor from the previous page's nextCursor"),
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: "must be 1–200" }).max(200, { error: "must be 1–200" }).default(50),
});

const ClaimView = z.object({
  facilitatorId: wire.id(),
  facilitatorName: wire.name().nullable(),
  claimedBy: wire.id(),
  claimedAt: wire.time(),
});
const PartyView = z.object({ orgId: wire.id(), orgName: wire.name().nullable(), flowId: wire.id(), resourceType: wire.code().nullable() });
const QueueItem = z.object({
  matchId: wire.id(),
  score: z.number(),
  distanceKm: z.number(),
  supply: PartyView,
  demand: PartyView,
  economics: z.object({
    capexEur: z.number().nullable(),
    annualSavingsEur: z.number().nullable(),
    paybackYears: z.number().nullable(),
    npvEur: z.unknown(),
    co2AvoidedTPerYear: z.unknown(),
  }),
  relaxed: z.boolean().describe("found only after relaxing radius or quality"),
  updatedAt: wire.time(),
  claim: ClaimView.nullable(),
});
type QueueItemView = z.output<typeof QueueItem>;
const ClaimResult = z.object({ matchId: wire.id(), claim: ClaimView.nullable(), changed: z.boolean() });

interface QueueRow {
  p: Record<string, unknown>;
  supplyOrgName: string | null;
  demandOrgName: string | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function parseJson(text: unknown): Record<string, unknown> {
  if (typeof text !== "string") return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function namesOf(ctx: ApiContext, userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = (await ctx.knex("users").whereIn("id", ids).select("id", "display_name")) as { id: string; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

function claimView(claim: Claim | null | undefined, names: Map<string, string>) {
  return claim ? { facilitatorId: claim.facilitatorId, facilitatorName: names.get(claim.facilitatorId) ?? null, claimedBy: claim.claimedBy, claimedAt: claim.claimedAt } : null;
}

function itemOf(row: QueueRow, claim: Claim | undefined, names: Map<string, string>): QueueItemView {
  const p = row.p;
  const econ = parseJson(p.economics);
  return {
    matchId: p.id as string,
    score: Number(p.score),
    distanceKm: Number(p.distanceKm ?? 0),
    supply: { orgId: p.supplyOrgId as string, orgName: row.supplyOrgName, flowId: p.supplyFlowId as string, resourceType: (p.offerType as string) ?? null },
    demand: { orgId: p.demandOrgId as string, orgName: row.demandOrgName, flowId: p.demandFlowId as string, resourceType: (p.needType as string) ?? null },
    economics: {
      capexEur: num(econ.capexEur),
      annualSavingsEur: num(econ.annualSavingsEur) ?? num(p.annualValueEur),
      paybackYears: num(econ.paybackYears),
      npvEur: econ.npvEur ?? null,
      co2AvoidedTPerYear: econ.co2AvoidedTPerYear ?? null,
    },
    relaxed: Boolean(p.relaxed),
    updatedAt: String(p.updatedAt ?? ""),
    claim: claimView(claim, names),
  };
}

/** The queued match (route facilitator, not withdrawn), or a 404. */
async function queuedMatch(ctx: ApiContext, matchId: string): Promise<Record<string, unknown>> {
  const { records } = await ctx.neo4j.executeQuery("MATCH (m:Match {id: $id}) RETURN properties(m) AS p", { id: matchId }, { routing: "READ" });
  const p = records[0]?.get("p") as Record<string, unknown> | undefined;
  if (!p || p.route !== "facilitator") throw errors.notFound("queued match", matchId);
  return p;
}

const heldBy = (claim: Claim | null) => claim?.facilitatorId ?? null;

/** Facilitator queue routes. */
export function facilitatorRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  const announce = (action: "claimed" | "assigned" | "released", matchId: string, before: Claim | null, after: Claim | null, by: Principal) => {
    ctx.realtime.queueChanged({ matchId, action, facilitatorId: heldBy(after), previousFacilitatorId: heldBy(before), by: by.id, at: new Date().toISOString() });
  };

  const result = async (matchId: string, claim: Claim | null, changed: boolean) => ({
    status: 200,
    body: { matchId, claim: claimView(claim, await namesOf(ctx, claim ? [claim.facilitatorId] : [])), changed },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/facilitator/queue",
    tag: "facilitator",
    summary: "The facilitator queue: matches routed to a human, best first, with their claims, parties and economics",
    description: "status=open (default) lists unclaimed matches, claimed the claimed ones, all both. Ordered by score (descending) then id; withdrawn matches are not listed.",
    policy: { roles: ROLES },
    query: QueueQuery,
    responses: { 200: { description: "a page of the queue", schema: pageOf(QueueItem) }, 403: { description: "not a facilitator or admin" } },
    handler: async ({ query, principal }) => {
      const after = decodeCursor(query.cursor);
      let position: { score: number; id: string } | null = null;
      if (after !== null) {
        const parsed = (() => {
          try {
            return JSON.parse(after) as unknown;
          } catch {
            return null;
          }
        })();
        if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || typeof parsed[1] !== "string") {
          throw errors.validationFailed([{ field: "query.cursor", message: "is not a cursor this API issued" }]);
        }
        position = { score: parsed[0], id: parsed[1] };
      }
      const claimed = query.status === "all" ? [] : await claimedMatchIds(ctx.knex);
      const { records } = await ctx.neo4j.executeQuery(
        `MATCH (m:Match) WHERE m.route = 'facilitator'
           AND ($status = 'all' OR ($status = 'claimed') = (m.id IN $claimed))
           AND ($afterId IS NULL OR m.score < $afterScore OR (m.score = $afterScore AND m.id > $afterId))
         WITH m ORDER BY m.score DESC, m.id ASC LIMIT toInteger($limit)
         OPTIONAL MATCH (sb:Business {id: m.supplyOrgId})
         OPTIONAL MATCH (db:Business {id: m.demandOrgId})
         RETURN properties(m) AS p, sb.name AS supplyOrgName, db.name AS demandOrgName
         ORDER BY m.score DESC, m.id ASC`,
        { status: query.status, claimed, afterId: position?.id ?? null, afterScore: position?.score ?? null, limit: query.limit + 1 },
        { routing: "READ" },
      );
      const rows = records.map((r) => r.toObject() as QueueRow);
      const page = rows.slice(0, query.limit);
      const claims = await claimsOf(ctx.knex, page.map((r) => r.p.id as string));
      const names = await namesOf(ctx, [...claims.values()].map((c) => c.facilitatorId));
      const items = page.map((r) => itemOf(r, claims.get(r.p.id as string), names));
      await auditIdentityReads(ctx, principal, page.map((r) => ({ orgIds: [r.p.supplyOrgId as string, r.p.demandOrgId as string], via: r.p.id as string })), "facilitator-queue");
      const last = items[items.length - 1];
      return { status: 200, body: { items, nextCursor: rows.length > query.limit && last ? encodeCursor(JSON.stringify([last.score, last.matchId])) : null } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/facilitator/queue/:matchId",
    tag: "facilitator",
    summary: "One queued match with its claim and the claim's history (from the audit log)",
    policy: { roles: ROLES },
    params: MatchParams,
    responses: { 200: { description: "the queued match" }, 404: { description: "no such queued match" } },
    handler: async ({ params, principal }) => {
      const p = await queuedMatch(ctx, params.matchId);
      await auditIdentityReads(ctx, principal, [{ orgIds: [p.supplyOrgId as string, p.demandOrgId as string], via: params.matchId }], "facilitator-queue");
      const { records } = await ctx.neo4j.executeQuery(
        "OPTIONAL MATCH (sb:Business {id: $s}) OPTIONAL MATCH (db:Business {id: $d}) RETURN sb.name AS s, db.name AS d",
        { s: p.supplyOrgId, d: p.demandOrgId },
        { routing: "READ" },
      );
      const claim = (await claimsOf(ctx.knex, [params.matchId])).get(params.matchId);
      const names = await namesOf(ctx, claim ? [claim.facilitatorId] : []);
      const item = itemOf({ p, supplyOrgName: (records[0]?.get("s") as string) ?? null, demandOrgName: (records[0]?.get("d") as string) ?? null }, claim, names);
      return { status: 200, body: { ...item, history: await claimHistory(ctx.knex, params.matchId) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/facilitator/queue/:matchId/claim",
    tag: "facilitator",
    summary: "Claim a queued match for yourself (claiming what you already hold changes nothing)",
    policy: { roles: ROLES },
    params: MatchParams,
    responses: {
      200: { description: "you hold the claim", schema: ClaimResult },
      404: { description: "no such queued match" },
      409: { description: "claimed by another facilitator (ALREADY_CLAIMED)" },
    },
    handler: async ({ params, principal }) => {
      await queuedMatch(ctx, params.matchId);
      const change = await changeClaim(ctx.knex, params.matchId, principal.id, "claimed", (current) => {
        if (current && current.facilitatorId !== principal.id) {
          throw errors.alreadyClaimed(params.matchId, current);
        }
        return principal.id;
      });
      if (change.changed) announce("claimed", params.matchId, change.before, change.after, principal);
      return result(params.matchId, change.after, change.changed);
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/facilitator/queue/:matchId/assign",
    tag: "facilitator",
    summary: "Assign a queued match to a facilitator (admins, or the facilitator holding the claim)",
    policy: { roles: ROLES },
    params: MatchParams,
    body: z.object({ facilitatorId: z.uuid({ error: "must be a user id (uuid)" }).max(36) }),
    responses: {
      200: { description: "assigned", schema: ClaimResult },
      400: { description: "the assignee is not a facilitator (field body.facilitatorId)" },
      403: { description: "neither an admin nor the holder of the claim" },
      404: { description: "no such queued match" },
    },
    handler: async ({ params, body, principal }) => {
      await queuedMatch(ctx, params.matchId);
      const assignee = await findUser(ctx.knex, body.facilitatorId);
      if (!assignee || assignee.disabled || assignee.role !== "facilitator") {
        throw errors.validationFailed([{ field: "body.facilitatorId", message: "must be an enabled user with the facilitator role" }]);
      }
      const change = await changeClaim(ctx.knex, params.matchId, principal.id, "assigned", (current) => {
        if (principal.role !== "admin" && heldBy(current) !== principal.id) {
          throw errors.forbidden(current ? "Only an admin or the facilitator holding the claim may reassign it." : "Claim the match first, or ask an admin to assign it.");
        }
        return assignee.id;
      });
      if (change.changed) announce("assigned", params.matchId, change.before, change.after, principal);
      return result(params.matchId, change.after, change.changed);
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/facilitator/queue/:matchId/release",
    tag: "facilitator",
    summary: "Release a claim (the holder, or an admin); releasing an unclaimed match changes nothing",
    policy: { roles: ROLES },
    params: MatchParams,
    responses: {
      200: { description: "released", schema: ClaimResult },
      404: { description: "no such queued match" },
      409: { description: "claimed by another facilitator (ALREADY_CLAIMED)" },
    },
    handler: async ({ params, principal }) => {
      // A withdrawn match's claim can still be released, so no queue check here beyond the ledger.
      const change = await changeClaim(ctx.knex, params.matchId, principal.id, "released", (current) => {
        if (current && principal.role !== "admin" && current.facilitatorId !== principal.id) {
          throw errors.claimHeldByAnother(params.matchId, current.facilitatorId);
        }
        return null;
      });
      if (!change.changed && !change.before) await queuedMatch(ctx, params.matchId);
      if (change.changed) announce("released", params.matchId, change.before, null, principal);
      return result(params.matchId, null, change.changed);
    },
  });

  return router;
}
