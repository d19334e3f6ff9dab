/**
 * The audit log becomes readable per organization: each entry names the organization it
 * concerns (the owner of the changed record, the organization whose identity was read, the
 * organization of a key), so an org_admin can read their own organization's trail without
 * seeing anyone else's. Entries from before carry none and stay visible to admins only.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("audit_log", (t) => {
    t.text("org_id");
    t.index(["org_id", "at"]);
    t.index(["actor", "at"]);
    t.index(["action", "at"]);
  });
  // Entries of the write path name their record; its organization is in the payload.
  await knex.raw(`update audit_log set org_id = coalesce(payload->>'businessId', case when entity_type = 'business' then entity_id end)
                  where org_id is null and entity_type in ('business', 'site')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("audit_log", (t) => {
    t.dropIndex(["org_id", "at"]);
    t.dropIndex(["actor", "at"]);
    t.dropIndex(["action", "at"]);
    t.dropColumn("org_id");
  });
}
