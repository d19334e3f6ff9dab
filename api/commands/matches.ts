/**
 * Match commands: what a caller is shown of matches, and a party's decision on one.
 *
 * Disclosure (DESIGN.md "Trust and disclosure"): a member of one party's organization
 * sees each match through match-service/party-view.ts — an anonymous listing of the
 * counterpart until both parties said `interested`, the full counterpart after (or from
 * the start when it chose to be `public`). Admins and facilitators, who work across
 * organizations, see identities; every such read of a confidential organization is
 * written to the audit log (`identity.read`, one entry per organization read, so that
 * organization's admins can see who looked). A caller who is neither gets the same 404
 * as for a match or flow that does not exist.
 */
import { allocationForParty, allocationsFor, type MatchAllocation } from "../../match-service/allocation.ts";
import { errors } from "../../domain/errors.ts";
import { externalOf } from "../../domain/node-ref.ts";
import { resolveNodeRef } from "../../graph/node-refs.ts";
import { moneyBand } from "../../domain/bands.ts";
import { orgDisclosures, type OrgDisclosure } from "../../graph/queries/org-disclosure.ts";
import { appendAudit, type AuditEntry } from "../../ledgers/audit-log.ts";
import { disclosureStates, recordDecision, revealedCounterparts, type MatchDecision, type MatchDisclosureRow } from "../../ledgers/match-disclosures.ts";
import { chainsForOrg, type ChainView } from "../../match-service/chains.ts";
import { disclosureState, nearMissToParty, presentToParty, type MatchDisclosure, type PartyMatchView } from "../../match-service/party-view.ts";
import { flowsOfOrg } from "../../match-service/prefilter.ts";
import type { FlowMatches, MatchView } from "../../match-service/flow-matches.ts";
import type { MatchService } from "../../match-service/service.ts";
import { lastKnownParties, readMatches } from "../../match-service/store.ts";
import type { StoredMatch } from "../../match-service/stored-match.ts";
import { agenciesAmong } from "../auth/agency.ts";
import { identityReads } from "./identity-reads.ts";
import { canReadOrg, isCrossOrg, orgIdsOf, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import type { DecisionResult } from "../../contract/matches.ts";

/** Options of a match list. */
export interface MatchListOptions {
  readonly limit: number;
  readonly minScore: number;
}

const isMember = (p: Principal, orgId: string) => orgIdsOf(p).includes(orgId);

/** The ledger's state of each match, from the viewer's organization's side, with the counterpart's facts. */
async function disclosuresFor(ctx: ApiContext, viewerOrg: string, matches: readonly MatchView[]): Promise<Map<string, MatchDisclosure>> {
  const parties = new Map(matches.map((m) => [m.id, { supplyOrgId: m.supplyOrgId, demandOrgId: m.demandOrgId }]));
  const [states, facts] = await Promise.all([
    disclosureStates(ctx.knex, matches.map((m) => m.id), parties),
    orgDisclosures(ctx.neo4j, matches.map((m) => m.counterpart.orgId)),
  ]);
  const out = new Map<string, MatchDisclosure>();
  for (const m of matches) {
    const st = states.get(m.id) ?? { supply: null, demand: null, revealedAt: null };
    out.set(m.id, disclosureFrom(st, viewerOrg === m.supplyOrgId ? "supply" : "demand", facts.get(m.counterpart.orgId)));
  }
  return out;
}

function disclosureFrom(st: MatchDisclosureRow, side: "supply" | "demand", counterpart: OrgDisclosure | undefined): MatchDisclosure {
  const yours = side === "supply" ? st.supply : st.demand;
  const theirs = side === "supply" ? st.demand : st.supply;
  return {
    revealed: st.revealedAt !== null,
    yourDecision: yours,
    counterpartDeclined: theirs === "rejected",
    counterpartPublic: counterpart?.disclosure === "public",
    contact: counterpart?.contact ?? null,
  };
}

/** A flow's matches for a member of its organization: every counterpart as disclosure allows. */
/** A party's match with its allocated share of the supply (named counterparts exactly, anonymous ones rounded). */
const withAllocation = (view: PartyMatchView, allocation: MatchAllocation | undefined): PartyMatchView =>
  allocation ? { ...view, allocation: allocationForParty(allocation, view.counterpart.kind !== "anonymous") } : view;

async function forParty(ctx: ApiContext, result: FlowMatches, options: MatchListOptions) {
  const shown = result.matches.filter((m) => m.score >= options.minScore).slice(0, options.limit);
  const disclosures = await disclosuresFor(ctx, result.orgId, shown);
  const nearFacts = await orgDisclosures(ctx.neo4j, result.nearMisses.flatMap((n) => (n.counterpart ? [n.counterpart.orgId] : [])));
  const allocations = await allocationsFor(ctx.neo4j, shown);
  return {
    flowId: externalOf(result.flowId),
    version: result.version,
    computedAt: result.computedAt,
    cached: result.cached,
    considered: result.considered,
    passed: result.passed,
    relaxed: result.relaxed,
    matches: shown.map((m) => withAllocation(presentToParty(m, disclosures.get(m.id)!), allocations.get(m.id))),
    nearMisses: result.nearMisses.map((n) => nearMissToParty(n, n.counterpart ? nearFacts.get(n.counterpart.orgId)?.disclosure === "public" : false)),
  };
}

/** A flow's matches for an admin or facilitator: identities shown, and each confidential one audited. */
async function forCrossOrg(ctx: ApiContext, principal: Principal, result: FlowMatches, options: MatchListOptions) {
  const matches = result.matches.filter((m) => m.score >= options.minScore).slice(0, options.limit);
  const orgs = [...matches.map((m) => m.counterpart.orgId), ...result.nearMisses.flatMap((n) => (n.counterpart ? [n.counterpart.orgId] : []))];
  const facts = await orgDisclosures(ctx.neo4j, [result.orgId, ...orgs]);
  await appendAudit(ctx.knex, identityReads(principal, [result.orgId, ...orgs], facts, "flow-matches", result.flowId));
  return { ...result, matches };
}

/**
 * A flow's ranked matches as the caller may see them.
 * @throws NOT_FOUND when the flow does not exist or the caller may not read it (the same answer)
 */
export async function matchesOfFlow(ctx: ApiContext, service: MatchService, principal: Principal, ref: string, options: MatchListOptions) {
  const flowId = await resolveNodeRef(ctx.neo4j, "ResourceFlow", ref, orgIdsOf(principal));
  const indexed = await service.flowVersion(flowId);
  if (!indexed || !canReadOrg(principal, indexed.orgId)) throw errors.notFound("resource flow", ref);
  const result = await service.matchesForFlow(flowId, { version: indexed.version });
  if (!result) throw errors.notFound("resource flow", ref);
  return isMember(principal, result.orgId) ? forParty(ctx, result, options) : forCrossOrg(ctx, principal, result, options);
}

/** Every direct match of an organization's flows, merged and ranked, as the caller may see them. */
export async function matchesOfOrganization(ctx: ApiContext, service: MatchService, principal: Principal, orgId: string, options: MatchListOptions) {
  if (!canReadOrg(principal, orgId)) throw errors.notFound("organization", orgId);
  const flows = await flowsOfOrg(ctx.knex, orgId);
  const all = new Map<string, MatchView>();
  let cached = true;
  for (const f of flows) {
    const r = await service.matchesForFlow(f.flowId, { version: f.version });
    if (!r) continue;
    cached &&= r.cached;
    for (const m of r.matches) if (m.score >= options.minScore && !all.has(m.id)) all.set(m.id, m);
  }
  const ranked = [...all.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, options.limit);
  if (isMember(principal, orgId)) {
    const disclosures = await disclosuresFor(ctx, orgId, ranked);
    const allocations = await allocationsFor(ctx.neo4j, ranked);
    const matches: PartyMatchView[] = ranked.map((m, i) => ({ ...withAllocation(presentToParty(m, disclosures.get(m.id)!), allocations.get(m.id)), rank: i + 1 }));
    return { orgId, flows: flows.length, cached, matches };
  }
  const facts = await orgDisclosures(ctx.neo4j, [orgId, ...ranked.map((m) => m.counterpart.orgId)]);
  await appendAudit(ctx.knex, identityReads(principal, [orgId, ...ranked.map((m) => m.counterpart.orgId)], facts, "organization-matches", orgId));
  return { orgId, flows: flows.length, cached, matches: ranked.map((m, i) => ({ ...m, rank: i + 1 })) };
}

/** One member of a chain as the viewer may see it. */
export interface ChainMemberView {
  readonly id: string | null;
  readonly name: string | null;
  /** "you", "named" (public, or a revealed direct counterpart) or "anonymous". */
  readonly disclosure: "you" | "named" | "anonymous";
  readonly label: string;
}

/**
 * Chains through the organization. For its members, every other member is named only
 * when public or when the two have a revealed match between them; otherwise it is
 * "member 2" of that chain, and its share is listed under that label; while anyone in
 * the chain is anonymous its money figures are bands (domain/bands.ts).
 */
export async function chainsOfOrganization(ctx: ApiContext, principal: Principal, orgId: string, limit: number) {
  if (!canReadOrg(principal, orgId)) throw errors.notFound("organization", orgId);
  const chains = await chainsForOrg(ctx.neo4j, orgId, limit);
  const others = new Set(chains.flatMap((c) => c.orgs.map((o) => o.id)).filter((id) => id !== orgId));
  const facts = await orgDisclosures(ctx.neo4j, others);
  if (!isMember(principal, orgId)) {
    await appendAudit(ctx.knex, identityReads(principal, others, facts, "chains", orgId));
    return { orgId, chains };
  }
  const revealedWith = await revealedCounterparts(ctx.knex, orgId);
  return { orgId, chains: chains.map((c) => anonymizeChain(c, orgId, (id) => facts.get(id)?.disclosure === "public" || revealedWith.has(id))) };
}

function anonymizeChain(c: ChainView, viewer: string, named: (orgId: string) => boolean) {
  const label = new Map<string, ChainMemberView>();
  c.orgs.forEach((o, i) => {
    const disclosure = o.id === viewer ? "you" : named(o.id) ? "named" : "anonymous";
    label.set(o.id, { id: disclosure === "anonymous" ? null : o.id, name: disclosure === "anonymous" ? null : o.name, disclosure, label: disclosure === "anonymous" ? `member ${i + 1}` : o.name });
  });
  const key = (id: string) => label.get(id)!.id ?? label.get(id)!.label;
  // With anyone anonymous, money is shown as bands: an exact edge value or share is a price.
  const anonymous = [...label.values()].some((m) => m.disclosure === "anonymous");
  const money = (eur: number) => (anonymous ? moneyBand(eur) : eur);
  return {
    orgs: c.orgs.map((o) => label.get(o.id)!),
    hops: c.hops,
    edges: c.edges.map((e) => ({
      matchId: e.matchId,
      supplyOrg: key(e.supplyOrgId),
      demandOrg: key(e.demandOrgId),
      supplyFlowId: e.supplyOrgId === viewer ? externalOf(e.supplyFlowId) : null,
      demandFlowId: e.demandOrgId === viewer ? externalOf(e.demandFlowId) : null,
      resourceType: e.resourceType,
      annualValueEur: money(e.annualValueEur),
      score: e.score,
    })),
    totalValueEur: money(c.totalValueEur),
    shares: Object.fromEntries(Object.entries(c.shares).map(([id, v]) => [key(id), money(v)])),
  };
}

/** The stored match, if the caller may see it at all (a party's member, or a cross-org role). */
async function visibleMatch(ctx: ApiContext, principal: Principal, matchId: string): Promise<StoredMatch> {
  const match = (await readMatches(ctx.neo4j, [matchId])).get(matchId);
  if (!match) throw errors.notFound("match", matchId);
  const parties = [match.supplyOrgId, match.demandOrgId];
  if (!isCrossOrg(principal) && !parties.some((o) => isMember(principal, o))) throw errors.notFound("match", matchId);
  return match;
}

/** What a decision did. */
export interface DecisionOutcome {
  readonly matchId: string;
  readonly orgId: string;
  readonly decision: MatchDecision;
  readonly withdrawn: boolean;
  /** True when this decision made both parties interested. */
  readonly revealed: boolean;
  readonly state: "interested" | "revealed" | "declined";
}

/**
 * A party's decision on a match: `interested`, or `rejected` (the pair never comes back).
 * Taken by a member of the party or a facilitator under its `interest` mandate. The
 * second `interested` reveals the match to both parties (`identity.revealed` in both
 * organizations' audit trails, `match:revealed` on their sockets).
 */
export async function decideOnMatch(ctx: ApiContext, service: MatchService, principal: Principal, matchId: string, body: { decision: MatchDecision; orgId?: string | undefined }): Promise<DecisionOutcome> {
  const match = await visibleMatch(ctx, principal, matchId);
  const parties = [match.supplyOrgId, match.demandOrgId];
  const agencies = await agenciesAmong(ctx.knex, principal, parties, "interest");
  const agency = body.orgId === undefined ? agencies[0] : agencies.find((a) => a.orgId === body.orgId);
  if (!agency) {
    throw errors.forbidden(
      agencies.length === 0 ? "Only a party of the match, or a facilitator under the party's mandate, may decide on it." : `You may not decide for ${body.orgId}.`,
    );
  }
  const { revealed } = await recordDecision(ctx.knex, {
    matchId: match.id,
    supplyFlowId: match.supplyFlowId,
    demandFlowId: match.demandFlowId,
    supplyOrgId: match.supplyOrgId,
    demandOrgId: match.demandOrgId,
    orgId: agency.orgId,
    decision: body.decision,
    decidedBy: principal.kind === "user" ? principal.id : null,
    mandateId: agency.mandateId,
  });
  if (body.decision === "rejected") await service.withdrawRejected(match);
  const audit: AuditEntry[] = [
    { actor: principal.id, orgId: agency.orgId, action: `match.${body.decision}`, entityType: "match", entityId: match.id, payload: { onBehalfOf: agency.orgId, mandateId: agency.mandateId } },
  ];
  if (revealed) for (const orgId of parties) audit.push({ actor: principal.id, orgId, action: "identity.revealed", entityType: "match", entityId: match.id, payload: { parties } });
  await appendAudit(ctx.knex, audit);
  await ctx.publisher.publish(
    ctx.events.subjects.matchesUpdated,
    { flowId: match.supplyFlowId, matchIds: [match.id], orgIds: parties, decision: body.decision, decidedBy: agency.orgId, ...(revealed ? { revealed: true } : {}) },
    `match-decision:${match.id}:${agency.orgId}:${body.decision}`,
  );
  const state = body.decision === "rejected" ? "declined" : revealed || (await disclosureStates(ctx.knex, [match.id])).get(match.id)!.revealedAt ? "revealed" : "interested";
  return { matchId: match.id, orgId: agency.orgId, decision: body.decision, withdrawn: body.decision === "rejected", revealed, state } satisfies DecisionResult;
}

/**
 * One match as the caller may see it: a party's view computed from its own flow's
 * result; a declined match (no longer in the graph) as its disclosure state only.
 */
export async function getMatch(ctx: ApiContext, service: MatchService, principal: Principal, matchId: string) {
  const stored = (await readMatches(ctx.neo4j, [matchId])).get(matchId);
  const parties = stored ?? (await lastKnownParties(ctx.knex, matchId));
  const viewerOrg = !parties ? null : isMember(principal, parties.supplyOrgId) ? parties.supplyOrgId : isMember(principal, parties.demandOrgId) ? parties.demandOrgId : null;
  if (!parties || (viewerOrg === null && !isCrossOrg(principal))) throw errors.notFound("match", matchId);
  const state = (await disclosureStates(ctx.knex, [matchId], new Map([[matchId, parties]]))).get(matchId)!;
  if (viewerOrg === null) {
    const facts = await orgDisclosures(ctx.neo4j, [parties.supplyOrgId, parties.demandOrgId]);
    await appendAudit(ctx.knex, identityReads(principal, [parties.supplyOrgId, parties.demandOrgId], facts, "match", matchId));
    return stored
      ? { ...stored, factors: JSON.parse(stored.factors) as unknown, economics: JSON.parse(stored.economics) as unknown, disclosure: state }
      : { id: matchId, ...parties, withdrawn: true, disclosure: state };
  }
  const side = viewerOrg === parties.supplyOrgId ? "supply" : "demand";
  const ownFlow = side === "supply" ? parties.supplyFlowId : parties.demandFlowId;
  const view = stored ? (await service.matchesForFlow(ownFlow))?.matches.find((m) => m.id === matchId) : undefined;
  if (view) return presentToParty(view, (await disclosuresFor(ctx, viewerOrg, [view])).get(view.id)!);
  // Not ranked for this flow any more: say where it stands, and nothing of the counterpart.
  const d = disclosureFrom(state, side, undefined);
  return { id: matchId, side, flowId: externalOf(ownFlow), withdrawn: !stored, disclosure: { state: disclosureState(d), yourDecision: d.yourDecision, counterpartDecision: d.counterpartDeclined ? "declined" : null }, counterpart: null };
}
