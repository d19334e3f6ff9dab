/** `npm run reindex`: rebuild the PostGIS site and flow index entirely from Neo4j. */
import { loadConfig } from "../platform/config.ts";
import { connectNeo4j } from "../platform/connect/neo4j.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { reindex } from "../ingest/reindex.ts";
import { runCommand } from "../platform/run-command.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const neo4j = await connectNeo4j(config.neo4j);
  try {
    const db = await connectDatabase(config.postgres.url);
    try {
      const tty = process.stdout.isTTY;
      const report = await reindex(neo4j, db.knex, {
        onProgress: tty ? (p) => process.stdout.write(`\r  ${p.kind.padEnd(6)} ${p.done.toLocaleString("en").padStart(9)}`) : undefined,
      });
      if (tty) process.stdout.write("\n");
      const rows = report.sites + report.flows;
      console.log(
        `reindexed ${report.sites.toLocaleString("en")} sites and ${report.flows.toLocaleString("en")} flows from Neo4j in ` +
          `${report.seconds.toFixed(1)} s (${Math.round(rows / Math.max(report.seconds, 1e-3)).toLocaleString("en")} rows/s)`,
      );
    } finally {
      await db.knex.destroy();
    }
  } finally {
    await neo4j.close();
  }
}

runCommand(import.meta, main);
