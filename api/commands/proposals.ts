/**
 * Proposals: one organization asks another to take up a match; the deal behind it moves
 * suggested → negotiating → reserved → contracted → live, or ends failed/cancelled with a
 * coded reason. Every step is kept in the status-history ledger.
 *
 * Consent (DESIGN.md "Trust and disclosure", api/auth/agency.ts): every step is a party's
 * own act — one of its members or API keys — or a facilitator's under a mandate that the
 * party's org_admin granted (`proposals` for proposing and deciding, `deals` for deal
 * steps). The history records on whose behalf, and under which mandate, each step was
 * taken. `contracted` needs both parties: the first party's request is a recorded consent
 * and the deal stays `reserved` until the other's arrives; only then is
 * `(:Business)-[:PARTNERS_WITH]->(:Business)` created, through the one write path
 * (ingest/write-path.ts `writePartnership`).
 *
 * Disclosure: proposing on a match is the proposer's `interested`; accepting is the
 * receiver's, so an accepted proposal reveals its match. Until then each party sees the
 * other as anonymous (api/routes/proposals/presenter.ts).
 *
 * No oracle: a match, flow or proposal the caller may not see answers exactly as a missing
 * one — the same 404, the same field, the same words.
 */
import { resolveNodeRef } from "../../graph/node-refs.ts";
import { errors } from "../../domain/errors.ts";
import { dealStepForProposal, INITIAL_DEAL_STATE, transitionDeal, transitionProposal } from "../../domain/deal-lifecycle.ts";
import type { DealState, DealTransition } from "../../domain/schemas/deal.ts";
import type { ProposalCreate, ProposalDecision, ProposalStatus } from "../../domain/schemas/proposal.ts";
import { contentHash } from "../../ingest/content-hash.ts";
import { writePartnership } from "../../ingest/write-path.ts";
import { flowFacts } from "../../graph/queries/flow-facts.ts";
import { orgDisclosures } from "../../graph/queries/org-disclosure.ts";
import { orgNames } from "../../graph/queries/org-names.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { disclosureStates, flowsRevealed, recordDecision } from "../../ledgers/match-disclosures.ts";
import type { MandateAct } from "../../ledgers/mandates.ts";
import { changeProposal, findProposal, insertProposal, listProposals, proposalHistory, type HistoryEntry, type ProposalRecord } from "../../ledgers/proposals.ts";
import { readMatches } from "../../match-service/store.ts";
import { agenciesAmong, type Agency } from "../auth/agency.ts";
import { isCrossOrg, orgIdsOf, type Principal } from "../auth/principal.ts";
import { writeContextFor, type ApiContext } from "../context.ts";
import { inBody } from "./body-fields.ts";
import { identityReads } from "./identity-reads.ts";

const isParty = (p: Principal, proposal: ProposalRecord) => orgIdsOf(p).some((o) => o === proposal.fromOrg || o === proposal.toOrg);

/** How far each party of a proposal sees the other. */
export interface ProposalDisclosure {
  /** fromOrg is named to toOrg. */
  readonly fromNamed: boolean;
  /** toOrg is named to fromOrg. */
  readonly toNamed: boolean;
}

async function readVisible(ctx: ApiContext, principal: Principal, id: string): Promise<ProposalRecord> {
  const proposal = await findProposal(ctx.knex, id);
  if (!proposal || !(isCrossOrg(principal) || isParty(principal, proposal))) throw errors.notFound("proposal", id);
  return proposal;
}

/**
 * Which sides of these proposals are named to the other: a side is named when its
 * organization is public, when the proposal's match was revealed, or when the proposal
 * names no match (it was made between flows the proposer could already see named) or was
 * accepted (both consented to talk).
 */
export async function proposalDisclosures(ctx: ApiContext, proposals: readonly ProposalRecord[]): Promise<Map<string, ProposalDisclosure>> {
  const withMatch = proposals.filter((p) => p.matchId !== null);
  const [states, facts] = await Promise.all([
    disclosureStates(ctx.knex, withMatch.map((p) => p.matchId!)),
    orgDisclosures(ctx.neo4j, proposals.flatMap((p) => [p.fromOrg, p.toOrg])),
  ]);
  const isPublic = (id: string) => facts.get(id)?.disclosure === "public";
  return new Map(proposals.map((p) => {
    const open = p.matchId === null || p.status === "accepted" || states.get(p.matchId)?.revealedAt != null;
    return [p.id, { fromNamed: open || isPublic(p.fromOrg), toNamed: open || isPublic(p.toOrg) }];
  }));
}

