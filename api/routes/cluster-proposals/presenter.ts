/**
 * How heat clusters and cluster proposals leave the API. Every member sees the whole split
 * (each member's share, exactly: it is what it is asked to accept), the network and the
 * value against pairs alone. Other members are named only when the viewer may know them
 * (public, revealed by a match, or every member accepted); otherwise they are "member N"
 * with no organization, flow or match id, and their quantities as bands.
 */
import { quantityBand, type Band } from "../../../domain/bands.ts";
import { externalOf } from "../../../domain/node-ref.ts";
import type { ClusterProposalRecord } from "../../../ledgers/cluster-proposals.ts";
import type { ClusterMember, ClusterView } from "../../../match-service/clusters.ts";
import type { ClusterViewer } from "../../commands/cluster-proposals.ts";

/** One member as a viewer sees it. */
export interface ClusterMemberView {
  readonly label: string;
  readonly disclosure: "you" | "named" | "anonymous";
  readonly orgId: string | null;
  readonly name: string | null;
  readonly role: "supplier" | "consumer";
  readonly flowId: string | null;
  readonly matchId: string | null;
  /** Exact for you and named members, null for anonymous ones (see quantityBand). */
  readonly quantityMWh: number | null;
  readonly quantityBand: Band;
  readonly deliveredMWh: number | null;
  readonly connected: boolean;
  readonly shareEur: number;
}

type Member = Pick<ClusterMember, "role" | "orgId" | "flowId" | "matchId" | "quantityMWh" | "deliveredMWh" | "connected" | "shareEur">;

function memberView(m: Member, i: number, viewer: ClusterViewer): ClusterMemberView {
  const disclosure = viewer.own.has(m.orgId) ? "you" : viewer.named.has(m.orgId) ? "named" : "anonymous";
  const shown = disclosure !== "anonymous";
  const name = disclosure === "named" ? viewer.named.get(m.orgId)! : null;
  return {
    label: disclosure === "you" ? "you" : (name ?? `member ${i + 1}`),
    disclosure,
    orgId: shown ? m.orgId : null,
    name,
    role: m.role,
    flowId: disclosure === "you" ? externalOf(m.flowId) : null,
    // A match id is the viewer's own only when it is the viewer's pair with the supplier.
    matchId: disclosure === "you" || (viewer.own.size > 0 && m.role === "consumer" && shown) ? m.matchId : null,
    quantityMWh: shown ? m.quantityMWh : null,
    quantityBand: quantityBand(m.quantityMWh),
    deliveredMWh: shown ? m.deliveredMWh : null,
    connected: m.connected,
    shareEur: m.shareEur,
  };
}

/** A solved cluster as a viewer sees it. */
export function presentCluster(c: ClusterView, viewer: ClusterViewer) {
  return {
    id: c.id,
    resourceType: c.resourceType,
    members: c.members.map((m, i) => memberView(m, i, viewer)),
    network: c.network,
    annualValueEur: c.annualValueEur,
    pairsAloneEur: c.pairsAloneEur,
    gainOverPairsEur: c.annualValueEur - c.pairsAloneEur,
  };
}

/** A cluster proposal as a member sees it, with each member's decision. */
export function presentClusterProposal(p: ClusterProposalRecord, viewer: ClusterViewer) {
  const members = p.members.map((m, i) => ({ ...memberView(m, i, viewer), decision: m.decision, decidedAt: m.decidedAt }));
  const proposer = members[p.members.findIndex((m) => m.orgId === p.proposerOrg)]!;
  return {
    id: p.id,
    clusterId: p.clusterId,
    resourceType: p.resourceType,
    status: p.status,
    proposedBy: proposer.label,
    members,
    awaiting: members.filter((m) => m.decision === null).map((m) => m.label),
    network: { pipeKm: p.pipeKm, capexEur: p.capexEur, connectedConsumers: p.members.filter((m) => m.role === "consumer" && m.connected).length },
    annualValueEur: p.annualValueEur,
    pairsAloneEur: p.pairsAloneEur,
    gainOverPairsEur: p.annualValueEur - p.pairsAloneEur,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
