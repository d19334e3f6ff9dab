/**
 * The double opt-in of matches: each party's decision (`match_decisions`, one row per
 * match and organization) and the moment both said `interested` (`match_reveals`).
 *
 * Invariants:
 * - a match is revealed exactly once, when the second `interested` arrives — decisions on
 *   one match are serialized by a transaction-level advisory lock, so two parties deciding
 *   at the same instant cannot both miss the reveal;
 * - a reveal is never undone (what was shown cannot be unshown), even if a party later
 *   rejects the match;
 * - a `rejected` pair never comes back: the prefilter excludes it (match-service/prefilter.ts).
 */
import type { Knex } from "knex";

/** A party's decision. */
export type MatchDecision = "interested" | "rejected";

/** The two parties of a match, by flow and organization. */
export interface MatchParties {
  readonly matchId: string;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly supplyOrgId: string;
  readonly demandOrgId: string;
}

/** One party's decision to record. */
export interface DecisionInput extends MatchParties {
  readonly orgId: string;
  readonly decision: MatchDecision;
  /** The user who decided (null for an API key). */
  readonly decidedBy: string | null;
  /** Set when a facilitator decided under the organization's mandate. */
  readonly mandateId?: string | null;
}

/** Where one match stands. */
export interface MatchDisclosureRow {
  readonly supply: MatchDecision | null;
  readonly demand: MatchDecision | null;
  readonly revealedAt: string | null;
}

/**
 * Record a decision; when it makes both parties interested, reveal the match.
 * @returns `revealed: true` only for the call that revealed it.
 */
export async function recordDecision(knex: Knex, input: DecisionInput): Promise<{ revealed: boolean; state: MatchDisclosureRow }> {
  const side = input.orgId === input.supplyOrgId ? "supply" : "demand";
  return knex.transaction(async (trx) => {
    await trx.raw("select pg_advisory_xact_lock(hashtext(?))", [`match-decision:${input.matchId}`]);
    await trx("match_decisions")
      .insert({
        match_id: input.matchId,
        org_id: input.orgId,
        org_side: side,
        decision: input.decision,
        decided_by: input.decidedBy,
        mandate_id: input.mandateId ?? null,
        supply_flow_id: input.supplyFlowId,
        demand_flow_id: input.demandFlowId,
        at: trx.fn.now(),
      })
      .onConflict(["match_id", "org_id"])
      .merge(["decision", "decided_by", "mandate_id", "org_side", "at", "supply_flow_id", "demand_flow_id"]);
    const state = (await readStates(trx, [input.matchId], new Map([[input.matchId, input]]))).get(input.matchId)!;
    let revealed = false;
    if (state.supply === "interested" && state.demand === "interested" && state.revealedAt === null) {
      const rows = await trx("match_reveals")
        .insert({
          match_id: input.matchId,
          supply_flow_id: input.supplyFlowId,
          demand_flow_id: input.demandFlowId,
          supply_org_id: input.supplyOrgId,
          demand_org_id: input.demandOrgId,
        })
        .onConflict("match_id")
        .ignore()
        .returning("revealed_at");
      revealed = rows.length > 0;
      if (revealed) return { revealed, state: { ...state, revealedAt: new Date(rows[0].revealed_at as Date).toISOString() } };
    }
    return { revealed, state };
  });
}

/**
 * Where each match stands. Decisions are attributed to a side by `parties` (the match's
 * organizations) when given, else by the side stored with the decision.
 */
export async function disclosureStates(knex: Knex, matchIds: readonly string[], parties?: ReadonlyMap<string, Pick<MatchParties, "supplyOrgId" | "demandOrgId">>): Promise<Map<string, MatchDisclosureRow>> {
  return readStates(knex, matchIds, parties);
}

async function readStates(
  knex: Knex,
  matchIds: readonly string[],
  parties?: ReadonlyMap<string, Pick<MatchParties, "supplyOrgId" | "demandOrgId">>,
): Promise<Map<string, MatchDisclosureRow>> {
  const ids = [...new Set(matchIds)];
  const out = new Map<string, { supply: MatchDecision | null; demand: MatchDecision | null; revealedAt: string | null }>(ids.map((id) => [id, { supply: null, demand: null, revealedAt: null }]));
  if (ids.length === 0) return out;
  const [decisions, reveals] = await Promise.all([
    knex("match_decisions").whereIn("match_id", ids).select("match_id", "org_id", "org_side", "decision") as Promise<{ match_id: string; org_id: string; org_side: string | null; decision: MatchDecision }[]>,
    knex("match_reveals").whereIn("match_id", ids).select("match_id", "revealed_at") as Promise<{ match_id: string; revealed_at: Date }[]>,
  ]);
  for (const d of decisions) {
    const row = out.get(d.match_id)!;
    const p = parties?.get(d.match_id);
    const side = p ? (d.org_id === p.supplyOrgId ? "supply" : d.org_id === p.demandOrgId ? "demand" : null) : d.org_side;
    if (side === "supply") row.supply = d.decision;
    else if (side === "demand") row.demand = d.decision;
  }
  for (const r of reveals) out.get(r.match_id)!.revealedAt = new Date(r.revealed_at).toISOString();
  return out;
}

/** The organizations with which `orgId` has at least one revealed match. */
export async function revealedCounterparts(knex: Knex, orgId: string): Promise<Set<string>> {
  const rows = (await knex("match_reveals").where({ supply_org_id: orgId }).orWhere({ demand_org_id: orgId }).select("supply_org_id", "demand_org_id")) as { supply_org_id: string; demand_org_id: string }[];
  return new Set(rows.map((r) => (r.supply_org_id === orgId ? r.demand_org_id : r.supply_org_id)));
}

/** True when a match between these two flows was revealed to both parties. */
export async function flowsRevealed(knex: Knex, supplyFlowId: string, demandFlowId: string): Promise<boolean> {
  const row = await knex("match_reveals").where({ supply_flow_id: supplyFlowId, demand_flow_id: demandFlowId }).first("match_id");
  return row !== undefined;
}

/** The ids of every match revealed between `orgId` and a counterpart. */
export async function revealedMatchIds(knex: Knex, orgId: string): Promise<Set<string>> {
  const rows = (await knex("match_reveals").where({ supply_org_id: orgId }).orWhere({ demand_org_id: orgId }).select("match_id")) as { match_id: string }[];
  return new Set(rows.map((r) => r.match_id));
}
