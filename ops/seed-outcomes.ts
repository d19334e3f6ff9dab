/**
 * `npm run seed:outcomes -- [--seed S] [--days D] [--region CODE] [--now ISO]`: give the
 * demo region's untouched matches plausible decision histories (seed/outcome-histories.ts)
 * so the outcomes page has something to show. Idempotent: matches with any decision or
 * proposal are left alone.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { runCommand } from "../platform/run-command.ts";
import { formatOutcomeSeedReport, seedOutcomeHistories } from "../seed/outcome-histories.ts";
import { openDataStores } from "./cli-support.ts";
import { DEFAULT_SEED } from "./seed.ts";

const USAGE = "usage: npm run seed:outcomes -- [--seed S] [--days D (30–3650, default 365)] [--region CODE] [--now 2026-12-01T00:00:00Z]";

async function main(): Promise<number> {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: { seed: { type: "string" }, days: { type: "string" }, region: { type: "string" }, now: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const seed = args.seed === undefined ? DEFAULT_SEED : Number(args.seed);
  const days = args.days === undefined ? 365 : Number(args.days);
  const problems = [
    Number.isInteger(seed) ? null : `--seed must be an integer, got ${JSON.stringify(args.seed)}`,
    Number.isInteger(days) && days >= 30 && days <= 3650 ? null : `--days must be a whole number from 30 to 3650, got ${JSON.stringify(args.days)}`,
    args.now === undefined || !Number.isNaN(Date.parse(args.now)) ? null : `--now must be an ISO 8601 instant, got ${JSON.stringify(args.now)}`,
  ].filter((p) => p !== null);
  if (problems.length > 0) {
    console.error(`${problems.join("\n")}\n${USAGE}`);
    return 2;
  }
  const connections = await openDataStores(loadConfig(), "turash-seed-outcomes");
  try {
    const report = await seedOutcomeHistories(connections.db.knex, {
      seed,
      days,
      ...(args.region === undefined ? {} : { region: args.region }),
      ...(args.now === undefined ? {} : { now: new Date(args.now).toISOString() }),
    });
    console.log(formatOutcomeSeedReport(report).join("\n"));
    return 0;
  } finally {
    await closeConnections(connections);
  }
}

runCommand(import.meta, main);
