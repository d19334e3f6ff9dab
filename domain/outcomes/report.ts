/**
 * The outcomes report: everything the facilitators' page shows, computed from the facts of
 * the suggested matches in one pass per figure.
 */
import { funnelOf, funnelsBy, type Funnel, type GroupFunnel } from "./conversion.ts";
import { stageDurations, type StageDuration } from "./durations.ts";
import { OUTCOME_STAGES, type MatchFacts, type OutcomeStage } from "./facts.ts";
import { failureReasons, type ReasonCount } from "./failure-reasons.ts";
import { matchPrecisionAtK, rankedByNeed } from "./precision-at-k.ts";

/** precision@k against one stage. */
export interface StagePrecision {
  readonly stage: OutcomeStage;
  readonly precision: number | null;
}

/** The report over a set of suggestions. */
export interface OutcomesReport {
  readonly k: number;
  /** Needs that had at least one suggestion (the lists precision@k averages over). */
  readonly needs: number;
  readonly precisionAtK: readonly StagePrecision[];
  readonly funnel: Funnel;
  readonly byResourceType: readonly GroupFunnel[];
  readonly byRegion: readonly GroupFunnel[];
  readonly byRoute: readonly GroupFunnel[];
  readonly failureReasons: readonly ReasonCount[];
  readonly durations: readonly StageDuration[];
}

/** Computes the report at cut-off k. */
export function outcomesReport(facts: readonly MatchFacts[], k: number): OutcomesReport {
  return {
    k,
    needs: rankedByNeed(facts).length,
    precisionAtK: OUTCOME_STAGES.filter((s) => s !== "reserved").map((stage) => ({ stage, precision: matchPrecisionAtK(facts, stage, k) })),
    funnel: funnelOf(facts),
    byResourceType: funnelsBy(facts, (f) => f.resourceType),
    byRegion: funnelsBy(facts, (f) => f.region),
    byRoute: funnelsBy(facts, (f) => f.route),
    failureReasons: failureReasons(facts),
    durations: stageDurations(facts),
  };
}
