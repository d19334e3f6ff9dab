/**
 * Heat clusters and cluster proposals: an organization's clusters with their split; a
 * cluster proposed to all its members; each member's decision. Thin: validate → authorize
 * and act (api/commands/cluster-proposals.ts) → present.
 */
import { Router } from "express";
import { z } from "zod";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { ClusterDecisionSchema, ClusterProposalCreateSchema } from "../../../domain/schemas/cluster-proposal.ts";
import { clustersOfOrganization, decideClusterProposal, getClusterProposal, proposeCluster, withdrawClusterProposalOf } from "../../commands/cluster-proposals.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { etag } from "../../http/versioning.ts";
import { presentCluster, presentClusterProposal } from "./presenter.ts";

const OrgParams = z.object({ id: ExternalId });
const ProposalParams = z.object({ id: z.uuid({ error: "must be a cluster proposal id (uuid)" }).max(36) });
// Roles are checked by the command (an org_admin of a member organization), so a non-member is a 404 as for a missing id.
const DECIDERS = ["facilitator", "org_admin", "org_member", "partner"] as const;

/** Cluster routes. */
export function clusterProposalRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/organizations/:id/matching/clusters",
    tag: "matching",
    summary: "Heat clusters the organization takes part in: one supply and its matched consumers priced as one shared pipe network, with each member's Shapley share",
    description:
      "A cluster is a heat supply with at least two matched consumers. Its value is that of the network the members would build together (shared trunk, losses, capex annuity), compared with each pair alone. Other members are named only when public or revealed to you; otherwise `member N`, with quantities as bands.",
    policy: { roles: ANY_ROLE, scope: "matches:read" },
    params: OrgParams,
    responses: { 200: { description: "the clusters" }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, params }) => {
      const { clusters, viewer } = await clustersOfOrganization(ctx, principal, params.id);
      return { status: 200, body: { orgId: params.id, clusters: clusters.map((c) => presentCluster(c, viewer)) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/cluster-proposals",
    tag: "proposals",
    summary: "Propose a heat cluster you see to all its members, with the split the server computes; proposing is your acceptance",
    description: "Proposes a heat cluster (a network of several suppliers and consumers the engine found) to all its members at once, with the cost and savings split the server computes. The proposing organization's acceptance is recorded with the proposal. A cluster with an open proposal answers that one (200).",
    policy: { roles: DECIDERS, scope: "proposals:write" },
    body: ClusterProposalCreateSchema,
    responses: {
      201: { description: "proposed (status open)" },
      200: { description: "the cluster already has an open proposal: that one" },
      403: { description: "not an org_admin of a member organization" },
      404: { description: "no such cluster (or not yours)" },
    },
    handler: async ({ principal, body }) => {
      const { proposal, viewer, created } = await proposeCluster(ctx, principal, body);
      return { status: created ? 201 : 200, body: presentClusterProposal(proposal, viewer), headers: { ETag: etag(proposal.version), Location: `/api/v1/cluster-proposals/${proposal.id}` } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/cluster-proposals/:id",
    tag: "proposals",
    summary: "One cluster proposal with the split, the network and each member's decision (members only)",
    description: "A cluster proposal with its split per member, the network (pipes, lengths) and each member's decision so far. Only members see it; others get 404.",
    policy: { roles: ANY_ROLE, scope: "proposals:read" },
    params: ProposalParams,
    responses: { 200: { description: "the proposal" }, 404: { description: "no such cluster proposal (or not yours)" } },
    handler: async ({ principal, params }) => {
      const { proposal, viewer } = await getClusterProposal(ctx, principal, params.id);
      return { status: 200, body: presentClusterProposal(proposal, viewer), headers: { ETag: etag(proposal.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/cluster-proposals/:id/decision",
    tag: "proposals",
    summary: "A member organization accepts or rejects a cluster proposal: accepted when every member accepted, rejected as soon as one rejects",
    description: "An administrator of a member organization accepts or rejects. The proposal is accepted when every member accepted, and rejected as soon as one rejects; a closed proposal or a second decision of the same member is a 409.",
    policy: { roles: DECIDERS, scope: "proposals:write" },
    params: ProposalParams,
    body: ClusterDecisionSchema,
    responses: {
      200: { description: "recorded" },
      403: { description: "not an org_admin of a member organization" },
      404: { description: "no such cluster proposal (or not yours)" },
      409: { description: "the proposal is closed, or your organization already decided" },
    },
    handler: async ({ principal, params, body }) => {
      const { proposal, viewer } = await decideClusterProposal(ctx, principal, params.id, body);
      return { status: 200, body: presentClusterProposal(proposal, viewer), headers: { ETag: etag(proposal.version) } };
    },
  });

  defineRoute(router, registry, {
    method: "post",
    path: "/cluster-proposals/:id/withdraw",
    tag: "proposals",
    summary: "The proposing organization withdraws its open cluster proposal",
    description: "The proposing organization's administrator withdraws an open cluster proposal; members can no longer decide on it. A closed one is a 409.",
    policy: { roles: DECIDERS, scope: "proposals:write" },
    params: ProposalParams,
    responses: {
      200: { description: "withdrawn" },
      403: { description: "not an org_admin of the proposing organization" },
      404: { description: "no such cluster proposal (or not yours)" },
      409: { description: "the proposal is closed" },
    },
    handler: async ({ principal, params }) => {
      const { proposal, viewer } = await withdrawClusterProposalOf(ctx, principal, params.id);
      return { status: 200, body: presentClusterProposal(proposal, viewer), headers: { ETag: etag(proposal.version) } };
    },
  });

  return router;
}
