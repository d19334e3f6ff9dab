/**
 * What a partner sees of a proposal, for the OpenAPI document: the receiver's view of a
 * pending proposal whose match is not yet revealed, so the sender is a label, not a name.
 * `satisfies ProposalView` keeps the example in step with the wire type.
 */
import type { ProposalView } from "../../../contract/proposals.ts";

/** A pending proposal as its receiver reads it before reveal. */
export const PROPOSAL_EXAMPLE = {
  id: "prop-7f3a9c",
  matchId: "m-2b41e0",
  fromOrg: null,
  toOrg: "acme-greenhouse",
  supplierOrg: null,
  consumerOrg: "acme-greenhouse",
  supplyFlowId: null,
  demandFlowId: "gh-heat-need",
  counterpart: "anonymous",
  fromName: null,
  toName: "Acme Greenhouse",
  fromLabel: "an anonymous supplier",
  toLabel: "Acme Greenhouse",
  actions: [
    { kind: "status", to: "accepted", label: "Accept" },
    { kind: "status", to: "rejected", label: "Reject" },
  ],
  nextStep: "An anonymous supplier proposes this exchange: accept to start negotiating, or reject it.",
  nextStepCode: "pending.decide",
  links: { self: "/api/v1/proposals/prop-7f3a9c", match: "/api/v1/matches/m-2b41e0" },
  resourceType: "waste_heat_low",
  message: "We can deliver 2 MW of 55 °C water from our pasteuriser cooling, all year.",
  status: "pending",
  allowedStatuses: ["accepted", "rejected"],
  deal: { state: "suggested", reason: null, allowedNext: [], contractConsents: [], awaitingConsent: [] },
  createdBy: null,
  version: 1,
  createdAt: "2026-03-01T12:00:00.000Z",
  updatedAt: "2026-03-01T12:00:00.000Z",
} as const satisfies ProposalView;

/** The same proposal with its negotiation log, as GET /proposals/{id} answers. */
export const PROPOSAL_WITH_HISTORY_EXAMPLE = {
  ...PROPOSAL_EXAMPLE,
  history: [{ at: "2026-03-01T12:00:00.000Z", kind: "status", actor: null, onBehalfOf: "counterpart", mandateId: null, from: null, to: "pending", note: null, reason: null, attachments: [] }],
} as const satisfies ProposalView;
