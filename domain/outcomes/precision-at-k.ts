/**
 * precision@k of the suggested matches: per need, the share of its top-k suggestions
 * (ranked by the score they were suggested with) whose deal reached a stage, averaged
 * over the needs that had any suggestion.
 *
 * A need with fewer than k suggestions is judged on the ones it had (the divisor is
 * min(k, suggestions)): the engine cannot be blamed for matches that did not exist, and
 * otherwise a region of sparse needs could never score above 1/k.
 */
import { reachedStage, type MatchFacts, type OutcomeStage } from "./facts.ts";

/** precision@k over ranked lists of hits (true = reached the stage), best first; null when no list is non-empty. */
export function precisionAtK(rankedHits: readonly (readonly boolean[])[], k: number): number | null {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  let sum = 0;
  let needs = 0;
  for (const list of rankedHits) {
    if (list.length === 0) continue;
    const top = list.slice(0, k);
    sum += top.filter(Boolean).length / top.length;
    needs += 1;
  }
  return needs === 0 ? null : sum / needs;
}

/**
 * Each need's suggestions, best first: score descending, then match id so that ties rank
 * the same way on every run.
 */
export function rankedByNeed(facts: readonly MatchFacts[]): MatchFacts[][] {
  const byNeed = new Map<string, MatchFacts[]>();
  for (const f of facts) {
    const list = byNeed.get(f.demandFlowId);
    if (list) list.push(f);
    else byNeed.set(f.demandFlowId, [f]);
  }
  return [...byNeed.values()].map((list) => list.sort((a, b) => b.score - a.score || (a.matchId < b.matchId ? -1 : a.matchId > b.matchId ? 1 : 0)));
}

/** precision@k of the matches against those whose deal reached `stage`. */
export function matchPrecisionAtK(facts: readonly MatchFacts[], stage: OutcomeStage, k: number): number | null {
  return precisionAtK(rankedByNeed(facts).map((list) => list.map((f) => reachedStage(f, stage))), k);
}
