/**
 * `npm run seed -- --sites N [--seed S] [--batch B]`: generate a synthetic region and
 * write it through the one write path.
 * `npm run seed -- --hotmaps FILE`: load the Hotmaps Industrial Database (real plants as
 * heat suppliers) through the same path; rows that cannot be placed are reported by line.
 * Both are idempotent (a re-run reports everything unchanged) and both ensure the demo
 * accounts. Into a non-empty graph both refuse unless `--force`, after saying what they
 * would add and rewrite (ops/seed-plan.ts).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { registerCsv } from "../seed/register-file.ts";
import { loadConfig } from "../platform/config.ts";
import { closeConnections, type Connections } from "../platform/connect/connections.ts";
import { generateRegion } from "../seed/generate-region.ts";
import { loadHotmaps, type SkippedRow } from "../seed/hotmaps.ts";
import { DEFAULT_BATCH_SIZE, formatSeedReport, seedRegion, type SeedData, type SeedProgress, type SeedReport } from "../ingest/seed-region.ts";
import { demoOrgsOfBusinesses, demoOrgsOfRegion, ensureDemoAccounts, formatDemoAccounts, type DemoAccount, type DemoOrg } from "../seed/demo-accounts.ts";
import { dataWriteContext, openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";
import { seedOverlap } from "../graph/queries/seed-overlap.ts";
import { seedPlan } from "./seed-plan.ts";

export const DEFAULT_SEED = 42;

const USAGE =
  "usage: npm run seed -- --sites N [--seed S] [--batch B] [--force]\n       npm run seed -- --hotmaps FILE [--batch B] [--force]\n       npm run seed -- --sites N [--seed S] --register-csv OUT.csv   (write the region as a municipal register to import; touches no store)\n  --force: seed into a graph that is not empty (records under the same ids are rewritten)";

/** Progress lines: one per batch, overwritten in place on a terminal. */
export function progressPrinter(out: NodeJS.WriteStream = process.stdout): (p: SeedProgress) => void {
  return (p) => {
    const line = `  ${p.kind.padEnd(10)} ${p.done.toLocaleString("en").padStart(9)} / ${p.total.toLocaleString("en")}  (${p.elapsedSeconds.toFixed(1)} s)`;
    if (out.isTTY) out.write(`\r${line}${p.done === p.total ? "\n" : ""}`);
    else if (p.done === p.total || p.done % (DEFAULT_BATCH_SIZE * 10) === 0) out.write(`${line}\n`);
  };
}

/** Skipped input rows, summarized: how many, by reason, and the first few with their line. */
export function formatSkipped(skipped: readonly SkippedRow[], show = 5): string[] {
  if (skipped.length === 0) return ["skipped 0 rows"];
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, n]) => `${n} × ${r}`);
  return [
    `skipped ${skipped.length} row(s) of the file: ${top.join("; ")}${reasons.size > 3 ? "; …" : ""}`,
    ...skipped.slice(0, show).map((s) => `  line ${s.line}${s.siteId ? ` (SiteID ${s.siteId})` : ""}: ${s.reason}`),
    ...(skipped.length > show ? [`  … and ${skipped.length - show} more`] : []),
  ];
}

/** Seed `data` and the demo accounts of `orgs`, printing progress; returns what happened. */
export async function seedWithAccounts(
  connections: Connections,
  config: ReturnType<typeof loadConfig>,
  data: SeedData,
  orgs: readonly DemoOrg[],
  options: { batchSize?: number; quiet?: boolean } = {},
): Promise<{ report: SeedReport; accounts: DemoAccount[] }> {
  const ctx = dataWriteContext(connections, config, "seed");
  const report = await seedRegion(ctx, data, { batchSize: options.batchSize, onProgress: options.quiet ? undefined : progressPrinter() });
  const accounts = await ensureDemoAccounts(connections.db.knex, orgs);
  return { report, accounts };
}

function positiveInt(raw: string | undefined, name: string, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        sites: { type: "string" },
        seed: { type: "string" },
        hotmaps: { type: "string" },
        batch: { type: "string" },
        "register-csv": { type: "string" },
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || (args.sites === undefined) === (args.hotmaps === undefined)) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  let sites = 0;
  let seed = DEFAULT_SEED;
  let batchSize = DEFAULT_BATCH_SIZE;
  try {
    batchSize = positiveInt(args.batch, "batch", DEFAULT_BATCH_SIZE);
    if (args.sites !== undefined) {
      sites = positiveInt(args.sites, "sites");
      seed = args.seed === undefined ? DEFAULT_SEED : Number(args.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(args.seed)}`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }

  if (args["register-csv"] !== undefined) {
    if (args.sites === undefined) {
      console.error(`--register-csv needs --sites\n${USAGE}`);
      return 2;
    }
    const region = generateRegion({ sites, seed });
    writeFileSync(args["register-csv"], registerCsv(region));
    console.log(`wrote ${region.flows.length.toLocaleString("en")} rows (${region.businesses.length} companies, ${region.sites.length} sites) to ${args["register-csv"]}; import it with npm run import -- ${args["register-csv"]}`);
    return 0;
  }

  const config = loadConfig();
  let data: SeedData;
  let orgs: DemoOrg[];
  let skipped: SkippedRow[] = [];
  if (args.hotmaps !== undefined) {
    const started = performance.now();
    const imported = await loadHotmaps(args.hotmaps);
    console.log(
      `hotmaps: ${imported.stats.rows.toLocaleString("en")} rows parsed in ${((performance.now() - started) / 1000).toFixed(1)} s → ` +
        `${imported.businesses.length} businesses, ${imported.sites.length} sites, ${imported.flows.length} excess-heat flows ` +
        `(${imported.stats.sitesWithExcessHeat} sites with excess heat, ${Math.round(imported.stats.excessHeatGWh).toLocaleString("en")} GWh/yr)`,
    );
    data = imported;
    orgs = demoOrgsOfBusinesses(imported.businesses);
    skipped = imported.skipped;
  } else {
    const region = generateRegion({ sites, seed });
    console.log(`region: seed ${seed}, ${region.businesses.length} businesses, ${region.sites.length} sites, ${region.flows.length} flows`);
    data = region;
    orgs = demoOrgsOfRegion(region);
  }

  const connections = await openDataStores(config, "turash-seed");
  try {
    const ids = { businesses: data.businesses.map((b) => b.externalId), sites: data.sites.map((x) => x.externalId), flows: data.flows.map((f) => f.externalId) };
    const { inGraph, existing } = await seedOverlap(connections.neo4j, ids);
    const plan = seedPlan(inGraph, { businesses: ids.businesses.length, sites: ids.sites.length, flows: ids.flows.length }, existing, args.force === true);
    console.log(plan.lines.join("\n"));
    if (!plan.proceed) return 2;
    const { report, accounts } = await seedWithAccounts(connections, config, data, orgs, { batchSize });
    console.log(formatSeedReport(report).join("\n"));
    if (args.hotmaps !== undefined) console.log(formatSkipped(skipped).join("\n"));
    console.log(formatDemoAccounts(accounts).join("\n"));
    return report.rejected.length > 0 ? 1 : 0;
  } finally {
    await closeConnections(connections);
  }
}

runCommand(import.meta, main);
