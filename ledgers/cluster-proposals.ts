/**
 * The cluster-proposals ledger: a heat cluster proposed as one deal, with the split and the
 * network every member is asked to accept, and one decision per member. A decision locks the
 * proposal row and recomputes the status from all members' decisions inside one transaction,
 * so two members deciding at once cannot both see "the last acceptance".
 */
import type { Knex } from "knex";
import { clusterStatusOf, isClosedClusterStatus } from "../domain/cluster-proposal.ts";
import type { ClusterDecision, ClusterProposalStatus } from "../domain/schemas/cluster-proposal.ts";

/** One member of a proposed cluster, with its share and its decision. */
export interface ClusterProposalMember {
  readonly orgId: string;
  readonly role: "supplier" | "consumer";
  readonly flowId: string;
  readonly matchId: string | null;
  readonly quantityMWh: number;
  readonly deliveredMWh: number;
  readonly connected: boolean;
  /** Its Shapley share of the cluster's value, €/yr, as proposed. */
  readonly shareEur: number;
  readonly decision: ClusterDecision | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** A cluster proposal as stored; members supplier first, in the cluster's order. */
export interface ClusterProposalRecord {
  readonly id: string;
  readonly clusterId: string;
  readonly supplyFlowId: string;
  readonly resourceType: string;
  readonly proposerOrg: string;
  readonly proposedBy: string;
  readonly status: ClusterProposalStatus;
  readonly annualValueEur: number;
  readonly pairsAloneEur: number;
  readonly pipeKm: number;
  readonly capexEur: number;
  readonly members: readonly ClusterProposalMember[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a new proposal records (the proposer's acceptance is implied by proposing). */
export type NewClusterProposal = Omit<ClusterProposalRecord, "id" | "status" | "version" | "createdAt" | "updatedAt" | "members"> & {
  readonly members: readonly Omit<ClusterProposalMember, "decision" | "decidedBy" | "decidedAt">[];
};

interface ProposalRow {
  id: string;
  cluster_id: string;
  supply_flow_id: string;
  resource_type: string;
  proposer_org: string;
  proposed_by: string;
  status: ClusterProposalStatus;
  annual_value_eur: number;
  pairs_alone_eur: number;
  pipe_km: number;
  capex_eur: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface MemberRow {
  proposal_id: string;
  position: number;
  org_id: string;
  role: "supplier" | "consumer";
  flow_id: string;
  match_id: string | null;
  quantity_mwh: number;
  delivered_mwh: number;
  connected: boolean;
  share_eur: number;
  decision: ClusterDecision | null;
  decided_by: string | null;
  decided_at: Date | null;
}

const memberOf = (r: MemberRow): ClusterProposalMember => ({
  orgId: r.org_id,
  role: r.role,
  flowId: r.flow_id,
  matchId: r.match_id,
  quantityMWh: Number(r.quantity_mwh),
  deliveredMWh: Number(r.delivered_mwh),
  connected: r.connected,
  shareEur: Number(r.share_eur),
  decision: r.decision,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at?.toISOString() ?? null,
});

const recordOf = (r: ProposalRow, members: readonly MemberRow[]): ClusterProposalRecord => ({
  id: r.id,
  clusterId: r.cluster_id,
  supplyFlowId: r.supply_flow_id,
  resourceType: r.resource_type,
  proposerOrg: r.proposer_org,
  proposedBy: r.proposed_by,
  status: r.status,
  annualValueEur: Number(r.annual_value_eur),
  pairsAloneEur: Number(r.pairs_alone_eur),
  pipeKm: Number(r.pipe_km),
  capexEur: Number(r.capex_eur),
  members: [...members].sort((a, b) => a.position - b.position).map(memberOf),
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cluster proposal by id (undefined when there is none, or the id is not one). */
export async function findClusterProposal(knex: Knex | Knex.Transaction, id: string, forUpdate = false): Promise<ClusterProposalRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const q = knex<ProposalRow>("cluster_proposals").where({ id }).first();
  const row = (await (forUpdate ? q.forUpdate() : q)) as ProposalRow | undefined;
  if (!row) return undefined;
  const members = (await knex<MemberRow>("cluster_proposal_members").where({ proposal_id: id })) as MemberRow[];
  return recordOf(row, members);
}

/** The open proposal of a cluster, if one is open. */
export async function openProposalOfCluster(knex: Knex, clusterId: string): Promise<ClusterProposalRecord | undefined> {
  const row = (await knex<ProposalRow>("cluster_proposals").where({ cluster_id: clusterId, status: "open" }).first("id")) as { id: string } | undefined;
  return row ? findClusterProposal(knex, row.id) : undefined;
}

/**
 * Insert a proposal; the proposer's organization is recorded as having accepted (proposing
 * is its acceptance), every other member undecided.
 */
export async function insertClusterProposal(knex: Knex, p: NewClusterProposal): Promise<ClusterProposalRecord> {
  return knex.transaction(async (trx) => {
    const [row] = (await trx("cluster_proposals")
      .insert({
        cluster_id: p.clusterId,
        supply_flow_id: p.supplyFlowId,
        resource_type: p.resourceType,
        proposer_org: p.proposerOrg,
        proposed_by: p.proposedBy,
        status: "open",
        annual_value_eur: p.annualValueEur,
        pairs_alone_eur: p.pairsAloneEur,
        pipe_km: p.pipeKm,
        capex_eur: p.capexEur,
      })
      .returning("id")) as { id: string }[];
    const now = new Date();
    await trx("cluster_proposal_members").insert(
      p.members.map((m, position) => ({
        proposal_id: row!.id,
        position,
        org_id: m.orgId,
        role: m.role,
        flow_id: m.flowId,
        match_id: m.matchId,
        quantity_mwh: m.quantityMWh,
        delivered_mwh: m.deliveredMWh,
        connected: m.connected,
        share_eur: m.shareEur,
        decision: m.orgId === p.proposerOrg ? "accepted" : null,
        decided_by: m.orgId === p.proposerOrg ? p.proposedBy : null,
        decided_at: m.orgId === p.proposerOrg ? now : null,
      })),
    );
    return (await findClusterProposal(trx, row!.id))!;
  });
}

/** Why a decision was not recorded. */
export type DecisionRefusal = { readonly refused: "closed"; readonly status: ClusterProposalStatus } | { readonly refused: "decided"; readonly decision: ClusterDecision };

/**
 * Record one member's decision and move the status (domain/cluster-proposal.ts). Refused,
 * changing nothing, when the proposal is closed or the member already decided.
 */
export async function recordClusterDecision(
  knex: Knex,
  id: string,
  d: { readonly orgId: string; readonly decision: ClusterDecision; readonly decidedBy: string },
): Promise<{ readonly proposal: ClusterProposalRecord } | DecisionRefusal> {
  return knex.transaction(async (trx) => {
    const current = (await findClusterProposal(trx, id, true))!;
    if (isClosedClusterStatus(current.status)) return { refused: "closed", status: current.status };
    const mine = current.members.find((m) => m.orgId === d.orgId)!;
    if (mine.decision !== null) return { refused: "decided", decision: mine.decision };
    await trx("cluster_proposal_members").where({ proposal_id: id, org_id: d.orgId }).update({ decision: d.decision, decided_by: d.decidedBy, decided_at: trx.fn.now() });
    const status = clusterStatusOf(current.members.map((m) => (m.orgId === d.orgId ? d.decision : m.decision)));
    await trx("cluster_proposals").where({ id }).update({ status, version: current.version + 1, updated_at: trx.fn.now() });
    return { proposal: (await findClusterProposal(trx, id))! };
  });
}

/**
 * Withdraw an open proposal (its proposer's act). Refused, changing nothing, when the
 * proposal is already closed.
 */
export async function withdrawClusterProposal(knex: Knex, id: string): Promise<{ readonly proposal: ClusterProposalRecord } | Extract<DecisionRefusal, { refused: "closed" }>> {
  return knex.transaction(async (trx) => {
    const current = (await findClusterProposal(trx, id, true))!;
    if (isClosedClusterStatus(current.status)) return { refused: "closed", status: current.status };
    await trx("cluster_proposals").where({ id }).update({ status: "withdrawn", version: current.version + 1, updated_at: trx.fn.now() });
    return { proposal: (await findClusterProposal(trx, id))! };
  });
}
