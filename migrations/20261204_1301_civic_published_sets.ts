/**
 * The civic projection's memory of what it published (issue 14): for each figure key (an H3
 * cell, or `<country cell>#rest`) and metric, every distinct set of organizations a
 * published figure of it has had. A new release withholds a figure whose organizations
 * differ from one of these by 1 or 2, since two releases subtracted would give those
 * companies' figure (docs/civic-disclosure.md, rule 6). Organization ids only, no figures.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("civic_published_sets", (t) => {
    t.text("key").notNullable();
    t.text("metric").notNullable();
    // sha-256 of the sorted ids: one row per distinct set.
    t.text("set_hash").notNullable();
    t.specificType("organization_ids", "text[]").notNullable();
    t.timestamp("first_published_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["key", "metric", "set_hash"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("civic_published_sets");
}
