/**
 * Which of the three figures a match counts in, at an instant, from the lifecycle ledger:
 * *realised* once a proposal on it went `live`, *in progress* while a proposal on it is
 * pending or accepted and its deal neither live nor ended, *potential* otherwise (a ranked
 * match nobody acted on, or whose deal failed or was withdrawn). The most advanced
 * proposal on a match decides.
 */
import type { DealTimeline } from "../../ledgers/deal-timelines.ts";
import type { CarbonStage, StageOf } from "./compute.ts";

const RANK: Readonly<Record<CarbonStage, number>> = { potential: 0, in_progress: 1, realised: 2 };

/** A proposal's stage at `at` (ISO) and since when; undefined before it existed. */
export function proposalStageAt(t: DealTimeline, at: string): StageOf | undefined {
  if (t.createdAt > at) return undefined;
  let status = "pending";
  let deal = "suggested";
  let since = t.createdAt;
  let stage: CarbonStage = "in_progress";
  for (const s of t.steps) {
    if (s.at > at) break;
    if (s.kind === "status") status = s.to;
    else deal = s.to;
    const next: CarbonStage = deal === "live" ? "realised" : (status === "pending" || status === "accepted") && deal !== "failed" && deal !== "cancelled" ? "in_progress" : "potential";
    if (next !== stage) since = s.at;
    stage = next;
  }
  return { stage, proposalId: t.proposalId, since };
}

/** Key of a flow pair: proposals made from flow ids without a match id find their match by it. */
export const pairKey = (supplyFlowId: string, demandFlowId: string) => `${supplyFlowId}\u0000${demandFlowId}`;

/**
 * The stage of every match (by id) at `at`, given each match's flow pair; matches no
 * proposal names are absent (potential).
 */
export function stagesAt(timelines: readonly DealTimeline[], matchOfPair: ReadonlyMap<string, string>, at: string): Map<string, StageOf> {
  const out = new Map<string, StageOf>();
  const known = new Set(matchOfPair.values());
  for (const t of timelines) {
    const matchId = matchOfPair.get(pairKey(t.supplyFlowId, t.demandFlowId)) ?? (t.matchId !== null && known.has(t.matchId) ? t.matchId : undefined);
    if (matchId === undefined) continue;
    const s = proposalStageAt(t, at);
    if (!s || s.stage === "potential") continue;
    const had = out.get(matchId);
    if (!had || RANK[s.stage] > RANK[had.stage]) out.set(matchId, s);
  }
  return out;
}
