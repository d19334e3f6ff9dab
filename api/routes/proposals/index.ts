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
import { PROPOSAL_EXAMPLE, PROPOSAL_WITH_HISTORY_EXAMPLE } from "./examples.ts";
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
    description: "Opens a proposal from one of your organizations (`fromOrg`) to the other side of a match (`toOrg`), naming the `matchId` or the supply and demand flows. It starts `pending` with its deal `suggested`. A match has one open proposal at a time: a second is a 409 PROPOSAL_ALREADY_OPEN with `openProposalId`. Replaying the same body answers 200.",
    policy: { roles: PARTIES, scope: "proposals:write" },
    body: ProposalCreateSchema,
    example: { externalId: "prop-7f3a9c", matchId: "m-2b41e0", fromOrg: "acme-dairy", message: "We can deliver 2 MW of 55 °C water from our pasteuriser cooling, all year." },
    responses: {
      201: { description: "created (status pending, deal suggested)", example: { ...PROPOSAL_EXAMPLE, fromOrg: "acme-dairy", fromName: "Acme Dairy", fromLabel: "Acme Dairy", actions: [{ kind: "status", to: "withdrawn", label: "Withdraw" }], allowedStatuses: ["withdrawn"], nextStep: "Waiting for Acme Greenhouse to accept or reject; you may withdraw the proposal until then.", nextStepCode: "pending.waitOrWithdraw" } },
      200: { description: "identical replay", example: PROPOSAL_EXAMPLE },
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
    description: "Proposals sent or received by the caller's organizations, newest first, filtered by `status`, `from_org` and `to_org`. Each says who the sides are for you (names, or labels such as \"an anonymous supplier\" before reveal), the actions you may take now and the next step. Page with `cursor`.",
    policy: { roles: ANY_ROLE, scope: "proposals:read" },
    query: z.object({
      ...PageQuery,
      status: z.enum(PROPOSAL_STATUSES, { error: `must be one of ${PROPOSAL_STATUSES.join(", ")}` }).optional(),
      from_org: ExternalId.optional(),
      to_org: ExternalId.optional(),
    }),
    responses: { 200: { description: "a page", example: { items: [PROPOSAL_EXAMPLE], nextCursor: null } } },
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
    description: "One proposal with its status, deal stage, the actions you may take now (`actions`), the next step in a sentence, a link to its match and the negotiation log (time, actor, note, attachments' metadata). A proposal that does not involve you answers 404.",
    policy: { roles: ANY_ROLE, scope: "proposals:read" },
    params: IdParams,
    responses: { 200: { description: "the proposal", example: PROPOSAL_WITH_HISTORY_EXAMPLE }, 404: { description: "no such proposal (or not yours)" } },
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
    example: { status: "accepted", note: "Interested; let us talk about the pipe route.", version: 1 },
    headers: IF_MATCH,
    responses: { 200: { description: "decided", example: { ...PROPOSAL_EXAMPLE, status: "accepted", allowedStatuses: [], actions: [{ kind: "deal", to: "negotiating", label: "Start negotiating" }], deal: { ...PROPOSAL_EXAMPLE.deal, allowedNext: ["negotiating", "failed", "cancelled"] }, nextStep: "Accepted: start negotiating the terms.", nextStepCode: "suggested.act", version: 2 } }, 409: { description: "illegal transition (names the allowed ones) or version conflict" } },
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
    example: { to: "reserved", note: "Capacity held for us until the contract is signed.", version: 3 },
    headers: IF_MATCH,
    responses: { 200: { description: "moved", example: { ...PROPOSAL_EXAMPLE, status: "accepted", allowedStatuses: [], actions: [{ kind: "deal", to: "contracted", label: "Consent to contract" }, { kind: "deal", to: "failed", label: "Mark as failed", needsReason: true }, { kind: "deal", to: "cancelled", label: "Cancel the deal", needsReason: true }], deal: { ...PROPOSAL_EXAMPLE.deal, state: "reserved", allowedNext: ["contracted", "negotiating", "failed", "cancelled"] }, nextStep: "Reserved: both parties consent to contract to make it binding.", nextStepCode: "reserved.consentBoth", version: 4 } }, 409: { description: "illegal transition (names the allowed ones) or version conflict" } },
    handler: async ({ principal, params, body, req }) => {
      const { proposal, disclosure, view } = await withPrecondition(req, () => moveDeal(ctx, principal, params.id, body));
      return { status: 200, body: presentProposal(proposal, viewerOf(principal), disclosure, view), headers: { ETag: etag(proposal.version) } };
    },
  });

  return router;
}
