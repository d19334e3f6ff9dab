/**
 * Refused rows are counted, not only stored. A job stores at most `refused_rows_cap`
 * refused rows (IMPORT_REFUSED_ROWS_STORED when it was created; null = all) with line and
 * reason; its total of refused rows is `refused_at_upload` (lines that could not be read:
 * not JSON, longer than IMPORT_MAX_LINE_BYTES…, counted once by the upload) plus the
 * `refused` of its chunk records (each counted once, keyed, as before).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("import_jobs", (t) => {
    t.integer("refused_at_upload").notNullable().defaultTo(0);
    t.integer("refused_rows_cap");
  });
  // Jobs from before: their unreadable lines are those stored beyond what the chunks counted.
  await knex.raw(`
    update import_jobs j set refused_at_upload = greatest(0,
      (select count(distinct line) from import_row_errors e where e.job_id = j.id and e.line > 0)
      - (select coalesce(sum(refused), 0) from import_chunks c where c.job_id = j.id))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("import_jobs", (t) => {
    t.dropColumn("refused_rows_cap");
    t.dropColumn("refused_at_upload");
  });
}
