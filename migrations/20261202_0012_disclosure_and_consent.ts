/**
 * Staged disclosure and consent (DESIGN.md "Trust and disclosure"):
 * - `match_reveals`: the moment both parties of a match said `interested` — from then on
 *   each sees the other in full. Written once per match; never removed (what was shown
 *   cannot be unshown).
 * - `match_decisions` gains who acted for whom: a decision made by a facilitator under a
 *   mandate names the mandate.
 * - `mandates`: an organization's org_admin lets a facilitator act for it (say interested,
 *   propose and decide proposals, move deals), until revoked.
 * - proposals keep the consents given to `contracted` (both parties must give theirs), and
 *   every history line says on whose behalf it was done.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("match_reveals", (t) => {
    t.text("match_id").primary();
    t.text("supply_flow_id").notNullable();
    t.text("demand_flow_id").notNullable();
    t.text("supply_org_id").notNullable();
    t.text("demand_org_id").notNullable();
    t.timestamp("revealed_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["supply_org_id"]);
    t.index(["demand_org_id"]);
  });

  await knex.schema.createTable("mandates", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.text("org_id").notNullable();
    t.uuid("facilitator_id").notNullable().references("id").inTable("users");
    t.specificType("acts", "text[]").notNullable();
    t.text("note");
    t.uuid("granted_by").notNullable();
    t.timestamp("granted_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("expires_at", { useTz: true });
    t.text("revoked_by");
    t.timestamp("revoked_at", { useTz: true });
    t.index(["org_id"]);
    t.index(["facilitator_id"]);
  });
  // At most one live mandate per organization and facilitator: granting again replaces it.
  await knex.raw("create unique index mandates_one_live on mandates (org_id, facilitator_id) where revoked_at is null");

  await knex.schema.alterTable("match_decisions", (t) => {
    t.text("org_side").checkIn(["supply", "demand"]);
    t.uuid("mandate_id");
  });

  await knex.schema.alterTable("proposals", (t) => {
    // Organizations that have consented to `contracted` while the deal is `reserved`.
    t.specificType("contract_consents", "text[]").notNullable().defaultTo("{}");
  });
  await knex.schema.alterTable("proposal_status_history", (t) => {
    t.text("on_behalf_of");
    t.uuid("mandate_id");
  });
  await knex.raw("alter table proposal_status_history drop constraint if exists proposal_status_history_kind_check");
  await knex.raw("alter table proposal_status_history add constraint proposal_status_history_kind_check check (kind in ('status', 'deal', 'consent'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("delete from proposal_status_history where kind = 'consent'");
  await knex.raw("alter table proposal_status_history drop constraint if exists proposal_status_history_kind_check");
  await knex.raw("alter table proposal_status_history add constraint proposal_status_history_kind_check check (kind in ('status', 'deal'))");
  await knex.schema.alterTable("proposal_status_history", (t) => {
    t.dropColumn("on_behalf_of");
    t.dropColumn("mandate_id");
  });
  await knex.schema.alterTable("proposals", (t) => t.dropColumn("contract_consents"));
  await knex.schema.alterTable("match_decisions", (t) => {
    t.dropColumn("org_side");
    t.dropColumn("mandate_id");
  });
  await knex.schema.dropTableIfExists("mandates");
  await knex.schema.dropTableIfExists("match_reveals");
}
