import { mkdtempSync, readFileSync, statSync, chmodSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const freshDataDir = () => mkdtempSync(join(tmpdir(), "turash-config-"));

describe("loadConfig", () => {
  it("gives working local defaults on an empty environment", () => {
    const config = loadConfig({ DATA_DIR: freshDataDir() });
    expect(config.port).toBe(8080);
    expect(config.neo4j.url).toBe("neo4j://127.0.0.1:7687");
    expect(config.postgres.database).toBe("turash");
    expect(Object.isFrozen(config.neo4j)).toBe(true);
  });

  it("has login and request limits by default, and refuses limits that are not positive whole numbers or a maximum lockout below the first", () => {
    const config = loadConfig({ DATA_DIR: freshDataDir() });
    expect(config.limits.login).toEqual({ maxFailuresPerAccount: 5, maxFailuresPerAddress: 50, windowSeconds: 900, lockoutSeconds: 60, lockoutMaxSeconds: 3600 });
    expect(config.limits.requests).toEqual({ windowSeconds: 60, perApiKey: 600, perOrganization: 1200, perAddress: 1200 });
    expect(config.limits.jsonBodyBytes).toBe(2 * 1024 * 1024);
    expect(config.auth.refreshTtlSeconds).toBe(14 * 86_400);
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: freshDataDir(), RATE_LIMIT_PER_API_KEY: "0", LOGIN_MAX_FAILURES_PER_ACCOUNT: "2.5" });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/RATE_LIMIT_PER_API_KEY/);
    expect(problems).toMatch(/LOGIN_MAX_FAILURES_PER_ACCOUNT/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), LOGIN_LOCKOUT_SECONDS: "600", LOGIN_LOCKOUT_MAX_SECONDS: "60" })).toThrow(
      /LOGIN_LOCKOUT_MAX_SECONDS: must not be below LOGIN_LOCKOUT_SECONDS/,
    );
  });

  it("exposes no api metrics without a token, puts the workers' on loopback ports, and refuses a short token or a port out of range", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).metrics).toEqual({ token: undefined, host: "127.0.0.1", ports: { ingestWorker: 9465, matchingWorker: 9466 } });
    const token = "t".repeat(32);
    expect(loadConfig({ DATA_DIR: freshDataDir(), METRICS_TOKEN: token, MATCHING_WORKER_METRICS_PORT: "0" }).metrics).toMatchObject({ token, ports: { matchingWorker: 0 } });
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 32 characters/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), INGEST_WORKER_METRICS_PORT: "70000" })).toThrow(/INGEST_WORKER_METRICS_PORT/);
  });

  it("bounds imports by default and refuses import bounds that could not work, naming each variable", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).limits.imports).toEqual({ maxBytes: 1024 ** 3, maxLineBytes: 1024 * 1024, refusedRowsStored: 10_000 });
    expect(loadConfig({ DATA_DIR: freshDataDir(), IMPORT_MAX_BYTES: "65536", IMPORT_REFUSED_ROWS_STORED: "100" }).limits.imports).toMatchObject({ maxBytes: 65_536, refusedRowsStored: 100 });
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: freshDataDir(), IMPORT_MAX_BYTES: "10", IMPORT_MAX_LINE_BYTES: "lots", IMPORT_REFUSED_ROWS_STORED: "0" });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^IMPORT_MAX_BYTES: must be at least 1024 bytes/),
      expect.stringMatching(/^IMPORT_MAX_LINE_BYTES: /),
      expect.stringMatching(/^IMPORT_REFUSED_ROWS_STORED: /),
    ]);
  });

  it("allows no cross-origin callers by default, and reads CORS_ORIGINS as a list of exact origins", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).cors.origins).toEqual([]);
    expect(loadConfig({ DATA_DIR: freshDataDir(), CORS_ORIGINS: "https://app.example.com, http://localhost:5173" }).cors.origins).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
    for (const bad of ["app.example.com", "https://app.example.com/", "https://app.example.com/path", "ftp://files.example.com"]) {
      expect(() => loadConfig({ DATA_DIR: freshDataDir(), CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS\.0: must be origins like/);
    }
  });

  it("keeps one copy of each stream by default, and takes 3 or 5 for a NATS cluster but no even or out-of-range count", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).nats.streamReplicas).toBe(1);
    expect(loadConfig({ DATA_DIR: freshDataDir(), NATS_STREAM_REPLICAS: "3" }).nats.streamReplicas).toBe(3);
    for (const bad of ["0", "2", "6", "three"]) {
      expect(() => loadConfig({ DATA_DIR: freshDataDir(), NATS_STREAM_REPLICAS: bad }), bad).toThrow(/NATS_STREAM_REPLICAS/);
    }
  });

  it("reports every invalid variable at once, naming each", () => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: freshDataDir(), PORT: "seventy", NEO4J_URL: "http://x", NATS_STREAM_PREFIX: "lower" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/NEO4J_URL/);
    expect(problems).toMatch(/NATS_STREAM_PREFIX/);
  });

  it("refuses production without each of its secrets, naming every missing one", () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: "production", DATA_DIR: freshDataDir(), ID_SECRET: "x".repeat(40) });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/JWT_SECRET: is required in production/);
    expect(problems).toMatch(/WEBHOOK_SECRET_KEY: is required in production/);
    expect(problems).not.toMatch(/ID_SECRET/);
  });

  it("generates a missing secret once, keeps it readable by its owner only, and reads it back on the next start", () => {
    const dataDir = freshDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, "secrets", "JWT_SECRET");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "secrets")).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, "utf8").trim()).toBe(first.auth.jwtSecret);
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(second.secrets.idSecret).toBe(first.secrets.idSecret);
    // Two data folders, two secrets: nothing is shared through the source.
    expect(loadConfig({ DATA_DIR: freshDataDir() }).auth.jwtSecret).not.toBe(first.auth.jwtSecret);
  });

  it("takes a secret from the environment over its file, and lists former webhook keys after the current one", () => {
    const config = loadConfig({
      DATA_DIR: freshDataDir(),
      JWT_SECRET: "j".repeat(40),
      WEBHOOK_SECRET_KEY: "w".repeat(40),
      WEBHOOK_SECRET_KEY_PREVIOUS: `${"o".repeat(40)}, ${"p".repeat(40)}`,
    });
    expect(config.auth.jwtSecret).toBe("j".repeat(40));
    expect(config.secrets.webhookKeys).toEqual(["w".repeat(40), "o".repeat(40), "p".repeat(40)]);
  });

  it("refuses a secret file others can read, and one too short to be a secret", () => {
    const dataDir = freshDataDir();
    mkdirSync(join(dataDir, "secrets"), { recursive: true });
    writeFileSync(join(dataDir, "secrets", "JWT_SECRET"), "k".repeat(40));
    chmodSync(join(dataDir, "secrets", "JWT_SECRET"), 0o644);
    writeFileSync(join(dataDir, "secrets", "ID_SECRET"), "short", { mode: 0o600 });
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/JWT_SECRET: .* readable by others/);
    expect(problems).toMatch(/ID_SECRET: .* fewer than 32 characters/);
  });

  it("links invitations to http://HOST:PORT by default, sends no mail without SMTP_URL, and refuses a mail URL or public origin that could not work", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir(), PORT: "8081" }).invitations).toEqual({ publicUrl: "http://127.0.0.1:8081", smtpUrl: undefined, mailFrom: "Turash <no-reply@turash.invalid>", ttlSeconds: 7 * 86_400 });
    const configured = loadConfig({ DATA_DIR: freshDataDir(), PUBLIC_URL: "https://turash.example.com", SMTP_URL: "smtps://u:p@mail.example.com:465", INVITATION_TTL_DAYS: "2" });
    expect(configured.invitations).toMatchObject({ publicUrl: "https://turash.example.com", smtpUrl: "smtps://u:p@mail.example.com:465", ttlSeconds: 2 * 86_400 });
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), SMTP_URL: "http://mail.example.com" })).toThrow(/SMTP_URL: must be a URL with scheme smtp or smtps/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), PUBLIC_URL: "https://turash.example.com/app/" })).toThrow(/PUBLIC_URL: must be the origin/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), INVITATION_TTL_DAYS: "0" })).toThrow(/INVITATION_TTL_DAYS/);
    const secrets = { JWT_SECRET: "j".repeat(40), WEBHOOK_SECRET_KEY: "w".repeat(40), ID_SECRET: "i".repeat(40) };
    expect(() => loadConfig({ NODE_ENV: "production", DATA_DIR: freshDataDir(), ...secrets, SMTP_URL: "smtp://mail.example.com" })).toThrow(/PUBLIC_URL: is required in production when SMTP_URL is set/);
  });

  it("keeps 400 days of carbon match inputs by default, and refuses a retention shorter than the longest report period", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).carbon).toEqual({ matchDayRetentionDays: 400 });
    expect(loadConfig({ DATA_DIR: freshDataDir(), CARBON_MATCH_DAYS_RETENTION_DAYS: "730" }).carbon.matchDayRetentionDays).toBe(730);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), CARBON_MATCH_DAYS_RETENTION_DAYS: "30" })).toThrow(/CARBON_MATCH_DAYS_RETENTION_DAYS: must cover the longest report period/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), CARBON_MATCH_DAYS_RETENTION_DAYS: "a year" })).toThrow(/CARBON_MATCH_DAYS_RETENTION_DAYS/);
  });

  it("withholds civic figures dominated by one company above 70 % or two above 85 % by default, and refuses thresholds that could not work", () => {
    expect(loadConfig({ DATA_DIR: freshDataDir() }).civic.dominance).toEqual({ top1Percent: 70, top2Percent: 85 });
    expect(loadConfig({ DATA_DIR: freshDataDir(), CIVIC_DOMINANCE_TOP1_PERCENT: "60", CIVIC_DOMINANCE_TOP2_PERCENT: "80" }).civic.dominance).toEqual({ top1Percent: 60, top2Percent: 80 });
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), CIVIC_DOMINANCE_TOP1_PERCENT: "0" })).toThrow(/CIVIC_DOMINANCE_TOP1_PERCENT: must be above 0/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), CIVIC_DOMINANCE_TOP2_PERCENT: "101" })).toThrow(/CIVIC_DOMINANCE_TOP2_PERCENT: must be at most 100/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), CIVIC_DOMINANCE_TOP1_PERCENT: "half" })).toThrow(/CIVIC_DOMINANCE_TOP1_PERCENT/);
    expect(() => loadConfig({ DATA_DIR: freshDataDir(), CIVIC_DOMINANCE_TOP1_PERCENT: "90", CIVIC_DOMINANCE_TOP2_PERCENT: "80" })).toThrow(/CIVIC_DOMINANCE_TOP2_PERCENT: must not be below CIVIC_DOMINANCE_TOP1_PERCENT/);
  });
});
