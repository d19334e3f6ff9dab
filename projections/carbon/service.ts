/**
 * The carbon projection's use cases over the stores: the carbon of every match now or at
 * the end of a day (graph + lifecycle ledger + overrides), today's rollups (the matching
 * worker writes them after its batches) and a rebuild of every day from scratch
 * (`npm run rollups:rebuild`).
 *
 * The graph keeps only today's matches, so each write of a day's rollups also keeps the
 * day's match inputs (`carbon_match_days`); a rebuild computes every day from the inputs
 * kept for it — a day never written carries the last kept day's forward, and days before
 * the first kept day (before the history began) use today's graph; with a retention
 * window only the window's days are rebuilt, older rows staying as written — while in-progress
 * and realised follow the ledger's dates. Factor overrides are those in force at the end
 * of each day, replayed from their audited changes (domain/carbon/override-history.ts): an
 * override changed today leaves yesterday's figures as they were written. A rebuild
 * replaces the projection's rows whole in one transaction: running it twice gives the same table.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { readCarbonMatches } from "../../graph/queries/carbon.ts";
import { keepMatchDay, matchDaysUpTo, pruneMatchDays } from "../../ledgers/carbon-match-days.ts";
import { replaceRollups } from "../../ledgers/daily-rollups.ts";
import { dealTimelines, type DealTimeline } from "../../ledgers/deal-timelines.ts";
import { allOverrides, overrideHistory } from "../../ledgers/emission-factor-overrides.ts";
import { overridesInForce } from "../../domain/carbon/override-history.ts";
import type { Overrides } from "../../domain/carbon/factors.ts";
import { carbonOfMatches, type CarbonMatchInput, type MatchCarbon } from "./compute.ts";
import { carbonInput } from "./inputs.ts";
import { CARBON_PROJECTION, daysBetween, rollupRowsFor } from "./rollup-rows.ts";
import { pairKey, stagesAt } from "./stages.ts";

/** The stores the projection reads and writes. */
export interface CarbonStores {
  readonly neo4j: Driver;
  readonly knex: Knex;
}

interface Snapshot {
  readonly matches: readonly CarbonMatchInput[];
  readonly timelines: readonly DealTimeline[];
  readonly matchOfPair: ReadonlyMap<string, string>;
  readonly overridesOf: (orgId: string) => Overrides;
}

async function snapshot(stores: CarbonStores): Promise<Snapshot> {
  const [rows, timelines, overrides] = await Promise.all([readCarbonMatches(stores.neo4j), dealTimelines(stores.knex), allOverrides(stores.knex)]);
  const matches = rows.map(carbonInput);
  const none: Overrides = new Map();
  return { matches, timelines, matchOfPair: matchOfPair(matches), overridesOf: (org) => overrides.get(org) ?? none };
}

const matchOfPair = (matches: readonly CarbonMatchInput[]) => new Map(matches.map((m) => [pairKey(m.supply.flowId, m.demand.flowId), m.id]));

const endOfDay = (day: string) => `${day}T23:59:59.999Z`;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Every match's carbon at instant `at` (ISO), credited once. */
export async function carbonAt(stores: CarbonStores, at: string): Promise<MatchCarbon[]> {
  const s = await snapshot(stores);
  return carbonOfMatches(s.matches, stagesAt(s.timelines, s.matchOfPair, at), s.overridesOf);
}

/** Write today's rows (replacing today's); returns how many. */
export async function writeTodayRollups(stores: CarbonStores, now = new Date()): Promise<number> {
  const day = utcDay(now);
  const s = await snapshot(stores);
  const carbon = await carbonOfMatches(s.matches, stagesAt(s.timelines, s.matchOfPair, endOfDay(day)), s.overridesOf);
  // Kept first: should the rollup write fail, the next write replaces both.
  await keepMatchDay(stores.knex, day, s.matches);
  return replaceRollups(stores.knex, CARBON_PROJECTION, day, day, rollupRowsFor(day, carbon));
}

