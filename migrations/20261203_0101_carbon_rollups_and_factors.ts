/**
 * Carbon projection (issue 13): `daily_rollups` takes the grain a projection's rollups need
 * — day × projection × organization × site × resource type × region × stage × party role ×
 * metric — instead of the first draft's day × region × metric, which nothing ever wrote
 * (the table is empty, so it is recreated rather than altered). Projections other than
 * carbon leave `stage` and `party_role` empty. `emission_factor_overrides` keeps each
 * organization's own value of a factor (domain/carbon/emission-factors.json ids); who changed it
 * and when is also in the audit log.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("daily_rollups");
  await knex.schema.createTable("daily_rollups", (t) => {
    t.date("day").notNullable();
    t.text("projection").notNullable();
    t.text("organization_id").notNullable();
    t.text("site_id").notNullable().defaultTo("");
    t.text("resource_type").notNullable().defaultTo("");
    t.text("region_code").notNullable().defaultTo("");
    t.text("stage").notNullable().defaultTo("");
    t.text("party_role").notNullable().defaultTo("");
    t.text("metric").notNullable();
    t.double("value").notNullable();
    t.text("unit").notNullable();
    t.primary(["day", "projection", "organization_id", "site_id", "resource_type", "region_code", "stage", "party_role", "metric"]);
    t.index(["projection", "organization_id", "day"]);
    t.index(["projection", "region_code", "day"]);
  });
  await knex.schema.createTable("emission_factor_overrides", (t) => {
    t.text("org_id").notNullable();
    t.text("factor_id").notNullable();
    t.double("value").notNullable();
    t.text("source").notNullable();
    t.integer("year").notNullable();
    t.text("updated_by").notNullable();
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["org_id", "factor_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("emission_factor_overrides");
  await knex.schema.dropTableIfExists("daily_rollups");
  await knex.schema.createTable("daily_rollups", (t) => {
    t.date("day").notNullable();
    t.text("region_code").notNullable();
    t.text("metric").notNullable();
    t.double("value").notNullable();
    t.primary(["day", "region_code", "metric"]);
  });
}