const disclosureOf = async (ctx: ApiContext, p: ProposalRecord) => (await proposalDisclosures(ctx, [p])).get(p.id)!;

/** What a viewer's presentation of proposals needs besides disclosure: names, and whom the viewer may act for. */
export interface ProposalViewContext {
  /** Organization names (the presenter shows only those named to the viewer). */
  readonly names: ReadonlyMap<string, string>;
  /** Organizations the viewer may decide proposals for (its own, or under a `proposals` mandate). */
  readonly decidesFor: ReadonlySet<string>;
  /** Organizations the viewer may move deals for (its own, or under a `deals` mandate). */
  readonly movesDealsFor: ReadonlySet<string>;
}

/** The view context of these proposals for this viewer (three lookups, whatever the number of proposals). */
export async function proposalViewContext(ctx: ApiContext, principal: Principal, proposals: readonly ProposalRecord[]): Promise<ProposalViewContext> {
  const orgIds = [...new Set(proposals.flatMap((p) => [p.fromOrg, p.toOrg]))];
  const [names, decides, deals] = await Promise.all([
    orgNames(ctx.neo4j, orgIds),
    agenciesAmong(ctx.knex, principal, orgIds, "proposals"),
    agenciesAmong(ctx.knex, principal, orgIds, "deals"),
  ]);
  return { names, decidesFor: new Set(decides.map((a) => a.orgId)), movesDealsFor: new Set(deals.map((a) => a.orgId)) };
}

async function announce(ctx: ApiContext, principal: Principal, proposal: ProposalRecord, action: string, agency: Agency): Promise<void> {
  await appendAudit(
    ctx.knex,
    [proposal.fromOrg, proposal.toOrg].map((orgId) => ({
      actor: principal.id,
      orgId,
      action,
      entityType: "proposal",
      entityId: proposal.id,
      entityVersion: proposal.version,
      payload: { status: proposal.status, dealState: proposal.dealState, onBehalfOf: agency.orgId, mandateId: agency.mandateId },
    })),
  );
  await ctx.publisher.publish(
    ctx.events.subjects.proposalsChanged,
    { type: "proposal.changed", id: proposal.id, matchId: proposal.matchId, fromOrg: proposal.fromOrg, toOrg: proposal.toOrg, status: proposal.status, dealState: proposal.dealState, version: proposal.version, at: proposal.updatedAt },
    `proposal:${proposal.id}:${proposal.version}`,
  );
}

/** The caller's agency for one of `orgIds` for `act`, choosing `wanted` when given; else a 403. */
async function agencyAmong(
  ctx: ApiContext,
  principal: Principal,
  orgIds: readonly string[],
  act: MandateAct,
  wanted: { readonly orgId: string | undefined; readonly field: string },
  refusal: string,
): Promise<Agency[]> {
  const all = await agenciesAmong(ctx.knex, principal, orgIds, act);
  const chosen = wanted.orgId === undefined ? all : all.filter((a) => a.orgId === wanted.orgId);
  if (chosen.length === 0) throw errors.forbidden(wanted.orgId !== undefined && all.length > 0 ? `You may not act for ${wanted.orgId} here.` : refusal, wanted.orgId !== undefined ? { field: wanted.field } : {});
  return chosen;
}

const NO_MATCH = (id: string) => errors.missingReference("match", id, "body.matchId");
const NO_FLOW = (field: "supplyFlowId" | "demandFlowId", id: string) => errors.missingReference("resource flow", id, `body.${field}`);

