import { defineConfig } from "vitest/config";
import { TEST_ENV } from "./test/helpers/test-env.ts";

/**
 * Two projects: `unit` runs pure code beside its source (fast, no services; the client's
 * pure modules too, those that need no browser);
 * `integration` runs test/ against the real Neo4j, PostGIS, Redis and NATS that
 * test/helpers/global-setup.ts brings up in their test-only instances.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{api,contract,ledgers,match-service,platform,domain,graph,ingest,matching,seed,spatial,events,ops,bench,projections}/**/*.test.ts", "client/src/**/*.test.ts"],
          environment: "node",
          // A guard against hangs, not a speed assert: property tests (hundreds of HiGHS
          // solves) took 7 s on a loaded 2-core machine against the 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/helpers/global-setup.ts"],
          env: { ...TEST_ENV },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The suites share one set of real services; run files one at a time.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
