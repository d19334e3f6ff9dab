/**
 * The carbon projection's use cases over the stores: the carbon of every match now or at
 * the end of a day (graph + lifecycle ledger + overrides), today's rollups (the matching
 * worker writes them after its batches) and a rebuild of every day from scratch
 * (`npm run rollups:rebuild`).
 *
 * The graph keeps no history of matches, so a rebuilt day's potential is the matches as
 * they are now; in-progress and realised follow the ledger's dates. A rebuild replaces the
 * projection's rows whole in one transaction: running it twice gives the same table.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { readCarbonMatches } from "../../graph/queries/carbon.ts";
import { replaceRollups } from "../../ledgers/daily-rollups.ts";
import { dealTimelines, type DealTimeline } from "../../ledgers/deal-timelines.ts";
import { allOverrides } from "../../ledgers/emission-factor-overrides.ts";
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
  return { matches, timelines, matchOfPair: new Map(matches.map((m) => [pairKey(m.supply.flowId, m.demand.flowId), m.id])), overridesOf: (org) => overrides.get(org) ?? none };
}

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
  return replaceRollups(stores.knex, CARBON_PROJECTION, day, day, rollupRowsFor(day, carbon));
}

/**
 * Rebuild every day from the first proposal (or today) to today, from the graph and the
 * ledger; the projection's older rows are replaced. Returns the days and rows written.
 */
export async function rebuildRollups(stores: CarbonStores, now = new Date()): Promise<{ days: number; rows: number }> {
  const today = utcDay(now);
  const s = await snapshot(stores);
  const first = s.timelines.reduce((min, t) => (t.createdAt.slice(0, 10) < min ? t.createdAt.slice(0, 10) : min), today);
  const rows = [];
  let lastSignature = "";
  let carbon: MatchCarbon[] = [];
  const days = daysBetween(first, today);
  for (const day of days) {
    const stages = stagesAt(s.timelines, s.matchOfPair, endOfDay(day));
    // Allocation depends only on which match is in which stage: recompute when that changes.
    const signature = [...stages].map(([id, st]) => `${id}:${st.stage}`).sort().join(",");
    if (signature !== lastSignature || day === first) carbon = await carbonOfMatches(s.matches, stages, s.overridesOf);
    lastSignature = signature;
    rows.push(...rollupRowsFor(day, carbon));
  }
  await replaceRollups(stores.knex, CARBON_PROJECTION, null, today, rows);
  return { days: days.length, rows: rows.length };
}
