/** Start a real api (real services, port 0) for a test, and stop it afterwards. */
import type { Config } from "../../platform/config.ts";
import { startApi, type RunningApi } from "../../api/main.ts";
import { testConfig } from "./config.ts";

/** Start the api on a free port with the test configuration (plus overrides). */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<RunningApi & { config: Config }> {
  const config = testConfig({ PORT: "0", ...overrides });
  const api = await startApi(config);
  return Object.assign(api, { config });
}

/** A running test api (what `startTestApi` resolves to). */
export type RunningTestApi = Awaited<ReturnType<typeof startTestApi>>;
