/**
 * Threshold alerts (issue 13): an organization's `alerts` over its carbon rollups, and
 * `alert_firings`, one row per alert and evaluated day. The unique index on
 * (alert_id, evaluated_day) is what makes a firing happen once: the rollup worker of every
 * process evaluates after each write, and only the insert that wins the index publishes.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("alerts", (t) => {
    t.uuid("id").primary();
    t.text("org_id").notNullable();
    t.text("name").notNullable();
    t.text("metric").notNullable();
    t.text("stage").notNullable();
    t.integer("window_days").notNullable();
    t.text("comparison").notNullable();
    t.double("threshold").notNullable();
    t.text("channel").notNullable();
    t.text("webhook_url");
    t.uuid("webhook_endpoint_id");
    t.text("created_by").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text("updated_by").notNullable();
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["org_id"]);
  });
  await knex.schema.createTable("alert_firings", (t) => {
    t.uuid("id").primary();
    t.uuid("alert_id").notNullable().references("alerts.id").onDelete("CASCADE");
    t.text("org_id").notNullable();
    t.date("evaluated_day").notNullable();
    t.date("window_from").notNullable();
    t.double("value").notNullable();
    t.double("threshold").notNullable();
    t.text("comparison").notNullable();
    t.timestamp("fired_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("delivered_at", { useTz: true });
    t.text("delivery_error");
    t.text("acknowledged_by");
    t.timestamp("acknowledged_at", { useTz: true });
    t.unique(["alert_id", "evaluated_day"], { indexName: "alert_firings_once_per_day" });
    t.index(["org_id", "fired_at"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("alert_firings");
  await knex.schema.dropTableIfExists("alerts");
}