/** The two flows and parties a create body names, as far as the caller may see them. */
async function partiesOf(ctx: ApiContext, principal: Principal, body: ProposalCreate) {
  if (body.matchId !== undefined) {
    const match = (await readMatches(ctx.neo4j, [body.matchId])).get(body.matchId);
    const parties = match ? [match.supplyOrgId, match.demandOrgId] : [];
    if (!match || (!isCrossOrg(principal) && !parties.some((o) => orgIdsOf(principal).includes(o)))) throw NO_MATCH(body.matchId);
    return { matchId: match.id, supplyFlowId: match.supplyFlowId, demandFlowId: match.demandFlowId, supplyOrgId: match.supplyOrgId, demandOrgId: match.demandOrgId, resourceType: match.offerType };
  }
  const own = new Set(orgIdsOf(principal));
  const [supplyFlowId, demandFlowId] = (await Promise.all([body.supplyFlowId!, body.demandFlowId!].map((ref) => resolveNodeRef(ctx.neo4j, "ResourceFlow", ref, [...own])))) as [string, string];
  const facts = await flowFacts(ctx.neo4j, [supplyFlowId, demandFlowId]);
  const supply = facts.get(supplyFlowId);
  const demand = facts.get(demandFlowId);
  // A flow the caller may not see named (another organization's, confidential, with no
  // revealed match between the two) is answered as missing; so is one of the wrong direction.
  const named = async (f: typeof supply) => {
    if (!f) return false;
    if (own.has(f.orgId) || isCrossOrg(principal)) return true;
    return (await orgDisclosures(ctx.neo4j, [f.orgId])).get(f.orgId)?.disclosure === "public" || (await flowsRevealed(ctx.knex, supplyFlowId, demandFlowId));
  };
  if (!supply || !(await named(supply)) || (supply.direction !== "offer" && !own.has(supply.orgId))) throw NO_FLOW("supplyFlowId", body.supplyFlowId!);
  if (!demand || !(await named(demand)) || (demand.direction !== "need" && !own.has(demand.orgId))) throw NO_FLOW("demandFlowId", body.demandFlowId!);
  if (supply.direction !== "offer") throw errors.validationFailed([{ field: "body.supplyFlowId", message: "must be one of your offers" }]);
  if (demand.direction !== "need") throw errors.validationFailed([{ field: "body.demandFlowId", message: "must be one of your needs" }]);
  if (supply.orgId === demand.orgId) throw errors.validationFailed([{ field: "body.demandFlowId", message: "must belong to another organization than the supply flow" }]);
  return { matchId: null, supplyFlowId, demandFlowId, supplyOrgId: supply.orgId, demandOrgId: demand.orgId, resourceType: supply.resourceType };
}

/**
 * Create a proposal from one party of a match (or of two flows) to the other. The caller
 * acts for `fromOrg` — one of its organizations, or one it holds a `proposals` mandate
 * from; `fromOrg` may be left out when that is unambiguous, and `toOrg` follows from the
 * flows. On a match, proposing records the proposer's `interested`. Posting the same body
 * again changes nothing; another body under a taken id is a 409.
 */
export async function createProposal(
  ctx: ApiContext,
  principal: Principal,
  body: ProposalCreate,
): Promise<{ created: boolean; proposal: ProposalRecord; disclosure: ProposalDisclosure; view: ProposalViewContext }> {
  const p = await partiesOf(ctx, principal, body);
  const [agency] = await agencyAmong(ctx, principal, [p.supplyOrgId, p.demandOrgId], "proposals", { orgId: body.fromOrg, field: "body.fromOrg" }, "Only a party of the match, or a facilitator under the party's mandate, may propose.");
  const fromOrg = agency!.orgId;
  const toOrg = fromOrg === p.supplyOrgId ? p.demandOrgId : p.supplyOrgId;
  if (body.toOrg !== undefined && body.toOrg !== toOrg) throw p.matchId ? NO_MATCH(p.matchId) : NO_FLOW(fromOrg === p.supplyOrgId ? "demandFlowId" : "supplyFlowId", fromOrg === p.supplyOrgId ? p.demandFlowId : p.supplyFlowId);
  const hash = contentHash(body);
  const inserted = await insertProposal(
    ctx.knex,
    {
      id: body.externalId,
      matchId: p.matchId,
      supplyFlowId: p.supplyFlowId,
      demandFlowId: p.demandFlowId,
      fromOrg,
      toOrg,
      supplierOrg: p.supplyOrgId,
      consumerOrg: p.demandOrgId,
      resourceType: p.resourceType,
      message: body.message,
      status: "pending",
      dealState: INITIAL_DEAL_STATE,
      dealReason: null,
      contentHash: hash,
      createdBy: principal.id,
    },
    { onBehalfOf: fromOrg, mandateId: agency!.mandateId },
  );
  if (inserted.outcome === "match-has-open") throw errors.proposalAlreadyOpen(p.matchId!, inserted.openProposalId);
  const proposal = (await findProposal(ctx.knex, body.externalId))!;
  if (inserted.outcome === "id-taken") {
    if (proposal.contentHash !== hash || !(isCrossOrg(principal) || isParty(principal, proposal))) throw errors.alreadyExists("proposal", body.externalId);
    return { created: false, proposal, disclosure: await disclosureOf(ctx, proposal), view: await proposalViewContext(ctx, principal, [proposal]) };
  }
  if (p.matchId) await interested(ctx, principal, p as typeof p & { matchId: string }, agency!);
  await announce(ctx, principal, proposal, "created", agency!);
  return { created: true, proposal, disclosure: await disclosureOf(ctx, proposal), view: await proposalViewContext(ctx, principal, [proposal]) };
}

