/** Bodies of the cluster-proposal routes (strict: an unknown field is a 400 naming it). */
import { z } from "zod";
import { ExternalId } from "./common.ts";

/** Statuses of a cluster proposal (domain/cluster-proposal.ts says how one moves). */
export const CLUSTER_PROPOSAL_STATUSES = ["open", "accepted", "rejected", "withdrawn"] as const;
export type ClusterProposalStatus = (typeof CLUSTER_PROPOSAL_STATUSES)[number];

/** A member's decision. */
export const CLUSTER_DECISIONS = ["accepted", "rejected"] as const;
export type ClusterDecision = (typeof CLUSTER_DECISIONS)[number];

/** Propose the cluster you see (GET …/matching/clusters) to all its members. */
export const ClusterProposalCreateSchema = z.strictObject({
  clusterId: z.string({ error: "must be a cluster id" }).max(27, { error: "must be a cluster id (cl_ and 24 hex digits)" }).regex(/^cl_[0-9a-f]{24}$/, { error: "must be a cluster id (cl_ and 24 hex digits)" }),
  /** The member organization you propose for, when you administer several. */
  orgId: ExternalId.optional(),
});
export type ClusterProposalCreate = z.infer<typeof ClusterProposalCreateSchema>;

/** One member organization's decision on a cluster proposal. */
export const ClusterDecisionSchema = z.strictObject({
  decision: z.enum(CLUSTER_DECISIONS, { error: "must be accepted or rejected" }),
  /** The member organization you decide for, when you administer several. */
  orgId: ExternalId.optional(),
});
export type ClusterDecisionBody = z.infer<typeof ClusterDecisionSchema>;
