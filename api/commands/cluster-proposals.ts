/**
 * Heat clusters as deals: an organization's clusters (match-service/clusters.ts), a cluster
 * proposed to all its members, and each member's decision.
 *
 * Consent (DESIGN.md "Trust and disclosure"): proposing and deciding bind an organization,
 * so each is an act of one of its org_admins; proposing is the proposer's acceptance. The
 * split a member accepts is the one the server computed when the cluster was proposed —
 * never one a client sent.
 *
 * No oracle: a cluster or a proposal the caller is no member of answers exactly as a
 * missing one.
 */
import { errors } from "../../domain/errors.ts";
import type { ClusterDecisionBody, ClusterProposalCreate } from "../../domain/schemas/cluster-proposal.ts";
import { orgDisclosures } from "../../graph/queries/org-disclosure.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { findClusterProposal, insertClusterProposal, openProposalOfCluster, recordClusterDecision, withdrawClusterProposal, type ClusterProposalRecord } from "../../ledgers/cluster-proposals.ts";
import { revealedCounterparts } from "../../ledgers/match-disclosures.ts";
import { clustersOfOrg, type ClusterView } from "../../match-service/clusters.ts";
import { canReadOrg, isCrossOrg, orgIdsOf, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import type { ClusterProposalChangedEvent } from "../realtime/schemas.ts";
import { identityReads } from "./identity-reads.ts";

/** Which organizations a viewer sees named: itself, public ones, those revealed to it. */
export interface ClusterViewer {
  /** The viewer's own organizations among the members. */
  readonly own: ReadonlySet<string>;
  /** Other members named to the viewer. */
  readonly named: ReadonlyMap<string, string>;
}

const adminOrgsOf = (p: Principal) => (p.kind === "user" ? p.memberships.filter((m) => m.role === "org_admin").map((m) => m.orgId) : []);

/**
 * What a viewer acting for `own` is told of the other members: names of public ones, of
 * those a match already revealed to one of `own`, and all of them when `everyone` (a
 * cross-organization role, or a proposal every member accepted).
 */
async function viewerOf(ctx: ApiContext, own: readonly string[], memberOrgs: readonly string[], everyone: boolean): Promise<ClusterViewer> {
  const others = memberOrgs.filter((o) => !own.includes(o));
  const [facts, revealed] = await Promise.all([orgDisclosures(ctx.neo4j, others), Promise.all(own.map((o) => revealedCounterparts(ctx.knex, o)))]);
  const named = new Map<string, string>();
  for (const o of others) {
    const fact = facts.get(o);
    if (fact && (everyone || fact.disclosure === "public" || revealed.some((r) => r.has(o)))) named.set(o, fact.name);
  }
  return { own: new Set(own), named };
}

/**
 * The heat clusters an organization takes part in, with its viewer. A foreign organization
 * is a 404, as a missing one; a cross-organization role sees names, and the read is audited.
 */
export async function clustersOfOrganization(ctx: ApiContext, principal: Principal, orgId: string): Promise<{ clusters: ClusterView[]; viewer: ClusterViewer }> {
  if (!canReadOrg(principal, orgId)) throw errors.notFound("organization", orgId);
  const clusters = await clustersOfOrg(ctx.neo4j, orgId, ctx.config.secrets.idSecret);
  const members = [...new Set(clusters.flatMap((c) => c.members.map((m) => m.orgId)))];
  const member = orgIdsOf(principal).includes(orgId);
  const viewer = await viewerOf(ctx, [orgId], members, !member && isCrossOrg(principal));
  if (!member) {
    const facts = await orgDisclosures(ctx.neo4j, members);
    await appendAudit(ctx.knex, identityReads(principal, members.filter((o) => o !== orgId), facts, "clusters", orgId));
  }
  return { clusters, viewer };
}

async function announce(ctx: ApiContext, principal: Principal, p: ClusterProposalRecord, action: string, orgId: string): Promise<void> {
  await appendAudit(
    ctx.knex,
    p.members.map((m) => ({
      actor: principal.id,
      orgId: m.orgId,
      action,
      entityType: "cluster_proposal",
      entityId: p.id,
      entityVersion: p.version,
      payload: { status: p.status, onBehalfOf: orgId, clusterId: p.clusterId },
    })),
  );
  const event: ClusterProposalChangedEvent = {
    type: "cluster_proposal.changed",
    id: p.id,
    clusterId: p.clusterId,
    status: p.status,
    version: p.version,
    decided: p.members.filter((m) => m.decision !== null).length,
    members: p.members.length,
    at: p.updatedAt,
    memberOrgs: [...new Set(p.members.map((m) => m.orgId))],
  };
  await ctx.publisher.publish(ctx.events.subjects.clusterProposalsChanged, event, `cluster-proposal:${p.id}:${p.version}`);
}

/** A proposal and how the caller sees its members. */
export interface ClusterProposalResult {
  readonly proposal: ClusterProposalRecord;
  readonly viewer: ClusterViewer;
  readonly created: boolean;
}

async function resultFor(ctx: ApiContext, principal: Principal, proposal: ClusterProposalRecord, created = false): Promise<ClusterProposalResult> {
  const memberOrgs = proposal.members.map((m) => m.orgId);
  const own = orgIdsOf(principal).filter((o) => memberOrgs.includes(o));
  return { proposal, created, viewer: await viewerOf(ctx, own, memberOrgs, proposal.status === "accepted") };
}

/**
 * Propose a cluster the caller's organization sees to all its members. The cluster is
 * recomputed from the stored matches now; its split is what the members are asked to
 * accept. Proposing a cluster that already has an open proposal answers that proposal.
 */
export async function proposeCluster(ctx: ApiContext, principal: Principal, body: ClusterProposalCreate): Promise<ClusterProposalResult> {
  const mine = orgIdsOf(principal).filter((o) => body.orgId === undefined || o === body.orgId);
  let found: { cluster: ClusterView; orgId: string } | undefined;
  for (const orgId of mine) {
    const cluster = (await clustersOfOrg(ctx.neo4j, orgId, ctx.config.secrets.idSecret)).find((c) => c.id === body.clusterId);
    if (cluster) {
      found = { cluster, orgId };
      if (adminOrgsOf(principal).includes(orgId)) break;
    }
  }
  if (!found) throw errors.missingReference("cluster", body.clusterId, "body.clusterId");
  const { cluster } = found;
  const proposerOrg = adminOrgsOf(principal).find((o) => cluster.members.some((m) => m.orgId === o) && (body.orgId === undefined || o === body.orgId));
  if (proposerOrg === undefined) throw errors.forbidden("Only an org_admin of a member organization may propose its cluster.");
  const open = await openProposalOfCluster(ctx.knex, cluster.id);
  if (open) return resultFor(ctx, principal, open);
  const proposal = await insertClusterProposal(ctx.knex, {
    clusterId: cluster.id,
    supplyFlowId: cluster.supplyFlowId,
    resourceType: cluster.resourceType,
    proposerOrg,
    proposedBy: principal.id,
    annualValueEur: cluster.annualValueEur,
    pairsAloneEur: cluster.pairsAloneEur,
    pipeKm: cluster.network.pipeKm,
    capexEur: cluster.network.capexEur,
    members: cluster.members.map((m) => ({ orgId: m.orgId, role: m.role, flowId: m.flowId, matchId: m.matchId, quantityMWh: m.quantityMWh, deliveredMWh: m.deliveredMWh, connected: m.connected, shareEur: m.shareEur })),
  });
  await announce(ctx, principal, proposal, "cluster_proposal.created", proposerOrg);
  return resultFor(ctx, principal, proposal, true);
}

/** The proposal, if the caller belongs to one of its member organizations (else a 404). */
async function readVisible(ctx: ApiContext, principal: Principal, id: string): Promise<ClusterProposalRecord> {
  const proposal = await findClusterProposal(ctx.knex, id);
  if (!proposal || !proposal.members.some((m) => orgIdsOf(principal).includes(m.orgId))) throw errors.notFound("cluster proposal", id);
  return proposal;
}

/** One proposal as a member sees it. */
export async function getClusterProposal(ctx: ApiContext, principal: Principal, id: string): Promise<ClusterProposalResult> {
  return resultFor(ctx, principal, await readVisible(ctx, principal, id));
}

/**
 * A member organization's decision, by one of its org_admins. The first undecided member
 * organization the caller administers decides, or `body.orgId`. A decision on a closed
 * proposal, or a second decision of the same member, is a 409.
 */
export async function decideClusterProposal(ctx: ApiContext, principal: Principal, id: string, body: ClusterDecisionBody): Promise<ClusterProposalResult> {
  const current = await readVisible(ctx, principal, id);
  const admins = current.members.filter((m) => adminOrgsOf(principal).includes(m.orgId) && (body.orgId === undefined || m.orgId === body.orgId));
  if (admins.length === 0) throw errors.forbidden("Only an org_admin of a member organization may decide for it.", body.orgId !== undefined ? { field: "body.orgId" } : {});
  const member = admins.find((m) => m.decision === null) ?? admins[0]!;
  const outcome = await recordClusterDecision(ctx.knex, id, { orgId: member.orgId, decision: body.decision, decidedBy: principal.id });
  if ("refused" in outcome) {
    throw outcome.refused === "closed" ? errors.clusterProposalClosed(outcome.status, body.decision) : errors.clusterDecisionTaken(member.orgId, outcome.decision);
  }
  await announce(ctx, principal, outcome.proposal, `cluster_proposal.${body.decision}`, member.orgId);
  return resultFor(ctx, principal, outcome.proposal);
}

/** The proposer withdraws an open proposal (one of its org_admins); a closed one is a 409. */
export async function withdrawClusterProposalOf(ctx: ApiContext, principal: Principal, id: string): Promise<ClusterProposalResult> {
  const current = await readVisible(ctx, principal, id);
  if (!adminOrgsOf(principal).includes(current.proposerOrg)) throw errors.forbidden("Only an org_admin of the proposing organization may withdraw its proposal.");
  const outcome = await withdrawClusterProposal(ctx.knex, id);
  if ("refused" in outcome) throw errors.clusterProposalClosed(outcome.status, "withdrawn");
  await announce(ctx, principal, outcome.proposal, "cluster_proposal.withdrawn", current.proposerOrg);
  return resultFor(ctx, principal, outcome.proposal);
}
