/**
 * `npm run reconcile`: list the drift between the PostGIS index and Neo4j (exit 1 when
 * there is any). `npm run reconcile -- --repair`: repair it and show that none is left.
 */
import { loadConfig } from "../platform/config.ts";
import { connectNeo4j } from "../platform/connect/neo4j.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { findDrift, formatDrift, repairDrift } from "../ingest/reconcile.ts";
import { runCommand } from "../platform/run-command.ts";

async function main(): Promise<number> {
  const repair = process.argv.slice(2).includes("--repair");
  const unknown = process.argv.slice(2).filter((a) => a !== "--repair");
  if (unknown.length > 0) {
    console.error(`unknown argument(s) ${unknown.join(" ")}\nusage: npm run reconcile [-- --repair]`);
    return 2;
  }
  const config = loadConfig();
  const neo4j = await connectNeo4j(config.neo4j);
  try {
    const db = await connectDatabase(config.postgres.url);
    try {
      const drift = await findDrift(neo4j, db.knex);
      console.log(formatDrift(drift).join("\n"));
      if (!repair || drift.total === 0) return drift.total === 0 ? 0 : 1;
      const result = await repairDrift(neo4j, db.knex, drift);
      console.log(
        `repaired in ${result.seconds.toFixed(1)} s: upserted ${result.upserted.sites} sites and ${result.upserted.flows} flows, ` +
          `deleted ${result.deleted.sites} orphan sites and ${result.deleted.flows} orphan flows`,
      );
      console.log(formatDrift(result.after).join("\n"));
      return result.after.total === 0 ? 0 : 1;
    } finally {
      await db.knex.destroy();
    }
  } finally {
    await neo4j.close();
  }
}

runCommand(import.meta, main);
