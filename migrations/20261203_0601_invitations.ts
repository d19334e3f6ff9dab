/**
 * Invitations to an organization (issue 15, Deliver 5): an org_admin invites a colleague by
 * e-mail with a role; the link's token is stored only as its SHA-256 (the link is shown once,
 * in the e-mail and the dev log). One use: `accepted_at` is set in the same transaction that
 * adds the membership; `revoked_at` ends a pending one early; `expires_at` ends it anyway.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("invitations", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.text("org_id").notNullable();
    t.text("email").notNullable();
    t.text("role").notNullable();
    t.text("token_hash").notNullable().unique();
    t.text("invited_by").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("expires_at", { useTz: true }).notNullable();
    t.timestamp("accepted_at", { useTz: true });
    t.text("accepted_by");
    t.timestamp("revoked_at", { useTz: true });
    t.index(["org_id", "created_at"]);
  });
  await knex.raw("alter table invitations add constraint invitations_role check (role in ('org_admin', 'org_member'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("invitations");
}