/** Record a party's `interested` on the proposal's match; the second one reveals it. */
async function interested(
  ctx: ApiContext,
  principal: Principal,
  m: { matchId: string; supplyFlowId: string; demandFlowId: string; supplyOrgId: string; demandOrgId: string },
  agency: Agency,
): Promise<void> {
  const { revealed } = await recordDecision(ctx.knex, { ...m, orgId: agency.orgId, decision: "interested", decidedBy: principal.kind === "user" ? principal.id : null, mandateId: agency.mandateId });
  const parties = [m.supplyOrgId, m.demandOrgId];
  await appendAudit(ctx.knex, [
    { actor: principal.id, orgId: agency.orgId, action: "match.interested", entityType: "match", entityId: m.matchId, payload: { onBehalfOf: agency.orgId, mandateId: agency.mandateId, via: "proposal" } },
    ...(revealed ? parties.map((orgId) => ({ actor: principal.id, orgId, action: "identity.revealed", entityType: "match", entityId: m.matchId, payload: { parties } })) : []),
  ]);
  await ctx.publisher.publish(
    ctx.events.subjects.matchesUpdated,
    { flowId: m.supplyFlowId, matchIds: [m.matchId], orgIds: parties, decision: "interested", decidedBy: agency.orgId, ...(revealed ? { revealed: true } : {}) },
    `match-decision:${m.matchId}:${agency.orgId}:interested`,
  );
}

/** One proposal with its history, for a party or a facilitator (whose read is audited). */
export async function getProposal(
  ctx: ApiContext,
  principal: Principal,
  id: string,
): Promise<{ proposal: ProposalRecord; history: HistoryEntry[]; disclosure: ProposalDisclosure; view: ProposalViewContext }> {
  const proposal = await readVisible(ctx, principal, id);
  const disclosure = (await proposalDisclosures(ctx, [proposal])).get(proposal.id)!;
  await auditCrossOrgReads(ctx, principal, [proposal]);
  return { proposal, history: await proposalHistory(ctx.knex, id), disclosure, view: await proposalViewContext(ctx, principal, [proposal]) };
}

async function auditCrossOrgReads(ctx: ApiContext, principal: Principal, proposals: readonly ProposalRecord[]): Promise<void> {
  const foreign = proposals.filter((p) => !isParty(principal, p));
  if (!isCrossOrg(principal) || foreign.length === 0) return;
  const facts = await orgDisclosures(ctx.neo4j, foreign.flatMap((p) => [p.fromOrg, p.toOrg]));
  await appendAudit(ctx.knex, foreign.flatMap((p) => identityReads(principal, [p.fromOrg, p.toOrg], facts, "proposal", p.id)));
}

/**
 * A page of the proposals involving the caller's organizations (all for cross-org roles,
 * whose read is audited). A party filtering by a counterpart it may not see named learns
 * nothing of it: those rows are left out, so a page may hold fewer than `limit` items while
 * `nextAfter` still continues after the last row looked at.
 */
