/**
 * Bulk imports as jobs. A job's rows travel through JetStream in numbered chunks; each
 * stage records what it did per chunk under a primary key, so a chunk delivered twice
 * (at-least-once) is counted once. Row errors are keyed by (job, line, field) for the
 * same reason. Merges record every imported business or site that was recognised as one
 * already known (normalized name, nearby site) instead of being created again.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("import_jobs", (t) => {
    t.text("id").primary();
    // upload | cli | webhook
    t.text("source").notNullable();
    t.text("format").notNullable();
    t.text("file_name");
    t.text("requested_by").notNullable();
    // Set when the rows are one organization's own sites and flows; null for a directory import.
    t.text("owner_org_id");
    // receiving → queued → completed | interrupted
    t.text("status").notNullable().defaultTo("receiving");
    t.jsonb("mapping").notNullable();
    t.boolean("decimal_comma").notNullable().defaultTo(false);
    t.integer("rows_received").notNullable().defaultTo(0);
    // Known once the upload has been read to the end.
    t.integer("chunks_total");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("received_at", { useTz: true });
    t.timestamp("finished_at", { useTz: true });
    t.index(["requested_by", "created_at"]);
  });
  await knex.schema.createTable("import_chunks", (t) => {
    t.text("job_id").notNullable().references("id").inTable("import_jobs").onDelete("cascade");
    t.integer("chunk_no").notNullable();
    // validated | written
    t.text("stage").notNullable();
    t.integer("rows").notNullable();
    t.integer("refused").notNullable();
    t.integer("created").notNullable().defaultTo(0);
    t.integer("updated").notNullable().defaultTo(0);
    t.integer("unchanged").notNullable().defaultTo(0);
    t.integer("merged").notNullable().defaultTo(0);
    t.float("neo4j_ms").notNullable().defaultTo(0);
    t.float("postgis_ms").notNullable().defaultTo(0);
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["job_id", "chunk_no", "stage"]);
  });
  await knex.schema.createTable("import_row_errors", (t) => {
    t.text("job_id").notNullable().references("id").inTable("import_jobs").onDelete("cascade");
    t.integer("line").notNullable();
    // The column as the file names it (or the canonical field when the file has none).
    t.text("field").notNullable();
    t.text("reason").notNullable();
    t.text("value");
    t.primary(["job_id", "line", "field"]);
  });
  await knex.schema.createTable("ingest_merges", (t) => {
    t.bigIncrements("id");
    t.text("job_id").notNullable().references("id").inTable("import_jobs").onDelete("cascade");
    t.integer("line").notNullable();
    // business | site | flow
    t.text("entity_type").notNullable();
    t.text("incoming_name").notNullable();
    t.text("into_id").notNullable();
    t.text("into_name");
    t.float("distance_m");
    t.text("reason").notNullable();
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(["job_id", "line", "entity_type"]);
    t.index(["into_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["ingest_merges", "import_row_errors", "import_chunks", "import_jobs"]) await knex.schema.dropTableIfExists(table);
}
