/**
 * Ledgers that are their own record (not derived from Neo4j): accounts, API keys, the
 * audit log, match history, proposals with their status history, daily rollups and
 * region boundaries.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists "pgcrypto"');

  await knex.schema.createTable("users", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.text("email").notNullable().unique();
    t.text("password_hash").notNullable();
    t.text("display_name").notNullable();
    t.text("role").notNullable().checkIn(["admin", "facilitator", "org_admin", "org_member", "partner"]);
    t.boolean("disabled").notNullable().defaultTo(false);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Which organizations (Business ids in the graph) a user acts for.
  await knex.schema.createTable("memberships", (t) => {
    t.uuid("user_id").notNullable().references("id").inTable("users").onDelete("cascade");
    t.text("org_id").notNullable();
    t.text("role").notNullable().checkIn(["org_admin", "org_member"]);
    t.primary(["user_id", "org_id"]);
    t.index(["org_id"]);
  });

  await knex.schema.createTable("api_keys", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.text("org_id").notNullable();
    t.text("name").notNullable();
    t.text("prefix").notNullable().unique(); // shown in lists; the secret is shown once and stored hashed
    t.text("key_hash").notNullable();
    t.specificType("scopes", "text[]").notNullable();
    t.uuid("created_by").references("id").inTable("users");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("last_used_at", { useTz: true });
    t.timestamp("revoked_at", { useTz: true });
    t.index(["org_id"]);
  });

  await knex.schema.createTable("audit_log", (t) => {
    t.bigIncrements("id").primary();
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text("actor").notNullable();
    t.text("action").notNullable();
    t.text("entity_type").notNullable();
    t.text("entity_id").notNullable();
    t.integer("entity_version");
    t.jsonb("payload");
    t.index(["entity_type", "entity_id"]);
    t.index(["at"]);
  });

  await knex.schema.createTable("match_history", (t) => {
    t.bigIncrements("id").primary();
    t.text("match_id").notNullable();
    t.text("supply_flow_id").notNullable();
    t.text("demand_flow_id").notNullable();
    t.integer("supply_version").notNullable();
    t.integer("demand_version").notNullable();
    t.double("score").notNullable();
    t.text("route").notNullable().checkIn(["auto", "facilitator"]);
    t.jsonb("factors").notNullable();
    t.jsonb("economics").notNullable();
    t.text("event").notNullable(); // created | updated | withdrawn
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["match_id"]);
    t.index(["supply_flow_id"]);
    t.index(["demand_flow_id"]);
  });

  await knex.schema.createTable("match_decisions", (t) => {
    t.text("match_id").notNullable();
    t.text("org_id").notNullable();
    t.text("decision").notNullable().checkIn(["interested", "rejected"]);
    t.uuid("decided_by");
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["match_id", "org_id"]);
  });

  await knex.schema.createTable("proposals", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.text("match_id");
    t.text("supply_flow_id").notNullable();
    t.text("demand_flow_id").notNullable();
    t.text("from_org").notNullable();
    t.text("to_org").notNullable();
    t.text("message");
    t.text("status").notNullable().defaultTo("pending");
    t.text("deal_stage").notNullable().defaultTo("suggested");
    t.jsonb("end_reason");
    t.integer("version").notNullable().defaultTo(1);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["from_org", "status"]);
    t.index(["to_org", "status"]);
  });

  await knex.schema.createTable("proposal_status_history", (t) => {
    t.bigIncrements("id").primary();
    t.uuid("proposal_id").notNullable().references("id").inTable("proposals").onDelete("cascade");
    t.text("kind").notNullable().checkIn(["status", "deal"]);
    t.text("from_state");
    t.text("to_state").notNullable();
    t.text("actor").notNullable();
    t.text("note");
    t.jsonb("reason");
    t.jsonb("attachments").notNullable().defaultTo("[]");
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["proposal_id", "at"]);
  });

  await knex.schema.createTable("daily_rollups", (t) => {
    t.date("day").notNullable();
    t.text("region_code").notNullable();
    t.text("metric").notNullable();
    t.double("value").notNullable();
    t.primary(["day", "region_code", "metric"]);
  });

  await knex.schema.createTable("region_boundaries", (t) => {
    t.text("code").primary();
    t.text("name").notNullable();
    t.text("level").notNullable();
    t.specificType("geom", "geography(MultiPolygon, 4326)").notNullable();
  });
  await knex.raw("create index region_boundaries_geom_gist on region_boundaries using gist (geom)");
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "region_boundaries",
    "daily_rollups",
    "proposal_status_history",
    "proposals",
    "match_decisions",
    "match_history",
    "audit_log",
    "api_keys",
    "memberships",
    "users",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
