/**
 * The carbon projection's match history (issue 13, rollups rebuildable): the graph keeps
 * only today's matches, and `match_history` only their scores and economics, not the
 * flows' quantities, sites and regions a day's potential was computed from. Each write of
 * a day's rollups keeps that day's carbon inputs — the ranked matches as the projection
 * read them (projections/carbon/inputs.ts) — so `npm run rollups:rebuild` computes a past
 * day from what was ranked that day rather than from today's graph.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("carbon_match_days", (t) => {
    t.date("day").primary();
    /** CarbonMatchInput[] of the day's last write. */
    t.jsonb("matches").notNullable();
    t.timestamp("written_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("carbon_match_days");
}
