/**
 * Run by `npm start` after the migrations (and by `npm run regions:defaults`): load the
 * default region boundaries — every country, Germany's NUTS-3 Kreise, Denmark's
 * municipalities — from the installed packages and data/regions, offline (spatial/default-regions.ts). A dataset already loaded is skipped
 * without reading its file, so a second start spends one query per dataset on it.
 * `--force` reloads (and still rewrites only what changed).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { runCommand } from "../platform/run-command.ts";
import { loadDefaultRegions } from "../spatial/default-regions.ts";
import { formatLoadReport } from "./load-regions.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: true, options: { force: { type: "boolean" } } });
  const config = loadConfig();
  const db = await connectDatabase(config.postgres.url);
  try {
    if (!(await db.knex.schema.hasColumn("region_boundaries", "country"))) {
      console.error("region boundaries are not migrated in this database: run `npm run migrate` first");
      return 1;
    }
    for (const outcome of await loadDefaultRegions(db.knex, { force: values.force === true })) {
      if (outcome.skipped) console.log(`regions: ${outcome.dataset} already loaded (${outcome.boundaries.toLocaleString("en")} boundaries of ${outcome.source})`);
      else console.log(formatLoadReport(outcome.report, outcome.seconds.toFixed(1)).join("\n"));
    }
    return 0;
  } finally {
    await db.knex.destroy();
  }
}

runCommand(import.meta, main);