export async function findProposals(
  ctx: ApiContext,
  principal: Principal,
  filter: { status?: ProposalStatus; fromOrg?: string; toOrg?: string; after: string | null; limit: number },
): Promise<{ items: ProposalRecord[]; nextAfter: string | null; disclosures: Map<string, ProposalDisclosure>; view: ProposalViewContext }> {
  const rows = await listProposals(ctx.knex, { ...filter, orgIds: isCrossOrg(principal) ? null : orgIdsOf(principal) });
  const looked = rows.slice(0, filter.limit);
  const nextAfter = rows.length > filter.limit ? looked[looked.length - 1]!.id : null;
  const disclosures = await proposalDisclosures(ctx, looked);
  const own = new Set(orgIdsOf(principal));
  const items = isCrossOrg(principal)
    ? looked
    : looked.filter((p) => {
        const d = disclosures.get(p.id)!;
        if (filter.toOrg !== undefined && !own.has(p.toOrg) && !d.toNamed) return false;
        if (filter.fromOrg !== undefined && !own.has(p.fromOrg) && !d.fromNamed) return false;
        return true;
      });
  await auditCrossOrgReads(ctx, principal, items);
  return { items, nextAfter, disclosures, view: await proposalViewContext(ctx, principal, items) };
}

function checkVersion(current: ProposalRecord, expected: number): void {
  if (current.version !== expected) throw errors.versionConflict("proposal", current.id, expected, current.version);
}

/**
 * Decide a proposal: the receiving organization accepts or rejects, the sending one
 * withdraws — each by its own members or a facilitator under its `proposals` mandate.
 * The deal follows: accepted → negotiating, rejected → failed, withdrawn → cancelled.
 * Accepting a proposal on a match is the receiver's `interested`: it reveals the match.
 */
export async function decideProposal(
  ctx: ApiContext,
  principal: Principal,
  id: string,
  decision: ProposalDecision,
): Promise<{ proposal: ProposalRecord; disclosure: ProposalDisclosure; view: ProposalViewContext }> {
  const visible = await readVisible(ctx, principal, id);
  const deciderOrg = decision.status === "withdrawn" ? visible.fromOrg : visible.toOrg;
  const [agency] = await agencyAmong(
    ctx,
    principal,
    [deciderOrg],
    "proposals",
    { orgId: undefined, field: "body.status" },
    decision.status === "withdrawn" ? "Only the proposing organization (or a facilitator under its mandate) may withdraw." : "Only the receiving organization (or a facilitator under its mandate) may accept or reject.",
  );
  const by = { actor: principal.id, onBehalfOf: agency!.orgId, mandateId: agency!.mandateId };
  const at = new Date().toISOString();
  const { after } = await changeProposal(ctx.knex, id, (current) => {
    checkVersion(current, decision.version);
    const { entry } = transitionProposal(current, { to: decision.status, actor: principal.id, at, ...(decision.note ? { note: decision.note } : {}) });
    const history: Omit<HistoryEntry, "at">[] = [{ kind: "status", from: entry.from, to: entry.to, ...by, note: decision.note ?? null, reason: null, attachments: [] }];
    const dealStep = dealStepForProposal(decision.status);
    if (!dealStep) return { status: decision.status, history };
    const deal = transitionDeal({ state: current.dealState, log: [] }, { to: dealStep.to, actor: principal.id, at, ...(dealStep.reason ? { reason: dealStep.reason } : {}) });
    history.push({ kind: "deal", from: current.dealState, to: deal.state, ...by, note: decision.note ?? null, reason: dealStep.reason ?? null, attachments: [] });
    return { status: decision.status, dealState: deal.state, dealReason: dealStep.reason ?? null, history };
  }).catch(rethrowNotFound(id, { to: "status" }));
  if (decision.status === "accepted" && after.matchId) {
    await interested(ctx, principal, { matchId: after.matchId, supplyFlowId: after.supplyFlowId, demandFlowId: after.demandFlowId, supplyOrgId: after.supplierOrg, demandOrgId: after.consumerOrg }, agency!);
  }
  await announce(ctx, principal, after, `status:${decision.status}`, agency!);
  return { proposal: after, disclosure: await disclosureOf(ctx, after), view: await proposalViewContext(ctx, principal, [after]) };
}

