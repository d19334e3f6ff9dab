/**
 * What the matching prefilter needs beyond the first flow summary, so one spatial query
 * returns everything the engine scores (no graph read per candidate): pressure, purity,
 * operating hours per week, price or disposal cost. Decisions remember their pair of
 * flows so a rejected pair is excluded by the prefilter itself. Additive: every new
 * column is nullable and filled by the write path and `npm run reindex`.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("flow_index", (t) => {
    t.double("pressure_bar");
    t.double("purity_pct");
    t.double("hours_per_week");
    t.double("price_eur_per_unit");
    t.double("disposal_cost_eur_per_unit");
  });
  await knex.schema.alterTable("match_decisions", (t) => {
    t.text("supply_flow_id");
    t.text("demand_flow_id");
    t.index(["supply_flow_id", "demand_flow_id"]);
    t.index(["demand_flow_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("match_decisions", (t) => {
    t.dropIndex(["supply_flow_id", "demand_flow_id"]);
    t.dropIndex(["demand_flow_id"]);
    t.dropColumns("supply_flow_id", "demand_flow_id");
  });
  await knex.schema.alterTable("flow_index", (t) => {
    t.dropColumns("pressure_bar", "purity_pct", "hours_per_week", "price_eur_per_unit", "disposal_cost_eur_per_unit");
  });
}
