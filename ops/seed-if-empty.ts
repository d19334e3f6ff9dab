/**
 * Run by `npm start` after the migrations: when the graph holds no business yet, seed a
 * small demo region (300 sites, fixed seed) and the demo accounts, so a first start has
 * something on the map and someone to log in as. Otherwise say what is there and leave
 * it alone.
 */
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { generateRegion } from "../seed/generate-region.ts";
import { formatSeedReport } from "../ingest/seed-region.ts";
import { demoOrgsOfRegion, formatDemoAccounts } from "../seed/demo-accounts.ts";
import { openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";
import { DEFAULT_SEED, seedWithAccounts } from "./seed.ts";

export const DEMO_SITES = 300;

async function main(): Promise<void> {
  const config = loadConfig();
  const connections = await openDataStores(config, "turash-seed-if-empty");
  try {
    const { records } = await connections.neo4j.executeQuery(
      "CALL { MATCH (b:Business) RETURN count(b) AS businesses } CALL { MATCH (s:Site) RETURN count(s) AS sites } RETURN businesses, sites",
      {},
      { routing: "READ" },
    );
    const businesses = records[0]?.get("businesses") as number;
    const sites = records[0]?.get("sites") as number;
    if (businesses > 0) {
      console.log(`demo data: ${sites.toLocaleString("en")} sites already present`);
      return;
    }
    const region = generateRegion({ sites: DEMO_SITES, seed: DEFAULT_SEED });
    console.log(`demo data: empty graph, seeding ${region.sites.length} sites (seed ${DEFAULT_SEED}) …`);
    const { report, accounts } = await seedWithAccounts(connections, config, region, demoOrgsOfRegion(region), { quiet: true });
    console.log(formatSeedReport(report).join("\n"));
    console.log(formatDemoAccounts(accounts).join("\n"));
  } finally {
    await closeConnections(connections);
  }
}

runCommand(import.meta, main);
