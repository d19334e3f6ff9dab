/**
 * What one import has created so far, for the chunks that come after:
 *
 * `import_new_entities`: the businesses and sites the import's validate stage created
 * (name key and place), so a later chunk resolves the same company to the same new
 * business even before the first chunk has been written — deduplication within a file
 * does not depend on how the two stages happen to interleave.
 *
 * `import_flow_claims`: which line of an import owns each flow id it writes. Two lines of one file that resolve
 * to the same flow (same site, direction, type and details) would otherwise overwrite each
 * other in whatever order their chunks happen to be processed — and a redelivered chunk
 * could put the older line back. The first line to claim an id owns it; the other is
 * refused as a duplicate. Keyed, so a redelivered chunk claims the same ids again harmlessly.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("import_flow_claims", (t) => {
    t.text("job_id").notNullable().references("id").inTable("import_jobs").onDelete("cascade");
    t.text("flow_id").notNullable();
    t.integer("line").notNullable();
    t.primary(["job_id", "flow_id"]);
  });
  await knex.schema.createTable("import_new_entities", (t) => {
    t.text("job_id").notNullable().references("id").inTable("import_jobs").onDelete("cascade");
    // business | site
    t.text("kind").notNullable();
    t.text("id").notNullable();
    // A site's business.
    t.text("parent_id");
    // A business's name key.
    t.text("name_key");
    t.float("lat").notNullable();
    t.float("lon").notNullable();
    t.primary(["job_id", "kind", "id"]);
    t.index(["job_id", "name_key"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("import_new_entities");
  await knex.schema.dropTableIfExists("import_flow_claims");
}
