/**
 * How proposals leave the API, with the next steps each side may take.
 *
 * A party sees its own side in full; the other side only as far as it is named to it
 * (api/commands/proposals.ts `proposalDisclosures`): until then the counterpart's
 * organization, flow and the people who acted for it are null — the proposal still shows
 * the resource, the message, the status and the deal's progress. Cross-organization
 * roles (facilitators, admins) see everything; their reads are audited by the command.
 */
import { allowedDealTransitions, allowedProposalTransitions } from "../../../domain/deal-lifecycle.ts";
import type { HistoryEntry, ProposalRecord } from "../../../ledgers/proposals.ts";
import type { ProposalDisclosure, ProposalViewContext } from "../../commands/proposals.ts";
import type { ProposalAction, ProposalView } from "../../../contract/proposals.ts";
import { nextStepOf, viewerActions } from "./next-step.ts";

/** Who is looking: one of the parties (by organization id), or a cross-organization role. */
export type ProposalViewer = { readonly kind: "party"; readonly orgIds: readonly string[] } | { readonly kind: "cross-org" };

/** Present a proposal (and its history when given) to a viewer. */
export function presentProposal(p: ProposalRecord, viewer: ProposalViewer, disclosure: ProposalDisclosure, view: ProposalViewContext, history?: readonly HistoryEntry[]) {
  const asFrom = viewer.kind === "party" && viewer.orgIds.includes(p.fromOrg);
  const asTo = viewer.kind === "party" && viewer.orgIds.includes(p.toOrg);
  // The organization hidden from this viewer, if any.
  const hidden = viewer.kind === "cross-org" || (asFrom && asTo) ? null : asFrom && !disclosure.toNamed ? p.toOrg : asTo && !disclosure.fromNamed ? p.fromOrg : null;
  const shown = (orgId: string) => (orgId === hidden ? null : orgId);
  const supplyHidden = hidden !== null && hidden === p.supplierOrg;
  const demandHidden = hidden !== null && hidden === p.consumerOrg;
  const parties = [p.fromOrg, p.toOrg];
  const nameOf = (orgId: string) => (orgId === hidden ? null : (view.names.get(orgId) ?? null));
  // How the viewer reads the other side: its name, or what the anonymous listing calls it.
  const labelOf = (orgId: string) => nameOf(orgId) ?? (orgId === hidden ? (orgId === p.supplierOrg ? "an anonymous supplier" : "an anonymous consumer") : orgId);
  const actions: ProposalAction[] = viewerActions(p, view);
  const next = nextStepOf(p, { from: labelOf(p.fromOrg), to: labelOf(p.toOrg) }, view, actions);
  return {
    id: p.id,
    matchId: p.matchId,
    supplyFlowId: supplyHidden ? null : p.supplyFlowId,
    demandFlowId: demandHidden ? null : p.demandFlowId,
    fromOrg: shown(p.fromOrg),
    toOrg: shown(p.toOrg),
    supplierOrg: shown(p.supplierOrg),
    consumerOrg: shown(p.consumerOrg),
    counterpart: hidden === null ? "named" : "anonymous",
    fromName: nameOf(p.fromOrg),
    toName: nameOf(p.toOrg),
    fromLabel: labelOf(p.fromOrg),
    toLabel: labelOf(p.toOrg),
    actions,
    nextStep: next.text,
    nextStepCode: next.code,
    links: { self: `/api/v1/proposals/${p.id}`, match: p.matchId === null ? null : `/api/v1/matches/${p.matchId}` },
    resourceType: p.resourceType,
    message: p.message,
    status: p.status,
    allowedStatuses: allowedProposalTransitions(p.status),
    deal: {
      state: p.dealState,
      reason: p.dealReason,
      allowedNext: p.status === "accepted" ? allowedDealTransitions(p.dealState) : [],
      /** Parties that consented to contract while the deal is reserved; contracted needs both. */
      contractConsents: p.contractConsents.map((o) => shown(o) ?? "counterpart"),
      awaitingConsent: p.dealState === "reserved" && p.contractConsents.length > 0 ? parties.filter((o) => !p.contractConsents.includes(o)).map((o) => shown(o) ?? "counterpart") : [],
    },
    createdBy: hidden !== null && hidden === p.fromOrg ? null : p.createdBy,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(history
      ? {
          history: history.map((h) =>
            h.onBehalfOf !== null && h.onBehalfOf === hidden ? { ...h, actor: null, onBehalfOf: "counterpart", mandateId: null } : h,
          ),
        }
      : {}),
  } satisfies ProposalView;
}
