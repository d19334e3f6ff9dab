/**
 * Proposals: one organization asks another to take up a match; the deal behind it moves
 * suggested → negotiating → reserved → contracted → live, or ends failed/cancelled with a
 * coded reason. Every step is kept in the status-history ledger; reaching `contracted`
 * creates `(:Business)-[:PARTNERS_WITH {since, resource}]->(:Business)` in the graph.
 */
import { errors, TurashError } from "../../domain/errors.ts";
import { dealStepForProposal, INITIAL_DEAL_STATE, transitionDeal, transitionProposal } from "../../domain/deal-lifecycle.ts";
import type { DealTransition } from "../../domain/schemas/deal.ts";
import type { ProposalCreate, ProposalDecision, ProposalStatus } from "../../domain/schemas/proposal.ts";
import { contentHash } from "../../ingest/content-hash.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import {
  changeProposal,
  findProposal,
  insertProposal,
  listProposals,
  proposalHistory,
  type HistoryEntry,
  type ProposalRecord,
} from "../../ledgers/proposals.ts";
import { canWriteOrg, isCrossOrg, orgIdsOf, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { inBody } from "./body-fields.ts";

interface FlowFacts {
  readonly id: string;
  readonly orgId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
}

async function flowFacts(ctx: ApiContext, ids: readonly string[]): Promise<Map<string, FlowFacts>> {
  const { records } = await ctx.neo4j.executeQuery(
    "UNWIND $ids AS id MATCH (f:ResourceFlow {id: id}) RETURN f.id AS id, f.orgId AS orgId, f.direction AS direction, f.resourceType AS resourceType",
    { ids },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("id") as string, r.toObject() as FlowFacts]));
}

async function flowsOfMatch(ctx: ApiContext, matchId: string): Promise<{ supplyFlowId: string; demandFlowId: string }> {
  const { records } = await ctx.neo4j.executeQuery(
    "MATCH (m:Match {id: $id}) RETURN m.supplyFlowId AS supplyFlowId, m.demandFlowId AS demandFlowId",
    { id: matchId },
    { routing: "READ" },
  );
  const record = records[0];
  if (!record) throw new TurashError("NOT_FOUND", `match "${matchId}" does not exist`, { field: "body.matchId" });
  return { supplyFlowId: record.get("supplyFlowId") as string, demandFlowId: record.get("demandFlowId") as string };
}

const isParty = (p: Principal, proposal: ProposalRecord) => orgIdsOf(p).some((o) => o === proposal.fromOrg || o === proposal.toOrg);

async function readVisible(ctx: ApiContext, principal: Principal, id: string): Promise<ProposalRecord> {
  const proposal = await findProposal(ctx.knex, id);
  if (!proposal || !(isCrossOrg(principal) || isParty(principal, proposal))) throw errors.notFound("proposal", id);
  return proposal;
}

async function announce(ctx: ApiContext, principal: Principal, proposal: ProposalRecord, action: string): Promise<void> {
  await appendAudit(ctx.knex, [proposal.fromOrg, proposal.toOrg].map((orgId) => ({ actor: principal.id, orgId, action, entityType: "proposal", entityId: proposal.id, entityVersion: proposal.version, payload: { status: proposal.status, dealState: proposal.dealState } })));
  await ctx.publisher.publish(
    ctx.events.subjects.proposalsChanged,
    { type: "proposal.changed", id: proposal.id, fromOrg: proposal.fromOrg, toOrg: proposal.toOrg, status: proposal.status, dealState: proposal.dealState, version: proposal.version, at: proposal.updatedAt },
    `proposal:${proposal.id}:${proposal.version}`,
  );
}

/**
 * Create a proposal from `fromOrg` (the caller's organization, or any for facilitators
 * and admins) to `toOrg` about a supply flow and a demand flow of those two organizations.
 * Posting the same body again changes nothing; another body under a taken id is a 409.
 */
