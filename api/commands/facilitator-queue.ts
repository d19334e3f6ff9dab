/**
 * The facilitator queue: matches the hybrid router sent to a human (`:Match {route:
 * "facilitator"}`, match-service/store.ts), each with its claim from the
 * `facilitator_claims` ledger. A facilitator claims a match for themself (409 when someone
 * else holds it), an admin or the holder assigns it to another facilitator, and the holder
 * (or an admin) releases it. Every change is in the audit log (the ledger writes it in the
 * claim's transaction) and announced as `queue:changed` to the `facilitators` room.
 *
 * Facilitators see both organizations' identities, so every read of the queue is an
 * audited identity read (commands/identity-reads.ts). The route checks the role; these
 * commands check the rest.
 */
import { errors } from "../../domain/errors.ts";
import { orgNames } from "../../graph/queries/org-names.ts";
import { displayNames, findUser } from "../../ledgers/accounts.ts";
import { changeClaim, claimHistory, claimedMatchIds, claimsOf, type Claim, type ClaimAction, type ClaimChange } from "../../ledgers/facilitator-claims.ts";
import { queuedMatches, readMatches, type QueueFilter, type QueuePosition } from "../../match-service/store.ts";
import type { StoredMatch } from "../../match-service/stored-match.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { auditIdentityReads } from "./identity-reads.ts";
import { flowPlaces, type FlowPlace } from "../../spatial/site-facts.ts";

/** One queued match with what the workbench shows beside it. */
export interface QueueEntry {
  readonly match: StoredMatch;
  readonly supplyOrgName: string | null;
  readonly demandOrgName: string | null;
  readonly claim: Claim | null;
  /** The supply's site: where the queue's map shows the match, and its region. */
  readonly supplyPlace: FlowPlace | null;
}

/** A page of the queue; `names` holds the display names of the facilitators holding claims. */
export interface QueuePage {
  readonly entries: readonly QueueEntry[];
  readonly names: ReadonlyMap<string, string>;
  /** True when more entries follow the last one. */
  readonly more: boolean;
}

/** A queued match with its claim's history (oldest first). */
export interface QueueDetail {
  readonly entry: QueueEntry;
  readonly names: ReadonlyMap<string, string>;
  readonly history: Awaited<ReturnType<typeof claimHistory>>;
}

/** What a claim, assignment or release did. */
export interface ClaimOutcome {
  readonly matchId: string;
  readonly claim: Claim | null;
  readonly changed: boolean;
  readonly names: ReadonlyMap<string, string>;
}

const SURFACE = "facilitator-queue";
const heldBy = (claim: Claim | null) => claim?.facilitatorId ?? null;
const parties = (m: StoredMatch) => ({ orgIds: [m.supplyOrgId, m.demandOrgId], via: m.id });

/** The queued match (route facilitator, not withdrawn), or a 404. */
async function queuedMatch(ctx: ApiContext, matchId: string): Promise<StoredMatch> {
  const match = (await readMatches(ctx.neo4j, [matchId])).get(matchId);
  if (!match || match.route !== "facilitator") throw errors.notFound("queued match", matchId);
  return match;
}

/** Queue entries for these matches: both organizations' names and the claims. */
async function entriesOf(ctx: ApiContext, matches: readonly StoredMatch[]): Promise<{ entries: QueueEntry[]; names: Map<string, string> }> {
  const [orgs, claims, places] = await Promise.all([
    orgNames(ctx.neo4j, matches.flatMap((m) => [m.supplyOrgId, m.demandOrgId])),
    claimsOf(ctx.knex, matches.map((m) => m.id)),
    flowPlaces(ctx.knex, matches.map((m) => m.supplyFlowId)),
  ]);
  const names = await displayNames(ctx.knex, [...claims.values()].map((c) => c.facilitatorId));
  const entries = matches.map((match) => ({
    match,
    supplyOrgName: orgs.get(match.supplyOrgId) ?? null,
    demandOrgName: orgs.get(match.demandOrgId) ?? null,
    claim: claims.get(match.id) ?? null,
    supplyPlace: places.get(match.supplyFlowId) ?? null,
  }));
  return { entries, names };
}

/**
 * A page of the queue, best first (score descending, then id): `open` lists unclaimed
 * matches, `claimed` the claimed ones, `all` both. The read of the page's organizations is
 * audited.
 */
