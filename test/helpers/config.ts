/** The test configuration, and builders for variations of it. */
import { loadConfig, type Config } from "../../platform/config.ts";
import { TEST_ENV } from "./test-env.ts";

/** Configuration for integration tests (test-only database, Neo4j instance, prefixes). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...TEST_ENV, ...overrides });
}