export async function createProposal(ctx: ApiContext, principal: Principal, body: ProposalCreate): Promise<{ created: boolean; proposal: ProposalRecord }> {
  if (!(canWriteOrg(principal, body.fromOrg) || principal.role === "facilitator")) {
    throw new TurashError("FORBIDDEN", "You may only propose on behalf of your own organizations.", { field: "body.fromOrg" });
  }
  const flows = body.supplyFlowId && body.demandFlowId ? { supplyFlowId: body.supplyFlowId, demandFlowId: body.demandFlowId } : await flowsOfMatch(ctx, body.matchId!);
  const facts = await flowFacts(ctx, [flows.supplyFlowId, flows.demandFlowId]);
  const supply = facts.get(flows.supplyFlowId);
  const demand = facts.get(flows.demandFlowId);
  if (!supply) throw new TurashError("NOT_FOUND", `flow "${flows.supplyFlowId}" does not exist`, { field: "body.supplyFlowId" });
  if (!demand) throw new TurashError("NOT_FOUND", `flow "${flows.demandFlowId}" does not exist`, { field: "body.demandFlowId" });
  if (supply.direction !== "offer") throw errors.validationFailed([{ field: "body.supplyFlowId", message: "must be an offer" }]);
  if (demand.direction !== "need") throw errors.validationFailed([{ field: "body.demandFlowId", message: "must be a need" }]);
  const parties = new Set([body.fromOrg, body.toOrg]);
  if (!parties.has(supply.orgId) || !parties.has(demand.orgId) || supply.orgId === demand.orgId) {
    throw errors.validationFailed([{ field: "body.toOrg", message: "the two flows must belong to fromOrg and toOrg, one each" }]);
  }
  const hash = contentHash(body);
  const inserted = await insertProposal(ctx.knex, {
    id: body.externalId,
    matchId: body.matchId ?? null,
    ...flows,
    fromOrg: body.fromOrg,
    toOrg: body.toOrg,
    supplierOrg: supply.orgId,
    consumerOrg: demand.orgId,
    resourceType: supply.resourceType,
    message: body.message,
    status: "pending",
    dealState: INITIAL_DEAL_STATE,
    dealReason: null,
    contentHash: hash,
    createdBy: principal.id,
  });
  const proposal = (await findProposal(ctx.knex, body.externalId))!;
  if (!inserted) {
    if (proposal.contentHash !== hash || !(isCrossOrg(principal) || isParty(principal, proposal))) throw errors.alreadyExists("proposal", body.externalId);
    return { created: false, proposal };
  }
  await announce(ctx, principal, proposal, "created");
  return { created: true, proposal };
}

/** One proposal with its history, for a party or a facilitator. */
export async function getProposal(ctx: ApiContext, principal: Principal, id: string): Promise<{ proposal: ProposalRecord; history: HistoryEntry[] }> {
  const proposal = await readVisible(ctx, principal, id);
  return { proposal, history: await proposalHistory(ctx.knex, id) };
}

/** Proposals involving the caller's organizations (all for cross-org roles). */
export function findProposals(
  ctx: ApiContext,
  principal: Principal,
  filter: { status?: ProposalStatus; fromOrg?: string; toOrg?: string; after: string | null; limit: number },
) {
  return listProposals(ctx.knex, { ...filter, orgIds: isCrossOrg(principal) ? null : orgIdsOf(principal) });
}

function checkVersion(current: ProposalRecord, expected: number): void {
  if (current.version !== expected) throw errors.versionConflict("proposal", current.id, expected, current.version);
}

/**
 * Decide a proposal: the receiving organization accepts or rejects, the sending one
 * withdraws. The deal follows: accepted → negotiating, rejected → failed, withdrawn → cancelled.
 */
