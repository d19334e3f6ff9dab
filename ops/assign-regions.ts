/**
 * `npm run regions:assign`: re-derive every site's region and country from the loaded
 * boundaries through the write path (ingest/assign-regions.ts) and report how many changed.
 * Idempotent: a second run reports every site unchanged.
 */
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { runCommand } from "../platform/run-command.ts";
import { assignSiteRegions } from "../ingest/assign-regions.ts";
import { dataWriteContext, openDataStores } from "./cli-support.ts";

async function main(): Promise<number> {
  const config = loadConfig();
  const connections = await openDataStores(config, "turash-regions-assign");
  try {
    const report = await assignSiteRegions(dataWriteContext(connections, config, "regions:assign"));
    console.log(
      `regions: ${report.sites.toLocaleString("en")} sites, ${report.changed.toLocaleString("en")} changed, ${report.unchanged.toLocaleString("en")} unchanged, ` +
        `${report.withoutRegion.toLocaleString("en")} without a region, in ${report.seconds.toFixed(1)} s`,
    );
    for (const r of report.refused.slice(0, 5)) console.log(`  refused ${r.id ?? "(no id)"}: ${r.code} ${r.message}`);
    return report.refused.length > 0 ? 1 : 0;
  } finally {
    await closeConnections(connections);
  }
}

runCommand(import.meta, main);
