/**
 * `npm run rollups:rebuild`: rebuild the carbon projection's daily rollups from the kept daily match inputs, the graph
 * and the lifecycle ledger (projections/carbon/service.ts), over the last
 * CARBON_MATCH_DAYS_RETENTION_DAYS days (older rows stay as written: their inputs are
 * pruned). Idempotent: a second run writes the same rows.
 */
import { loadConfig } from "../platform/config.ts";
import { connectNeo4j } from "../platform/connect/neo4j.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { rebuildRollups } from "../projections/carbon/service.ts";
import { runCommand } from "../platform/run-command.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const neo4j = await connectNeo4j(config.neo4j);
  try {
    const db = await connectDatabase(config.postgres.url);
    try {
      const started = performance.now();
      const { days, rows } = await rebuildRollups({ neo4j, knex: db.knex }, new Date(), { retentionDays: config.carbon.matchDayRetentionDays });
      console.log(`carbon rollups rebuilt: ${rows.toLocaleString("en")} rows over ${days} day(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await db.knex.destroy();
    }
  } finally {
    await neo4j.close();
  }
}

runCommand(import.meta, main);
