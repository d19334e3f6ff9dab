/**
 * The environment integration tests run in: their own PostgreSQL database, their own
 * Neo4j instance (its own port and data folder), a Redis key prefix and a NATS stream
 * prefix — so a test run can never harm what `npm start` stored. Each default can be
 * overridden with the TEST_ variable of the same name.
 */
const from = (name: string, fallback: string) => process.env[`TEST_${name}`] ?? fallback;

export const TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  NODE_ENV: "test",
  LOG_LEVEL: from("LOG_LEVEL", "warn"),
  DATA_DIR: from("DATA_DIR", ".data"),
  DATABASE_URL: from("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/turash_test"),
  NEO4J_URL: from("NEO4J_URL", "neo4j://127.0.0.1:7688"),
  NEO4J_HEAP: from("NEO4J_HEAP", "768m"),
  NEO4J_PAGECACHE: from("NEO4J_PAGECACHE", "256m"),
  REDIS_URL: from("REDIS_URL", "redis://127.0.0.1:6379"),
  REDIS_PREFIX: from("REDIS_PREFIX", "turash-test:"),
  NATS_URL: from("NATS_URL", "nats://127.0.0.1:4222"),
  NATS_STREAM_PREFIX: from("NATS_STREAM_PREFIX", "TURASH_TEST"),
  JWT_SECRET: "turash-test-secret-turash-test-secret-0123456789",
  WEBHOOK_SECRET_KEY: "turash-test-webhook-key-turash-test-webhook-key",
  ID_SECRET: "turash-test-id-secret-turash-test-id-secret-0123",
  // Every suite logs in and calls from 127.0.0.1: budgets no suite reaches, so limits never
  // make an unrelated test flaky. Tests of the limits set low ones (testConfig overrides).
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000",
  LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
  RATE_LIMIT_PER_API_KEY: "10000000",
  RATE_LIMIT_PER_ORGANIZATION: "10000000",
  RATE_LIMIT_PER_ADDRESS: "10000000",
  // Workers started as processes (test/imports/worker-crash.test.ts) take any free metrics
  // port: two at once, or a developer's own workers on the defaults, must not collide.
  INGEST_WORKER_METRICS_PORT: "0",
  MATCHING_WORKER_METRICS_PORT: "0",
});
