/**
 * A digest of each contributor's part in every state of a published figure (issue 14): the
 * two-dates rule (docs/civic-disclosure.md, rule 5) withholds a figure when only 1 or 2
 * companies changed since an earlier release — not only those that joined or left, but
 * also one that kept its place and changed its quantity. `organization_digests` runs
 * parallel to `organization_ids`; each digest is an HMAC keyed by the server (so it cannot
 * be matched against guessed quantities), never a figure. Rows from before have none: for
 * them only membership is compared.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("civic_published_sets", (t) => {
    t.specificType("organization_digests", "text[]").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("civic_published_sets", (t) => {
    t.dropColumn("organization_digests");
  });
}
