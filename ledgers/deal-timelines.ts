/**
 * Every proposal's steps in time order, as the projections replay them: which match or
 * flow pair it is about, and each status and deal step with when it happened
 * (proposal_status_history). Consent lines are left out: they move no state.
 */
import type { Knex } from "knex";

/** One step of a proposal. */
export interface TimelineStep {
  readonly kind: "status" | "deal";
  readonly to: string;
  /** ISO instant. */
  readonly at: string;
}

/** A proposal and its steps, oldest first. */
export interface DealTimeline {
  readonly proposalId: string;
  readonly matchId: string | null;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly createdAt: string;
  readonly steps: readonly TimelineStep[];
}

/** Every proposal's timeline (proposals are few next to matches: one query each way). */
export async function dealTimelines(knex: Knex): Promise<DealTimeline[]> {
  const proposals = await knex("proposals").select("id", "match_id", "supply_flow_id", "demand_flow_id", "created_at").orderBy("created_at");
  const steps = await knex("proposal_status_history").whereIn("kind", ["status", "deal"]).select("proposal_id", "kind", "to_state", "at").orderBy(["proposal_id", "at", "id"]);
  const byProposal = new Map<string, TimelineStep[]>();
  for (const s of steps) (byProposal.get(s.proposal_id) ?? byProposal.set(s.proposal_id, []).get(s.proposal_id)!).push({ kind: s.kind, to: s.to_state, at: (s.at as Date).toISOString() });
  return proposals.map((p) => ({
    proposalId: p.id,
    matchId: p.match_id,
    supplyFlowId: p.supply_flow_id,
    demandFlowId: p.demand_flow_id,
    createdAt: (p.created_at as Date).toISOString(),
    steps: byProposal.get(p.id) ?? [],
  }));
}
