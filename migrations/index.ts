/**
 * Runs the knex migrations in this folder (files named `YYYYMMDD_NNNN_name.ts`) through
 * a custom migration source, so they load the same way under tsx and vitest.
 */
import { readdirSync } from "node:fs";
import type { Knex } from "knex";

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const DIR = new URL("./", import.meta.url);

const source: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(DIR).filter((name) => /^\d{8}_\d{4}_[\w-]+\.ts$/.test(name)).sort();
  },
  getMigrationName(name) {
    return name.replace(/\.ts$/, "");
  },
  async getMigration(name) {
    return (await import(new URL(name, DIR).href)) as MigrationModule;
  },
};

/**
 * Bring the PostgreSQL schema up to date. Harmless when already current.
 * @returns the names applied by this call.
 */
export async function migratePostgres(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}
