import { describe, expect, it } from "vitest";
import { ensureServices } from "../../ops/services.ts";
import { testConfig } from "../helpers/config.ts";

describe("npm run services", () => {
  it("finds all four services already up and reports where each is and its version", async () => {
    const reports = await ensureServices(testConfig());

    expect(reports.map((r) => r.name)).toEqual(["neo4j", "postgres", "redis", "nats"]);
    const byName = Object.fromEntries(reports.map((r) => [r.name, r]));
    expect(byName.neo4j?.version).toMatch(/^Neo4j 5\.26\./);
    expect(byName.postgres?.version).toMatch(/PostgreSQL 15.*PostGIS 3\./);
    expect(byName.redis?.version).toMatch(/^Redis \d+\./);
    expect(byName.nats?.version).toMatch(/JetStream/);
    // The global setup started anything missing; a second call is idempotent.
    expect(reports.every((r) => r.how === "already running")).toBe(true);
  });

  it("names the service it cannot reach, in one line, instead of a stack trace", async () => {
    const config = testConfig({ REDIS_URL: "redis://10.255.255.1:6399" });
    const failure = await ensureServices(config).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/^redis: cannot be started — not reachable at redis:\/\/10\.255\.255\.1:6399/);
    expect(failure?.message.split("\n")).toHaveLength(1);
  });
});
