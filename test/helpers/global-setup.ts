/**
 * Before the integration suites: bring the test instances of the four services up and
 * migrate both schemas, exactly as `npm start` does for development.
 */
import { loadConfig } from "../../platform/config.ts";
import { ensureServices, formatReport } from "../../ops/services.ts";
import { migrateAll } from "../../ops/migrate.ts";
import { TEST_ENV } from "./test-env.ts";

export default async function setup(): Promise<void> {
  const config = loadConfig({ ...process.env, ...TEST_ENV });
  const reports = await ensureServices(config);
  for (const report of reports) console.log(`[test services] ${formatReport(report)}`);
  await migrateAll(config);
}
