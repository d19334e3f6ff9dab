/** The test configuration, and builders for variations of it. */
import { loadConfig, type Config } from "../../platform/config.ts";
import { matchId } from "../../match-service/ids.ts";
import { TEST_ENV } from "./test-env.ts";

/** Configuration for integration tests (test-only database, Neo4j instance, prefixes). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...TEST_ENV, ...overrides });
}

/** The id the test configuration gives the match between two flows (match ids are keyed by ID_SECRET). */
export function testMatchId(supplyFlowId: string, demandFlowId: string): string {
  return matchId(supplyFlowId, demandFlowId, TEST_ENV.ID_SECRET!);
}
