/** Proposals and the deal behind each: create, list, read, decide, move the deal. */
import { Router } from "express";
import { z } from "zod";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { DealTransitionSchema } from "../../../domain/schemas/deal.ts";
import { PROPOSAL_STATUSES, ProposalCreateSchema, ProposalDecisionSchema } from "../../../domain/schemas/proposal.ts";
import { createProposal, decideProposal, findProposals, getProposal, moveDeal } from "../../commands/proposals.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeCursor, encodeCursor, PageQuery } from "../../http/pagination.ts";
import { etag, withPrecondition } from "../../http/versioning.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { presentProposal, type ProposalViewer } from "./presenter.ts";
import { isCrossOrg, orgIdsOf, type Principal } from "../../auth/principal.ts";

const IdParams = z.object({ id: ExternalId });
const PARTIES = ["admin", "facilitator", "org_admin", "org_member", "partner"] as const;
const viewerOf = (p: Principal): ProposalViewer => (isCrossOrg(p) ? { kind: "cross-org" } : { kind: "party", orgIds: orgIdsOf(p) });
const IF_MATCH = [{ name: "If-Match", description: 'the ETag you saw, e.g. "3"' }];

/** Proposal routes. */
export function proposalRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/proposals",
    tag: "proposals",
    summary: "Propose an exchange to another organization (from a match, or naming the supply and demand flows)",
    policy: { roles: PARTIES, scope: "proposals:write" },
    body: ProposalCreateSchema,
    responses: {
      201: { description: "created (status pending, deal suggested)" },
      200: { description: "identical replay" },
      409: { description: "the id is taken, or the match already has an open proposal (PROPOSAL_ALREADY_OPEN, naming it in openProposalId)" },
    },
    handler: async ({ principal, body }) => {
      const { created, proposal, disclosure, view } = await createProposal(ctx, principal, body);
      return { status: created ? 201 : 200, body: presentProposal(proposal, viewerOf(principal), disclosure, view), headers: { ETag: etag(proposal.version), Location: `/api/v1/proposals/${proposal.id}` } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/proposals",
    tag: "proposals",
    summary: "Proposals involving your organizations, by cursor; filter by status, sender, receiver",
    policy: { roles: ANY_ROLE, scope: "proposals:read" },
    query: z.object({
      ...PageQuery,
      status: z.enum(PROPOSAL_STATUSES, { error: `must be one of ${PROPOSAL_STATUSES.join(", ")}` }).optional(),
      from_org: ExternalId.optional(),
      to_org: ExternalId.optional(),
    }),
    responses: { 200: { description: "a page" } },
    handler: async ({ principal, query }) => {
      const { items, nextAfter, disclosures, view } = await findProposals(ctx, principal, { status: query.status, fromOrg: query.from_org, toOrg: query.to_org, after: decodeCursor(query.cursor), limit: query.limit });
      return { status: 200, body: { items: items.map((p) => presentProposal(p, viewerOf(principal), disclosures.get(p.id)!, view)), nextCursor: nextAfter === null ? null : encodeCursor(nextAfter) } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/proposals/:id",
    tag: "proposals",
    summary: "One proposal with its full status and negotiation history",
    policy: { roles: ANY_ROLE, scope: "proposals:read" },
    params: IdParams,
    responses: { 200: { description: "the proposal" }, 404: { description: "no such proposal (or not yours)" } },
    handler: async ({ principal, params }) => {
      const { proposal, history, disclosure, view } = await getProposal(ctx, principal, params.id);
      return { status: 200, body: presentProposal(proposal, viewerOf(principal), disclosure, view, history), headers: { ETag: etag(proposal.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/proposals/:id/status",
    tag: "proposals",
    summary: "Decide a proposal: the receiver accepts or rejects, the sender withdraws (pending → accepted | rejected | withdrawn)",
    description: "Each decision is the deciding organization's own act: one of its members or keys, or a facilitator holding its `proposals` mandate. Accepting a proposal on a match is the receiver's `interested`: the match is revealed to both.",
    policy: { roles: PARTIES, scope: "proposals:write" },
    params: IdParams,
    body: ProposalDecisionSchema,
    headers: IF_MATCH,
    responses: { 200: { description: "decided" }, 409: { description: "illegal transition (names the allowed ones) or version conflict" } },
    handler: async ({ principal, params, body, req }) => {
      const { proposal, disclosure, view } = await withPrecondition(req, () => decideProposal(ctx, principal, params.id, body));
      return { status: 200, body: presentProposal(proposal, viewerOf(principal), disclosure, view), headers: { ETag: etag(proposal.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/proposals/:id/deal",
    tag: "proposals",
    summary: "Move the deal of an accepted proposal: negotiating → reserved → contracted → live, or failed/cancelled with a coded reason",
    description: "Each step is one party's act (its member, or a facilitator under its `deals` mandate; `onBehalfOf` picks the party). Contracted needs both parties: the first request records that party's consent and the deal stays reserved until the other consents; only then is the PARTNERS_WITH relationship created. Each step keeps a negotiation log entry (time, actor, on whose behalf, note, attachments' metadata).",
    policy: { roles: PARTIES, scope: "proposals:write" },
    params: IdParams,
    body: DealTransitionSchema,
    headers: IF_MATCH,
    responses: { 200: { description: "moved" }, 409: { description: "illegal transition (names the allowed ones) or version conflict" } },
    handler: async ({ principal, params, body, req }) => {
      const { proposal, disclosure, view } = await withPrecondition(req, () => moveDeal(ctx, principal, params.id, body));
      return { status: 200, body: presentProposal(proposal, viewerOf(principal), disclosure, view), headers: { ETag: etag(proposal.version) } };
    },
  });

  return router;
}
