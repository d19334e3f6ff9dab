import { describe, expect, it } from "vitest";
import { isRetriable, redact, serviceOf, ServiceUnavailableError } from "./infra-errors.ts";

describe("isRetriable", () => {
  it("retries dropped connections and transient database states", () => {
    expect(isRetriable(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isRetriable({ code: "40001" })).toBe(true); // serialization failure
    expect(isRetriable({ code: "57P01" })).toBe(true); // admin shutdown
    expect(isRetriable({ code: "ServiceUnavailable" })).toBe(true);
    expect(isRetriable({ code: "Neo.TransientError.Transaction.DeadlockDetected" })).toBe(true);
    expect(isRetriable({ code: "TIMEOUT" })).toBe(true);
  });

  it("does not retry errors that will fail the same way again", () => {
    expect(isRetriable({ code: "23505" })).toBe(false); // unique violation
    expect(isRetriable({ code: "42P01" })).toBe(false); // undefined table
    expect(isRetriable({ code: "Neo.ClientError.Statement.SyntaxError" })).toBe(false);
    expect(isRetriable(new Error("bad"))).toBe(false);
    expect(isRetriable(undefined)).toBe(false);
  });

  it("retries a PostgreSQL connection lost under a query (node-postgres gives it no code; knex prefixes the SQL)", () => {
    expect(isRetriable(new Error("select pg_sleep(5) - Connection terminated unexpectedly"))).toBe(true);
    expect(isRetriable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isRetriable(new Error("insert into x - Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isRetriable(Object.assign(new Error("Knex: Timeout acquiring a connection. The pool is probably full."), { name: "KnexTimeoutError" }))).toBe(true);
    // The words alone inside other text are not a lost connection.
    expect(isRetriable(new Error("Connection terminated unexpectedly? no: a value said so"))).toBe(false);
    expect(serviceOf(new Error("select 1 - Connection terminated unexpectedly"))).toBe("postgres");
  });

  it("follows the cause chain", () => {
    expect(isRetriable(new Error("wrapped", { cause: { code: "ECONNRESET" } }))).toBe(true);
  });
});

describe("ServiceUnavailableError", () => {
  it("is one line naming the service and how to start it, without the password", () => {
    const error = new ServiceUnavailableError("postgres", "postgres://u:secret@127.0.0.1:5432/x", "connection refused");
    expect(error.message).not.toContain("\n");
    expect(error.message).toContain("postgres is not reachable");
    expect(error.message).toContain("npm run services");
    expect(error.message).not.toContain("secret");
    expect(isRetriable(error)).toBe(true);
  });

  it("redacts only the password", () => {
    expect(redact("redis://:pw@localhost:6379")).toBe("redis://:***@localhost:6379");
  });
});

describe("serviceOf", () => {
  it("names the store an error came from by the error's shape, through causes", () => {
    expect(serviceOf(new ServiceUnavailableError("redis", "redis://127.0.0.1:6379", "down"))).toBe("redis");
    expect(serviceOf({ name: "Neo4jError", code: "ServiceUnavailable" })).toBe("neo4j");
    expect(serviceOf({ code: "Neo.TransientError.General.DatabaseUnavailable" })).toBe("neo4j");
    expect(serviceOf({ name: "NatsError", code: "TIMEOUT" })).toBe("nats");
    expect(serviceOf({ name: "KnexTimeoutError" })).toBe("postgres");
    expect(serviceOf({ code: "57P01", severity: "FATAL" })).toBe("postgres");
    expect(serviceOf(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe("redis");
    expect(serviceOf(new Error("wrapped", { cause: { name: "NatsError" } }))).toBe("nats");
    expect(serviceOf({ extensions: { service: "postgres" } })).toBe("postgres");
  });

  it("names none when the shape does not tell", () => {
    expect(serviceOf(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(serviceOf({ extensions: { service: "a store" } })).toBeUndefined();
    expect(serviceOf(undefined)).toBeUndefined();
  });
});
