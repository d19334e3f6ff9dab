/** How proposals leave the API, with the next steps each side may take. */
import { allowedDealTransitions, allowedProposalTransitions } from "../../../domain/deal-lifecycle.ts";
import type { HistoryEntry, ProposalRecord } from "../../../ledgers/proposals.ts";

/** Present a proposal (and its history when given). */
export function presentProposal(p: ProposalRecord, history?: readonly HistoryEntry[]) {
  return {
    id: p.id,
    matchId: p.matchId,
    supplyFlowId: p.supplyFlowId,
    demandFlowId: p.demandFlowId,
    fromOrg: p.fromOrg,
    toOrg: p.toOrg,
    supplierOrg: p.supplierOrg,
    consumerOrg: p.consumerOrg,
    resourceType: p.resourceType,
    message: p.message,
    status: p.status,
    allowedStatuses: allowedProposalTransitions(p.status),
    deal: {
      state: p.dealState,
      reason: p.dealReason,
      allowedNext: p.status === "accepted" ? allowedDealTransitions(p.dealState) : [],
    },
    createdBy: p.createdBy,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(history ? { history } : {}),
  };
}
