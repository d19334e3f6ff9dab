/**
 * The carbon projection's match inputs per day (`carbon_match_days`): what a day's rollups
 * were computed from, kept because the graph holds only today's matches. One row a day,
 * replaced by each write of that day. The rows are the projection's own
 * (projections/carbon/compute.ts CarbonMatchInput[]); this ledger only keeps them.
 */
import type { Knex } from "knex";

/** Keep `matches` as the inputs of `day` (YYYY-MM-DD), replacing that day's. */
export async function keepMatchDay(knex: Knex, day: string, matches: readonly unknown[]): Promise<void> {
  await knex("carbon_match_days")
    .insert({ day, matches: JSON.stringify(matches), written_at: knex.fn.now() })
    .onConflict("day")
    .merge(["matches", "written_at"]);
}

/** Every kept day up to `to` (inclusive), by day; `T` is what the projection kept (its CarbonMatchInput). */
export async function matchDaysUpTo<T>(knex: Knex, to: string): Promise<Map<string, T[]>> {
  const rows = (await knex("carbon_match_days").select(knex.raw("to_char(day, 'YYYY-MM-DD') as day"), "matches").where("day", "<=", to).orderBy("day")) as { day: string; matches: T[] }[];
  return new Map(rows.map((r) => [r.day, r.matches]));
}

/**
 * Forget the days before `cutoff` (YYYY-MM-DD) except the newest of them: a day never
 * written carries the last kept day forward, so the day in force at the cutoff stays.
 * Idempotent; returns how many days were removed.
 */
export async function pruneMatchDays(knex: Knex, cutoff: string): Promise<number> {
  return knex("carbon_match_days")
    .where("day", "<", cutoff)
    .whereRaw("day < (select max(day) from carbon_match_days where day <= ?)", [cutoff])
    .delete();
}