/**
 * The first day of a `retentionDays`-day window ending on `today` (YYYY-MM-DD): match
 * inputs before it are pruned, and a rebuild leaves the rollups before it as written.
 */
export function retentionStart(today: string, retentionDays: number): string {
  return utcDay(new Date(Date.parse(`${today}T00:00:00Z`) - (retentionDays - 1) * 86_400_000));
}

/**
 * Forget the kept match inputs of days before the retention window (the newest of them
 * stays: it is the day in force at the window's start). The rollup writer calls it after
 * each write; idempotent. Returns how many days were removed.
 */
export async function pruneKeptMatchDays(stores: Pick<CarbonStores, "knex">, retentionDays: number, now = new Date()): Promise<number> {
  return pruneMatchDays(stores.knex, retentionStart(utcDay(now), retentionDays));
}

/** What a rebuild covers. */
export interface RebuildOptions {
  /**
   * Rebuild only the last `retentionDays` days (CARBON_MATCH_DAYS_RETENTION_DAYS): older
   * days' match inputs are pruned, so their rollup rows are kept as written rather than
   * recomputed from today's graph. Unset: every day.
   */
  readonly retentionDays?: number;
}

/**
 * Rebuild every day from the first proposal or kept match day (or today) to today — within
 * the retention window when one is given — from the kept match inputs, the graph and the
 * ledger; the projection's rows of those days (every older row without a window) are
 * replaced, and today's match inputs kept as a write of today would. Returns the days and
 * rows written.
 */
export async function rebuildRollups(stores: CarbonStores, now = new Date(), options: RebuildOptions = {}): Promise<{ days: number; rows: number }> {
  const today = utcDay(now);
  const [s, kept, history] = await Promise.all([snapshot(stores), matchDaysUpTo<CarbonMatchInput>(stores.knex, today), overrideHistory(stores.knex)]);
  const overridesAt = overridesInForce(history);
  kept.set(today, [...s.matches]); // today is the graph as it is now
  const firstKept = kept.keys().next().value ?? today;
  const earliest = s.timelines.reduce((min, t) => (t.createdAt.slice(0, 10) < min ? t.createdAt.slice(0, 10) : min), firstKept < today ? firstKept : today);
  const windowStart = options.retentionDays === undefined ? null : retentionStart(today, options.retentionDays);
  const first = windowStart !== null && windowStart > earliest ? windowStart : earliest;
  const rows = [];
  let lastSignature = "";
  let carbon: MatchCarbon[] = [];
  // Before the first kept day the history is unknown: those days take today's graph. A
  // window starting after a kept day starts from the newest kept day before it (pruning keeps it).
  let inputs: { from: string; matches: readonly CarbonMatchInput[]; pairs: ReadonlyMap<string, string> } = { from: today, matches: s.matches, pairs: s.matchOfPair };
  for (const [day, matches] of kept) if (day < first) inputs = { from: day, matches, pairs: matchOfPair(matches) };
  const days = daysBetween(first, today);
  for (const day of days) {
    const keptToday = kept.get(day);
    if (keptToday) inputs = { from: day, matches: keptToday, pairs: matchOfPair(keptToday) };
    const stages = stagesAt(s.timelines, inputs.pairs, endOfDay(day));
    const factors = overridesAt(endOfDay(day));
    // The figures depend only on the inputs, which match is in which stage and the overrides in force: recompute when any changes.
    const signature = `${inputs.from}|${factors.changes}|${[...stages].map(([id, st]) => `${id}:${st.stage}`).sort().join(",")}`;
    if (signature !== lastSignature) carbon = await carbonOfMatches(inputs.matches, stages, factors.overridesOf);
    lastSignature = signature;
    rows.push(...rollupRowsFor(day, carbon));
  }
  await keepMatchDay(stores.knex, today, s.matches);
  await replaceRollups(stores.knex, CARBON_PROJECTION, windowStart, today, rows);
  return { days: days.length, rows: rows.length };
}