/**
 * Move the deal behind an accepted proposal one step, keeping a negotiation log entry
 * (time, actor, on whose behalf, note, attachments' metadata). Each step is one party's
 * act (`onBehalfOf` picks the party when the caller may act for both); `contracted` is
 * reached only when both parties have consented, and then creates the partnership.
 */
export async function moveDeal(
  ctx: ApiContext,
  principal: Principal,
  id: string,
  step: DealTransition,
): Promise<{ proposal: ProposalRecord; disclosure: ProposalDisclosure; view: ProposalViewContext }> {
  const visible = await readVisible(ctx, principal, id);
  const parties = [visible.fromOrg, visible.toOrg];
  const agencies = await agencyAmong(ctx, principal, parties, "deals", { orgId: step.onBehalfOf, field: "body.onBehalfOf" }, "Only the two parties, or a facilitator under a party's mandate, may move this deal.");
  // Contracting may give several consents at once (a facilitator holding both mandates);
  // every other step is one party's act.
  const acting = step.to === "contracted" ? agencies : agencies.slice(0, 1);
  const at = new Date().toISOString();
  const { after } = await changeProposal(ctx.knex, id, (current) => {
    checkVersion(current, step.version);
    if (current.status !== "accepted") {
      throw errors.dealNotOpen(current.status, current.dealState, step.to);
    }
    const line = (a: Agency, kind: HistoryEntry["kind"], from: DealState, to: DealState) => ({
      kind,
      from,
      to,
      actor: principal.id,
      onBehalfOf: a.orgId,
      mandateId: a.mandateId,
      note: step.note ?? null,
      reason: step.reason ?? null,
      attachments: step.attachments ?? [],
    });
    if (step.to === "contracted") {
      // Legal only from reserved; the machine says so with the allowed steps.
      transitionDeal({ state: current.dealState, log: [] }, { to: "contracted", actor: principal.id, at });
      const consents = [...new Set([...current.contractConsents, ...acting.map((a) => a.orgId)])];
      const fresh = acting.filter((a) => !current.contractConsents.includes(a.orgId));
      if (fresh.length === 0) throw errors.consentAlreadyGiven(acting.map((a) => a.orgId));
      const history = fresh.map((a) => line(a, "consent", current.dealState, "contracted"));
      if (!parties.every((o) => consents.includes(o))) return { contractConsents: consents, history };
      return { dealState: "contracted", contractConsents: consents, history: [...history, line(fresh[fresh.length - 1]!, "deal", current.dealState, "contracted")] };
    }
    const deal = transitionDeal(
      { state: current.dealState, log: [] },
      { to: step.to, actor: principal.id, at, ...(step.note ? { note: step.note } : {}), ...(step.attachments ? { attachments: step.attachments } : {}), ...(step.reason ? { reason: step.reason } : {}) },
    );
    return {
      dealState: deal.state,
      ...(step.reason ? { dealReason: step.reason } : {}),
      // Consents are to a reservation's terms: leaving `reserved` clears them.
      ...(current.contractConsents.length ? { contractConsents: [] } : {}),
      history: [line(acting[0]!, "deal", current.dealState, deal.state)],
    };
  }).catch(rethrowNotFound(id, {}));
  if (after.dealState === "contracted" && visible.dealState !== "contracted") {
    await writePartnership(writeContextFor(ctx, principal), { dealId: after.id, supplierOrg: after.supplierOrg, consumerOrg: after.consumerOrg, resourceType: after.resourceType, since: at.slice(0, 10) });
  }
  const action = after.dealState === visible.dealState && step.to === "contracted" ? "deal:consent" : `deal:${after.dealState}`;
  await announce(ctx, principal, after, action, acting[0]!);
  return { proposal: after, disclosure: await disclosureOf(ctx, after), view: await proposalViewContext(ctx, principal, [after]) };
}

/** Turn the ledger's not-found into a 404; name the body fields of the other errors (`rename`: error field → body member). */
function rethrowNotFound(id: string, rename: Readonly<Record<string, string>>) {
  return (error: unknown): never => {
    if ((error as { notFound?: boolean }).notFound) throw errors.notFound("proposal", id);
    throw inBody(error, rename);
  };
}
