/**
 * The facilitator queue's claims: which facilitator works which match (a match routed to
 * a human). One row per claimed match; releasing deletes the row. Who claimed, assigned
 * and released what, and when, is kept in the audit log (entity_type `facilitator_claim`).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("facilitator_claims", (t) => {
    t.text("match_id").primary();
    // The facilitator working the match (a users.id of role facilitator, or an admin who claimed it).
    t.uuid("facilitator_id").notNullable().references("id").inTable("users").onDelete("cascade");
    // Who made the claim: the facilitator themself, or the admin/claimer who assigned it.
    t.text("claimed_by").notNullable();
    t.timestamp("claimed_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["facilitator_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("facilitator_claims");
}
