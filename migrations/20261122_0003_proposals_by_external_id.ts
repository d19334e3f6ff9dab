/**
 * Proposals are identified by the client's external id (so a replayed POST is recognised),
 * and carry who supplies and who consumes. No proposal existed before this migration, so
 * the two tables are recreated rather than altered.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("proposal_status_history");
  await knex.schema.dropTableIfExists("proposals");

  await knex.schema.createTable("proposals", (t) => {
    t.text("id").primary();
    t.text("match_id");
    t.text("supply_flow_id").notNullable();
    t.text("demand_flow_id").notNullable();
    t.text("from_org").notNullable();
    t.text("to_org").notNullable();
    t.text("supplier_org").notNullable();
    t.text("consumer_org").notNullable();
    t.text("resource_type").notNullable();
    t.text("message").notNullable();
    t.text("status").notNullable().checkIn(["pending", "accepted", "rejected", "withdrawn"]);
    t.text("deal_state").notNullable();
    t.jsonb("deal_reason");
    t.text("content_hash").notNullable();
    t.text("created_by").notNullable();
    t.integer("version").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["from_org", "status"]);
    t.index(["to_org", "status"]);
    t.index(["match_id"]);
  });

  await knex.schema.createTable("proposal_status_history", (t) => {
    t.bigIncrements("id").primary();
    t.text("proposal_id").notNullable().references("id").inTable("proposals").onDelete("cascade");
    t.text("kind").notNullable().checkIn(["status", "deal"]);
    t.text("from_state");
    t.text("to_state").notNullable();
    t.text("actor").notNullable();
    t.text("note");
    t.jsonb("reason");
    t.jsonb("attachments").notNullable().defaultTo("[]");
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["proposal_id", "id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("proposal_status_history");
  await knex.schema.dropTableIfExists("proposals");
}
