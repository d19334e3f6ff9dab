/**
 * Cluster proposals: a heat cluster (match-service/clusters.ts) proposed as one deal to
 * all its members. The proposal keeps the split and the network as computed when it was
 * proposed (what every member is asked to accept); each member's decision is one row of
 * `cluster_proposal_members`, so "one decision per member" is the primary key.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("cluster_proposals", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.text("cluster_id").notNullable();
    t.text("supply_flow_id").notNullable();
    t.text("resource_type").notNullable();
    t.text("proposer_org").notNullable();
    t.text("proposed_by").notNullable();
    t.text("status").notNullable().checkIn(["open", "accepted", "rejected", "withdrawn"]);
    t.double("annual_value_eur").notNullable();
    t.double("pairs_alone_eur").notNullable();
    t.double("pipe_km").notNullable();
    t.double("capex_eur").notNullable();
    t.integer("version").notNullable().defaultTo(1);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["cluster_id", "status"]);
  });
  await knex.schema.createTable("cluster_proposal_members", (t) => {
    t.uuid("proposal_id").notNullable().references("id").inTable("cluster_proposals").onDelete("cascade");
    t.integer("position").notNullable();
    t.text("org_id").notNullable();
    t.text("role").notNullable().checkIn(["supplier", "consumer"]);
    t.text("flow_id").notNullable();
    t.text("match_id");
    t.double("quantity_mwh").notNullable();
    t.double("delivered_mwh").notNullable();
    t.boolean("connected").notNullable();
    t.double("share_eur").notNullable();
    t.text("decision").checkIn(["accepted", "rejected"]);
    t.text("decided_by");
    t.timestamp("decided_at", { useTz: true });
    t.primary(["proposal_id", "org_id"]);
    t.index(["org_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("cluster_proposal_members");
  await knex.schema.dropTableIfExists("cluster_proposals");
}
