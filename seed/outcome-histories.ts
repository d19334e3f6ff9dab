/**
 * Generated decision histories for a demo region's matches (npm run seed:outcomes), so the
 * outcomes projection has something to measure: each current suggestion that nobody acted
 * on yet is dated back into the past `days` days and given a plausible history (ignored,
 * rejected, proposed and declined, or a deal that went some way towards live) drawn from
 * the seed (domain/outcomes/history-generator.ts). Matches with a real decision or
 * proposal are left alone, so it never rewrites what people did, and a re-run the same
 * day changes nothing.
 */
import type { Knex } from "knex";
import { planHistory, simulatedSuggestionTime } from "../domain/outcomes/history-generator.ts";
import { backdateSuggestions, currentSuggestions, matchesWithHistory, writeGeneratedHistories, type GeneratedWrite } from "../ledgers/outcomes.ts";

/** How to generate. */
export interface OutcomeSeedOptions {
  readonly seed: number;
  /** Histories end here; defaults to the start of the current UTC day, so re-runs that day agree. */
  readonly now?: string;
  /** The window the suggestions are spread over, in days. */
  readonly days?: number;
  /** Only the matches whose need's site is in this region. */
  readonly region?: string;
}

/** What a run did. */
export interface OutcomeSeedReport extends GeneratedWrite {
  readonly suggestions: number;
  readonly backdated: number;
  readonly now: string;
}

/** The start of the UTC day of `at`. */
export const startOfUtcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())).toISOString();

/** Generates and writes the histories. */
export async function seedOutcomeHistories(knex: Knex, options: OutcomeSeedOptions): Promise<OutcomeSeedReport> {
  const now = options.now ?? startOfUtcDay(new Date());
  const days = options.days ?? 365;
  const all = await currentSuggestions(knex, options.region);
  const acted = await matchesWithHistory(knex, all.map((m) => m.matchId));
  const open = all.filter((m) => !acted.has(m.matchId));
  const times = new Map(open.map((m) => [m.matchId, simulatedSuggestionTime(m.matchId, options.seed, now, days)]));
  const backdated = await backdateSuggestions(knex, times);
  // Plan from the (possibly earlier) suggestion instant the ledger now holds.
  const matches = open.map((m) => {
    const t = times.get(m.matchId)!;
    return { ...m, suggestedAt: t < m.suggestedAt ? t : m.suggestedAt };
  });
  const plans = matches.map((m) => planHistory(m, options.seed, now));
  const written = await writeGeneratedHistories(knex, matches, plans);
  return { ...written, untouched: written.untouched + acted.size, suggestions: all.length, backdated, now };
}

/** The report as lines for the terminal. */
export function formatOutcomeSeedReport(r: OutcomeSeedReport): string[] {
  return [
    `outcomes: ${r.suggestions} current suggestions; histories up to ${r.now}`,
    `  wrote ${r.proposals} proposals with their deal history, ${r.decisions} decisions, ${r.reveals} reveals; moved ${r.backdated} suggestions back in time`,
    `  left ${r.untouched} matches alone (they already had a decision or proposal)`,
  ];
}