export async function decideProposal(ctx: ApiContext, principal: Principal, id: string, decision: ProposalDecision): Promise<ProposalRecord> {
  const visible = await readVisible(ctx, principal, id);
  const deciderOrg = decision.status === "withdrawn" ? visible.fromOrg : visible.toOrg;
  // A facilitator who brokered the proposal (created it from a queued match) records the
  // parties' decisions for them; the history keeps who recorded each.
  const brokeredByCaller = principal.role === "facilitator" && principal.id === visible.createdBy;
  const mayDecide =
    principal.role === "admin" ||
    brokeredByCaller ||
    canWriteOrg(principal, deciderOrg) ||
    (decision.status === "withdrawn" && (principal.id === visible.createdBy || principal.role === "facilitator"));
  if (!mayDecide) {
    throw errors.forbidden(decision.status === "withdrawn" ? "Only the proposing organization may withdraw." : "Only the receiving organization may accept or reject.");
  }
  const at = new Date().toISOString();
  const { after } = await changeProposal(ctx.knex, id, (current) => {
    checkVersion(current, decision.version);
    const { entry } = transitionProposal(current, { to: decision.status, actor: principal.id, at, ...(decision.note ? { note: decision.note } : {}) });
    const history: Omit<HistoryEntry, "at">[] = [{ kind: "status", from: entry.from, to: entry.to, actor: principal.id, note: decision.note ?? null, reason: null, attachments: [] }];
    const dealStep = dealStepForProposal(decision.status);
    if (!dealStep) return { status: decision.status, history };
    const deal = transitionDeal({ state: current.dealState, log: [] }, { to: dealStep.to, actor: principal.id, at, ...(dealStep.reason ? { reason: dealStep.reason } : {}) });
    history.push({ kind: "deal", from: current.dealState, to: deal.state, actor: principal.id, note: decision.note ?? null, reason: dealStep.reason ?? null, attachments: [] });
    return { status: decision.status, dealState: deal.state, dealReason: dealStep.reason ?? null, history };
  }).catch(rethrowNotFound(id, { to: "status" }));
  await announce(ctx, principal, after, `status:${decision.status}`);
  return after;
}

/**
 * Move the deal behind an accepted proposal one step, keeping a negotiation log entry
 * (time, actor, note, attachments' metadata). Reaching contracted creates the partnership.
 */
export async function moveDeal(ctx: ApiContext, principal: Principal, id: string, step: DealTransition): Promise<ProposalRecord> {
  const visible = await readVisible(ctx, principal, id);
  if (!(isCrossOrg(principal) || canWriteOrg(principal, visible.fromOrg) || canWriteOrg(principal, visible.toOrg))) {
    throw errors.forbidden("Only the two parties or a facilitator may move this deal.");
  }
  const at = new Date().toISOString();
  const { after } = await changeProposal(ctx.knex, id, (current) => {
    checkVersion(current, step.version);
    if (current.status !== "accepted") {
      throw new TurashError("ILLEGAL_TRANSITION", `The proposal is ${current.status}; its deal moves only after it is accepted.`, {
        field: "to",
        extensions: { machine: "deal", from: current.dealState, to: step.to, allowed: [] },
      });
    }
    const deal = transitionDeal(
      { state: current.dealState, log: [] },
      { to: step.to, actor: principal.id, at, ...(step.note ? { note: step.note } : {}), ...(step.attachments ? { attachments: step.attachments } : {}), ...(step.reason ? { reason: step.reason } : {}) },
    );
    return {
      dealState: deal.state,
      ...(step.reason ? { dealReason: step.reason } : {}),
      history: [{ kind: "deal", from: current.dealState, to: deal.state, actor: principal.id, note: step.note ?? null, reason: step.reason ?? null, attachments: step.attachments ?? [] }],
    };
  }).catch(rethrowNotFound(id, {}));
  if (after.dealState === "contracted") {
    await ctx.neo4j.executeQuery(
      `MATCH (s:Business {id: $supplier}), (c:Business {id: $consumer})
       MERGE (s)-[p:PARTNERS_WITH {dealId: $dealId}]->(c)
       ON CREATE SET p.since = date($since), p.resource = $resource`,
      { supplier: after.supplierOrg, consumer: after.consumerOrg, dealId: after.id, since: at.slice(0, 10), resource: after.resourceType },
    );
  }
  await announce(ctx, principal, after, `deal:${after.dealState}`);
  return after;
}

/** Turn the ledger's not-found into a 404; name the body fields of the other errors (`rename`: error field → body member). */
function rethrowNotFound(id: string, rename: Readonly<Record<string, string>>) {
  return (error: unknown): never => {
    if ((error as { notFound?: boolean }).notFound) throw errors.notFound("proposal", id);
    throw inBody(error, rename);
  };
}
