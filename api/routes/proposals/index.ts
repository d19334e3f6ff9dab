/** Proposals and the deal behind each: create, list, read, decide, move the deal. */
import { Router } from "express";
import { z } from "zod";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { DealTransitionSchema } from "../../../domain/schemas/deal.ts";
import { PROPOSAL_STATUSES, ProposalCreateSchema, ProposalDecisionSchema } from "../../../domain/schemas/proposal.ts";
import { createProposal, decideProposal, findProposals, getProposal, moveDeal } from "../../commands/proposals.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeCursor, PageQuery, toPage } from "../../http/pagination.ts";
import { etag, withPrecondition } from "../../http/versioning.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { presentProposal } from "./presenter.ts";

const IdParams = z.object({ id: ExternalId });
const PARTIES = ["admin", "facilitator", "org_admin", "org_member", "partner"] as const;
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
    responses: { 201: { description: "created (status pending, deal suggested)" }, 200: { description: "identical replay" }, 409: { description: "the id is taken" } },
    handler: async ({ principal, body }) => {
      const { created, proposal } = await createProposal(ctx, principal, body);
      return { status: created ? 201 : 200, body: presentProposal(proposal), headers: { ETag: etag(proposal.version), Location: `/api/v1/proposals/${proposal.id}` } };
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
      const rows = await findProposals(ctx, principal, { status: query.status, fromOrg: query.from_org, toOrg: query.to_org, after: decodeCursor(query.cursor), limit: query.limit });
      const page = toPage(rows, query.limit, (r) => r.id);
      return { status: 200, body: { items: page.items.map((p) => presentProposal(p)), nextCursor: page.nextCursor } };
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
      const { proposal, history } = await getProposal(ctx, principal, params.id);
      return { status: 200, body: presentProposal(proposal, history), headers: { ETag: etag(proposal.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/proposals/:id/status",
    tag: "proposals",
    summary: "Decide a proposal: the receiver accepts or rejects, the sender withdraws (pending → accepted | rejected | withdrawn)",
    policy: { roles: PARTIES, scope: "proposals:write" },
    params: IdParams,
    body: ProposalDecisionSchema,
    headers: IF_MATCH,
    responses: { 200: { description: "decided" }, 409: { description: "illegal transition (names the allowed ones) or version conflict" } },
    handler: async ({ principal, params, body, req }) => {
      const proposal = await withPrecondition(req, () => decideProposal(ctx, principal, params.id, body));
      return { status: 200, body: presentProposal(proposal), headers: { ETag: etag(proposal.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/proposals/:id/deal",
    tag: "proposals",
    summary: "Move the deal of an accepted proposal: negotiating → reserved → contracted → live, or failed/cancelled with a coded reason",
    description: "Each step keeps a negotiation log entry (time, actor, note, attachments' metadata). Reaching contracted creates the PARTNERS_WITH relationship in the graph.",
    policy: { roles: PARTIES, scope: "proposals:write" },
    params: IdParams,
    body: DealTransitionSchema,
    headers: IF_MATCH,
    responses: { 200: { description: "moved" }, 409: { description: "illegal transition (names the allowed ones) or version conflict" } },
    handler: async ({ principal, params, body, req }) => {
      const proposal = await withPrecondition(req, () => moveDeal(ctx, principal, params.id, body));
      return { status: 200, body: presentProposal(proposal), headers: { ETag: etag(proposal.version) } };
    },
  });

  return router;
}
