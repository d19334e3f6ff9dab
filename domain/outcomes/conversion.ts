/**
 * Acceptance and conversion of suggested matches, overall and per group (resource type,
 * region, route). Acceptance is the share of suggestions a counterparty took up (a
 * proposal accepted, so the deal went to negotiating); conversion is the share that
 * became a live partnership.
 */
import { reachedStage, type MatchFacts } from "./facts.ts";

/** How many suggestions got how far, and the two rates. */
export interface Funnel {
  readonly suggested: number;
  /** At least one party said interested. */
  readonly interested: number;
  /** Both parties said interested (the match was revealed). */
  readonly mutual: number;
  /** A party rejected the match itself. */
  readonly rejected: number;
  readonly negotiating: number;
  readonly contracted: number;
  readonly live: number;
  /** Suggestions a deal of which failed or was cancelled and none reached live. */
  readonly failed: number;
  /** negotiating / suggested; null for no suggestion. */
  readonly acceptanceRate: number | null;
  /** live / suggested; null for no suggestion. */
  readonly conversionRate: number | null;
}

/** One group's funnel, named by its key. */
export interface GroupFunnel extends Funnel {
  readonly key: string;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** The funnel of a set of suggestions. */
export function funnelOf(facts: readonly MatchFacts[]): Funnel {
  let interested = 0, mutual = 0, rejected = 0, negotiating = 0, contracted = 0, live = 0, failed = 0;
  for (const f of facts) {
    if (f.interested >= 1) interested += 1;
    if (f.interested === 2) mutual += 1;
    if (f.rejected) rejected += 1;
    if (reachedStage(f, "negotiating")) negotiating += 1;
    if (reachedStage(f, "contracted")) contracted += 1;
    const isLive = reachedStage(f, "live");
    if (isLive) live += 1;
    else if (f.endings.length > 0) failed += 1;
  }
  const suggested = facts.length;
  return {
    suggested,
    interested,
    mutual,
    rejected,
    negotiating,
    contracted,
    live,
    failed,
    acceptanceRate: ratio(negotiating, suggested),
    conversionRate: ratio(live, suggested),
  };
}

/** Funnels per value of `keyOf`, most suggestions first (then by key). */
export function funnelsBy(facts: readonly MatchFacts[], keyOf: (f: MatchFacts) => string): GroupFunnel[] {
  const groups = new Map<string, MatchFacts[]>();
  for (const f of facts) {
    const key = keyOf(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return [...groups]
    .map(([key, list]) => ({ key, ...funnelOf(list) }))
    .sort((a, b) => b.suggested - a.suggested || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