export async function listQueue(
  ctx: ApiContext,
  principal: Principal,
  query: QueueFilter & { readonly after: QueuePosition | null; readonly limit: number },
): Promise<QueuePage> {
  const claimed = query.status === "all" ? [] : await claimedMatchIds(ctx.knex);
  const rows = await queuedMatches(ctx.neo4j, { ...query, claimed, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const { entries, names } = await entriesOf(ctx, page);
  await auditIdentityReads(ctx, principal, page.map(parties), SURFACE);
  return { entries, names, more: rows.length > query.limit };
}

/** One queued match with its claim and the claim's history; the read is audited. */
export async function queuedMatchDetail(ctx: ApiContext, principal: Principal, matchId: string): Promise<QueueDetail> {
  const match = await queuedMatch(ctx, matchId);
  await auditIdentityReads(ctx, principal, [parties(match)], SURFACE);
  const { entries, names } = await entriesOf(ctx, [match]);
  return { entry: entries[0]!, names, history: await claimHistory(ctx.knex, matchId) };
}

/**
 * Change a match's claim (`decide` sees the current claim under the ledger's lock and
 * returns who holds it next, or throws to refuse), announce a real change, and name the
 * facilitator now holding it.
 */
async function changeQueueClaim(ctx: ApiContext, principal: Principal, matchId: string, action: ClaimAction, decide: (current: Claim | null) => string | null): Promise<ClaimChange> {
  const change = await changeClaim(ctx.knex, matchId, principal.id, action, decide);
  if (change.changed) {
    ctx.realtime.queueChanged({ matchId, action, facilitatorId: heldBy(change.after), previousFacilitatorId: heldBy(change.before), by: principal.id, at: new Date().toISOString() });
  }
  return change;
}

async function outcomeOf(ctx: ApiContext, matchId: string, change: ClaimChange): Promise<ClaimOutcome> {
  const names = await displayNames(ctx.knex, change.after ? [change.after.facilitatorId] : []);
  return { matchId, claim: change.after, changed: change.changed, names };
}

/** Claim a queued match for the caller; claiming what they already hold changes nothing, another's claim is a 409. */
export async function claimQueued(ctx: ApiContext, principal: Principal, matchId: string): Promise<ClaimOutcome> {
  await queuedMatch(ctx, matchId);
  const change = await changeQueueClaim(ctx, principal, matchId, "claimed", (current) => {
    if (current && current.facilitatorId !== principal.id) {
      throw errors.alreadyClaimed(matchId, current);
    }
    return principal.id;
  });
  return outcomeOf(ctx, matchId, change);
}

/**
 * Assign a queued match to an enabled facilitator (a 400 on `body.facilitatorId`
 * otherwise): admins may always, a facilitator only while holding the claim (403).
 */
export async function assignQueued(ctx: ApiContext, principal: Principal, matchId: string, facilitatorId: string): Promise<ClaimOutcome> {
  await queuedMatch(ctx, matchId);
  const assignee = await findUser(ctx.knex, facilitatorId);
  if (!assignee || assignee.disabled || assignee.role !== "facilitator") {
    throw errors.validationFailed([{ field: "body.facilitatorId", message: "must be an enabled user with the facilitator role" }]);
  }
  const change = await changeQueueClaim(ctx, principal, matchId, "assigned", (current) => {
    if (principal.role !== "admin" && heldBy(current) !== principal.id) {
      throw errors.forbidden(current ? "Only an admin or the facilitator holding the claim may reassign it." : "Claim the match first, or ask an admin to assign it.");
    }
    return assignee.id;
  });
  return outcomeOf(ctx, matchId, change);
}

/**
 * Release a claim (the holder, or an admin; another facilitator's claim is a 409).
 * Releasing an unclaimed match changes nothing; it is a 404 only when no such match is
 * queued — a withdrawn match's claim can still be released, so the ledger is asked first.
 */
export async function releaseQueued(ctx: ApiContext, principal: Principal, matchId: string): Promise<ClaimOutcome> {
  const change = await changeQueueClaim(ctx, principal, matchId, "released", (current) => {
    if (current && principal.role !== "admin" && current.facilitatorId !== principal.id) {
      throw errors.claimHeldByAnother(matchId, current.facilitatorId);
    }
    return null;
  });
  if (!change.changed && !change.before) await queuedMatch(ctx, matchId);
  return outcomeOf(ctx, matchId, change);
}
