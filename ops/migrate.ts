/** `npm run migrate`: bring both schemas (Neo4j and PostgreSQL+PostGIS) up to date. Idempotent. */
import { ConfigError, loadConfig, type Config } from "../platform/config.ts";
import { ServiceUnavailableError } from "../platform/infra-errors.ts";
import { connectNeo4j } from "../platform/connect/neo4j.ts";
import { migrateGraph } from "../graph/migrate.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { migratePostgres } from "../migrations/index.ts";
import { backfillNameKeys } from "../ingest/imports/known-entities.ts";
import { nameKey } from "../ingest/imports/identity.ts";

/** Apply pending migrations to both stores; returns what each applied. */
export async function migrateAll(config: Config): Promise<{ neo4j: string[]; postgres: string[] }> {
  const driver = await connectNeo4j(config.neo4j);
  try {
    const db = await connectDatabase(config.postgres.url);
    try {
      const result = { neo4j: await migrateGraph(driver), postgres: await migratePostgres(db.knex) };
      // Data written before businesses carried a name key gets one (deduplication needs it).
      await backfillNameKeys(driver, nameKey);
      return result;
    } finally {
      await db.knex.destroy();
    }
  } finally {
    await driver.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  migrateAll(loadConfig())
    .then(({ neo4j, postgres }) => {
      console.log(`neo4j    ${neo4j.length ? `applied ${neo4j.join(", ")}` : "up to date"}`);
      console.log(`postgres ${postgres.length ? `applied ${postgres.join(", ")}` : "up to date"}`);
    })
    .catch((error: unknown) => {
      const known = error instanceof ConfigError || error instanceof ServiceUnavailableError;
      console.error(known ? (error as Error).message : `migrate failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
