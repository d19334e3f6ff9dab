/**
 * The facilitator workbench's queue: matches the hybrid router sent to a human
 * (`:Match {route: "facilitator"}`; withdrawn matches are deleted from the graph, so they
 * drop out), each with its claim, score, both organizations, resource types and an
 * economics summary. A facilitator claims a match for themself (409 when someone else
 * holds it), an admin or the holder assigns it to another facilitator, and the holder (or
 * an admin) releases it. Claims live in the `facilitator_claims` ledger, their history in
 * the audit log; every change is announced as `queue:changed` to the `facilitators` room.
 * From a claimed match the facilitator writes a proposal with POST /proposals {matchId}.
 * The routes stay thin: the queries live in match-service/store.ts and the ledgers, the
 * rules in api/commands/facilitator-queue.ts, the shapes in presenter.ts.
 */
import { Router } from "express";
import { z } from "zod";
import { singleLine } from "../../../domain/schemas/strings.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { assignQueued, claimQueued, listQueue, queuedMatchDetail, releaseQueued } from "../../commands/facilitator-queue.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeScoreCursor, pageOf } from "../../http/pagination.ts";
import { ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { ClaimResult, presentClaimOutcome, presentQueueDetail, presentQueuePage, QueueItem } from "./presenter.ts";

const QueueQuery = z.object({
  status: z.enum(["open", "claimed", "all"], { error: "must be open, claimed or all" }).default("open"),
  cursor: singleLine(512).optional().describe("opaque cursor from the previous page's nextCursor"),
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: "must be 1–200" }).max(200, { error: "must be 1–200" }).default(50),
  resource_type: ResourceTypeIdSchema.optional().describe("only matches offering or needing this resource type"),
  routed: z.enum(["me", "shared"], { error: "must be me or shared" }).optional().describe("me: only the matches routed to your own queue; shared: only the shared queue's; absent: every queued match"),
  min_score: z.coerce.number({ error: "must be a number" }).min(0, { error: "must be 0–1" }).max(1, { error: "must be 0–1" }).optional().describe("only matches scoring at least this (0–1)"),
});

const TAG = "facilitator";
/** The queue is for facilitators and admins; the commands check claims and assignees. */
const POLICY = { roles: ["admin", "facilitator"] } as const;
/** What every route on one queued match shares: its tag, who may call it, its path parameter. */
const ON_QUEUED_MATCH = { tag: TAG, policy: POLICY, params: z.object({ matchId: ExternalId }) } as const;
const NO_SUCH_MATCH = { description: "no such queued match" } as const;

/** Facilitator queue routes: validate → authorize (role here, the rest in the command) → command → present. */
export function facilitatorRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/facilitator/queue",
    tag: TAG,
    summary: "The facilitator queue: matches routed to a human, best first, with their claims, parties and economics",
    description: "status=open (default) lists unclaimed matches, claimed the claimed ones, all both; resource_type and min_score narrow the list. Ordered by score (descending) then id; withdrawn matches are not listed. Each item says why it was routed to a human (route.drivers), to whose queue and why (route.routing: the facilitation service fitting the supply's region, resource type and free slots, or the shared queue with the reason), and where its supply is (supplyPlace: point and region). routed=me lists only your own queue, routed=shared only the shared one.",
    policy: POLICY,
    query: QueueQuery,
    responses: { 200: { description: "a page of the queue", schema: pageOf(QueueItem) }, 403: { description: "not a facilitator or admin" } },
    handler: async ({ query, principal }) => {
      const after = decodeScoreCursor(query.cursor);
      return { status: 200, body: presentQueuePage(await listQueue(ctx, principal, { status: query.status, resourceType: query.resource_type, minScore: query.min_score, routed: query.routed === undefined ? undefined : query.routed === "me" ? { facilitatorId: principal.id } : "shared", after, limit: query.limit })) };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/facilitator/queue/:matchId",
    ...ON_QUEUED_MATCH,
    summary: "One queued match with its claim and the claim's history (from the audit log)",
    description: "A match the router sent to people (multi-party, hazardous, low precision or high capex), with why it was routed, its claim (who holds it) and the claim's history from the audit log.",
    responses: { 200: { description: "the queued match" }, 404: NO_SUCH_MATCH },
    handler: async ({ params, principal }) => ({ status: 200, body: presentQueueDetail(await queuedMatchDetail(ctx, principal, params.matchId)) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/facilitator/queue/:matchId/claim",
    ...ON_QUEUED_MATCH,
    summary: "Claim a queued match for yourself (claiming what you already hold changes nothing)",
    description: "Takes a queued match for yourself so other facilitators see it is being handled. Claiming one you already hold changes nothing; one held by someone else is a 409 ALREADY_CLAIMED.",
    responses: { 200: { description: "you hold the claim", schema: ClaimResult }, 404: NO_SUCH_MATCH, 409: { description: "claimed by another facilitator (ALREADY_CLAIMED)" } },
    handler: async ({ params, principal }) => ({ status: 200, body: presentClaimOutcome(await claimQueued(ctx, principal, params.matchId)) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/facilitator/queue/:matchId/assign",
    ...ON_QUEUED_MATCH,
    summary: "Assign a queued match to a facilitator (admins, or the facilitator holding the claim)",
    description: "Hands a queued match to another facilitator (`facilitatorId`). Admins may always assign; a facilitator only a match they hold. An assignee who is not a facilitator is a 400 naming the field.",
    body: z.strictObject({ facilitatorId: z.uuid({ error: "must be a user id (uuid)" }).max(36) }),
    responses: {
      200: { description: "assigned", schema: ClaimResult },
      400: { description: "the assignee is not a facilitator (field body.facilitatorId)" },
      403: { description: "neither an admin nor the holder of the claim" },
      404: NO_SUCH_MATCH,
    },
    handler: async ({ params, body, principal }) => ({ status: 200, body: presentClaimOutcome(await assignQueued(ctx, principal, params.matchId, body.facilitatorId)) }),
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/facilitator/queue/:matchId/release",
    ...ON_QUEUED_MATCH,
    summary: "Release a claim (the holder, or an admin); releasing an unclaimed match changes nothing",
    description: "Gives a claim back so the match is open to any facilitator. Only the holder or an admin may; releasing an unclaimed match changes nothing.",
    responses: { 200: { description: "released", schema: ClaimResult }, 404: NO_SUCH_MATCH, 409: { description: "claimed by another facilitator (ALREADY_CLAIMED)" } },
    handler: async ({ params, principal }) => ({ status: 200, body: presentClaimOutcome(await releaseQueued(ctx, principal, params.matchId)) }),
  });

  return router;
}
