/**
 * Login sessions and their refresh tokens. A session is one login (a refresh-token
 * family): every access token names it (`sid`), so logging out or a detected reuse of a
 * rotated refresh token ends it for REST and sockets at once. Refresh tokens are random
 * and stored only as SHA-256 hashes; a token used once is marked, never deleted, so a
 * second use is recognised as theft and revokes the whole family.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("auth_sessions", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.uuid("user_id").notNullable().references("id").inTable("users").onDelete("cascade");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("expires_at", { useTz: true }).notNullable();
    t.timestamp("revoked_at", { useTz: true });
    t.text("revoked_reason");
    t.index(["user_id"]);
  });
  await knex.schema.createTable("refresh_tokens", (t) => {
    t.text("token_hash").primary();
    t.uuid("session_id").notNullable().references("id").inTable("auth_sessions").onDelete("cascade");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("used_at", { useTz: true });
    t.index(["session_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("refresh_tokens");
  await knex.schema.dropTableIfExists("auth_sessions");
}
