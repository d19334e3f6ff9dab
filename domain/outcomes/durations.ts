/**
 * How long suggestions take to reach each deal stage: hours from the first suggestion to
 * the first time a deal of the match reached the stage, as median and 90th percentile
 * over the matches that reached it.
 */
import { OUTCOME_STAGES, type MatchFacts, type OutcomeStage } from "./facts.ts";

/** Summary of the times to one stage. */
export interface StageDuration {
  readonly stage: OutcomeStage;
  /** Matches that reached the stage (and so have a time). */
  readonly count: number;
  readonly medianHours: number | null;
  readonly p90Hours: number | null;
}

/**
 * The q-quantile by nearest rank (the smallest value with at least q of the values at or
 * below it): always one of the observed values, so a median of durations is a duration
 * someone actually waited. Null for no values.
 */
export function nearestRankQuantile(values: readonly number[], q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1], got ${q}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1]!;
}

const HOUR_MS = 3_600_000;

/** Hours from suggestion to `stage` for every match that reached it. */
export function hoursToStage(facts: readonly MatchFacts[], stage: OutcomeStage): number[] {
  const out: number[] = [];
  for (const f of facts) {
    const at = f.reached[stage];
    if (at === undefined) continue;
    // A deal is never dated before its suggestion; a clock skew between writers is clamped to 0.
    out.push(Math.max(0, (Date.parse(at) - Date.parse(f.suggestedAt)) / HOUR_MS));
  }
  return out;
}

/** Median and p90 of the hours to each stage. */
export function stageDurations(facts: readonly MatchFacts[]): StageDuration[] {
  return OUTCOME_STAGES.map((stage) => {
    const hours = hoursToStage(facts, stage);
    return { stage, count: hours.length, medianHours: nearestRankQuantile(hours, 0.5), p90Hours: nearestRankQuantile(hours, 0.9) };
  });
}
