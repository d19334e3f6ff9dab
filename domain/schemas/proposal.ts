/**
 * A proposal: one organization asks another to take up a match. Its status moves only
 * through `deal-lifecycle.ts`; the create body never sets it (new proposals are pending).
 */
import { z } from "zod";
import { ExternalId, IsoDateTime, Version, freeText } from "./common.ts";
import { NodeRef } from "../node-ref.ts";

export const PROPOSAL_STATUSES = ["pending", "accepted", "rejected", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const refs = {
  externalId: ExternalId,
  /** The match this proposal takes up; or name the two flows directly. */
  matchId: ExternalId.optional(),
  /** Your own flow by the id you gave it; the counterpart's by the id a match showed you. */
  supplyFlowId: NodeRef.optional(),
  demandFlowId: NodeRef.optional(),
  /** The organization you propose for; may be left out when you act for only one party. */
  fromOrg: ExternalId.optional(),
  /** Follows from the flows; when given it must be their other party. */
  toOrg: ExternalId.optional(),
  message: freeText(5000),
};

type Refs = { matchId?: string; supplyFlowId?: string; demandFlowId?: string; fromOrg?: string; toOrg?: string };

function crossCheck(p: Refs, ctx: z.RefinementCtx): void {
  if (p.matchId === undefined && (p.supplyFlowId === undefined || p.demandFlowId === undefined))
    ctx.addIssue({
      code: "custom",
      path: [p.supplyFlowId === undefined ? "supplyFlowId" : "demandFlowId"],
      message: "give matchId, or both supplyFlowId and demandFlowId",
    });
  if (p.supplyFlowId !== undefined && p.supplyFlowId === p.demandFlowId)
    ctx.addIssue({ code: "custom", path: ["demandFlowId"], message: "must differ from supplyFlowId" });
  if (p.fromOrg !== undefined && p.fromOrg === p.toOrg) ctx.addIssue({ code: "custom", path: ["toOrg"], message: "must differ from fromOrg" });
}

/** Body of a proposal creation. */
export const ProposalCreateSchema = z.strictObject(refs).superRefine(crossCheck);

/** A stored proposal. */
export const ProposalSchema = z
  .object({ ...refs, status: z.enum(PROPOSAL_STATUSES, { error: `must be one of ${PROPOSAL_STATUSES.join(", ")}` }) })
  .superRefine(crossCheck);

/** Body of a proposal edit: only the message changes outside the lifecycle. */
export const ProposalUpdateSchema = z.strictObject({ message: freeText(5000).optional(), version: Version });

/** Body of a decision on a proposal (accept, reject, withdraw). */
export const ProposalDecisionSchema = z.strictObject({
  status: z.enum(["accepted", "rejected", "withdrawn"], { error: "must be accepted, rejected or withdrawn" }),
  note: freeText(2000).optional(),
  version: Version,
});

/** One line of a proposal's status history. */
export const ProposalLogEntrySchema = z.object({
  at: IsoDateTime,
  actor: ExternalId,
  from: z.enum(PROPOSAL_STATUSES),
  to: z.enum(PROPOSAL_STATUSES),
  note: freeText(2000).optional(),
});

export type ProposalCreate = z.output<typeof ProposalCreateSchema>;
export type Proposal = z.output<typeof ProposalSchema>;
export type ProposalUpdate = z.output<typeof ProposalUpdateSchema>;
export type ProposalDecision = z.output<typeof ProposalDecisionSchema>;
export type ProposalLogEntry = z.output<typeof ProposalLogEntrySchema>;
