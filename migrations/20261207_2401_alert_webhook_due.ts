/**
 * Durable webhook retries (issue 13): a webhook alert's firing that still has to be sent
 * is a row of `alert_webhook_due` with the time its next attempt is due, so a retry
 * survives the worker that scheduled it. Any worker claims due rows with
 * `FOR UPDATE SKIP LOCKED` and moves `due_at` past its attempt (a lease: a worker that
 * dies mid-attempt leaves the row due again once the lease runs out); `attempts` counts
 * the attempts claimed. The row goes once the firing is delivered or given up.
 *
 * `alert_firings.delivery_status` ('pending', 'delivered', 'failed'; null for in-app
 * alerts) and `delivery_attempts` show the organization where each webhook firing stands.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("alert_webhook_due", (t) => {
    t.uuid("firing_id").primary().references("alert_firings.id").onDelete("CASCADE");
    t.timestamp("due_at", { useTz: true }).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["due_at"]);
  });
  await knex.schema.alterTable("alert_firings", (t) => {
    t.text("delivery_status");
    t.integer("delivery_attempts").notNullable().defaultTo(0);
  });
  await knex.raw("alter table alert_firings add constraint alert_firings_delivery_status check (delivery_status in ('pending', 'delivered', 'failed'))");
  // Firings from before: what their in-process delivery ended with.
  await knex.raw(`update alert_firings f set
      delivery_status = case when f.delivered_at is not null then 'delivered' else 'failed' end,
      delivery_attempts = (select count(*) from alert_webhook_attempts a where a.firing_id = f.id)
    where f.delivered_at is not null or f.delivery_error is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("alter table alert_firings drop constraint if exists alert_firings_delivery_status");
  await knex.schema.alterTable("alert_firings", (t) => {
    t.dropColumn("delivery_status");
    t.dropColumn("delivery_attempts");
  });
  await knex.schema.dropTableIfExists("alert_webhook_due");
}
