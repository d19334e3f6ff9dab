/**
 * Facilitator claims on queued matches (PostgreSQL ledger `facilitator_claims`), with every
 * claim, assignment and release appended to the audit log in the same transaction.
 */
import type { Knex } from "knex";
import { appendAudit } from "./audit-log.ts";

/** Who works a match, since when, and who put them on it. */
export interface Claim {
  readonly matchId: string;
  readonly facilitatorId: string;
  readonly claimedBy: string;
  readonly claimedAt: string;
}

interface ClaimRow {
  match_id: string;
  facilitator_id: string;
  claimed_by: string;
  claimed_at: Date | string;
}

const toClaim = (r: ClaimRow): Claim => ({
  matchId: r.match_id,
  facilitatorId: r.facilitator_id,
  claimedBy: r.claimed_by,
  claimedAt: new Date(r.claimed_at).toISOString(),
});

/** Claims of these matches (all claims when `matchIds` is omitted). */
export async function claimsOf(knex: Knex, matchIds?: readonly string[]): Promise<Map<string, Claim>> {
  const q = knex<ClaimRow>("facilitator_claims").select("*");
  if (matchIds) q.whereIn("match_id", [...matchIds]);
  const rows = (await q) as ClaimRow[];
  return new Map(rows.map((r) => [r.match_id, toClaim(r)]));
}

/** Ids of every claimed match. */
export async function claimedMatchIds(knex: Knex): Promise<string[]> {
  const rows = (await knex("facilitator_claims").select("match_id")) as { match_id: string }[];
  return rows.map((r) => r.match_id);
}

/** What a claim change asks: claim for oneself, assign to another, release. */
export type ClaimAction = "claimed" | "assigned" | "released";

/** The outcome of a claim change: the claim before and after (null when unclaimed). */
export interface ClaimChange {
  readonly before: Claim | null;
  readonly after: Claim | null;
  /** False when nothing changed (claiming what you already hold, releasing what is free). */
  readonly changed: boolean;
}

/**
 * Change a match's claim in one transaction, holding the row lock: `decide` sees the current
 * claim and returns the facilitator to hold it (null releases), or throws to refuse.
 */
export async function changeClaim(
  knex: Knex,
  matchId: string,
  actor: string,
  action: ClaimAction,
  decide: (current: Claim | null) => string | null,
): Promise<ClaimChange> {
  return knex.transaction(async (trx) => {
    // Serialize changes to this match's claim, whether or not a row exists yet.
    await trx.raw("select pg_advisory_xact_lock(hashtext(?))", [`facilitator_claim:${matchId}`]);
    const row = (await trx<ClaimRow>("facilitator_claims").where({ match_id: matchId }).first()) as ClaimRow | undefined;
    const before = row ? toClaim(row) : null;
    const next = decide(before);
    if (next === (before?.facilitatorId ?? null)) return { before, after: before, changed: false };
    let after: Claim | null = null;
    if (next === null) await trx("facilitator_claims").where({ match_id: matchId }).delete();
    else {
      const [written] = (await trx("facilitator_claims")
        .insert({ match_id: matchId, facilitator_id: next, claimed_by: actor, claimed_at: trx.fn.now() })
        .onConflict("match_id")
        .merge(["facilitator_id", "claimed_by", "claimed_at"])
        .returning("*")) as ClaimRow[];
      after = toClaim(written!);
    }
    await appendAudit(trx, [
      { actor, action, entityType: "facilitator_claim", entityId: matchId, payload: { from: before?.facilitatorId ?? null, to: after?.facilitatorId ?? null } },
    ]);
    return { before, after, changed: true };
  });
}

/** The audit trail of a match's claims, oldest first. */
export async function claimHistory(knex: Knex, matchId: string): Promise<{ at: string; actor: string; action: string; from: string | null; to: string | null }[]> {
  const rows = (await knex("audit_log").where({ entity_type: "facilitator_claim", entity_id: matchId }).orderBy("id")) as {
    at: Date;
    actor: string;
    action: string;
    payload: { from: string | null; to: string | null } | null;
  }[];
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, from: r.payload?.from ?? null, to: r.payload?.to ?? null }));
}
