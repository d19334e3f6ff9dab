import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("gives working local defaults on an empty environment", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.neo4j.url).toBe("bolt://127.0.0.1:7687");
    expect(config.postgres.database).toBe("turash");
    expect(Object.isFrozen(config.neo4j)).toBe(true);
  });

  it("reports every invalid variable at once, naming each", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "seventy", NEO4J_URL: "http://x", NATS_STREAM_PREFIX: "lower" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/NEO4J_URL/);
    expect(problems).toMatch(/NATS_STREAM_PREFIX/);
  });

  it("refuses production without a JWT secret", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/JWT_SECRET/);
  });
});
