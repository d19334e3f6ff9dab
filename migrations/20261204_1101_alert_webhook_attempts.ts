/**
 * Every attempt to deliver a webhook alert's firing (issue 13, retries): one row per
 * firing and attempt number, written before the request goes out. The unique index on
 * (firing_id, attempt) is the claim: of two workers about to make the same attempt, only
 * the one whose insert wins sends it, so a receiver never gets one attempt twice.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("alert_webhook_attempts", (t) => {
    t.uuid("firing_id").notNullable().references("alert_firings.id").onDelete("CASCADE");
    t.integer("attempt").notNullable();
    t.timestamp("started_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("finished_at", { useTz: true });
    /** The receiver's HTTP status; null when no answer came (timeout, refused connection). */
    t.integer("status");
    t.text("error");
    t.primary(["firing_id", "attempt"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("alert_webhook_attempts");
}
