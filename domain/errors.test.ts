import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_CATALOGUE, ERROR_CODES, errors, isTurashError, problemType, toProblem, TurashError } from "./errors.ts";
import { fromZodError, parseOrThrow, ROOT_FIELD } from "./validation.ts";

describe("the error catalogue", () => {
  it("gives every code a 4xx/5xx status, a title and a kebab-case problem type", () => {
    for (const code of ERROR_CODES) {
      const { status, title } = ERROR_CATALOGUE[code];
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(title.length).toBeGreaterThan(0);
      expect(problemType(code)).toMatch(/^https:\/\/turash\.dev\/problems\/[a-z]+(-[a-z]+)*$/);
    }
  });

  it("keeps the statuses API clients rely on", () => {
    const expected = {
      VALIDATION_FAILED: 400,
      UNKNOWN_UNIT: 400,
      UNIT_MISMATCH: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      VERSION_CONFLICT: 409,
      ILLEGAL_TRANSITION: 409,
      PRECONDITION_FAILED: 412,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      SERVICE_UNAVAILABLE: 503,
    } as const;
    for (const [code, status] of Object.entries(expected))
      expect(ERROR_CATALOGUE[code as keyof typeof expected].status).toBe(status);
  });
});

describe("a client sends a stale version", () => {
  const err = errors.versionConflict("ResourceFlow", "F-1", 3, 4);

  it("gets a TurashError with a stable code, not a message to parse", () => {
    expect(err).toBeInstanceOf(TurashError);
    expect(err).toBeInstanceOf(Error);
    expect(isTurashError(err, "VERSION_CONFLICT")).toBe(true);
    expect(isTurashError(err, "NOT_FOUND")).toBe(false);
  });

  it("rendered as RFC 9457 problem+json with extension members", () => {
    expect(toProblem(err, "/flows/F-1")).toEqual({
      type: "https://turash.dev/problems/version-conflict",
      title: "Version conflict",
      status: 409,
      detail: 'ResourceFlow "F-1" is at version 4, not 3.',
      instance: "/flows/F-1",
      code: "VERSION_CONFLICT",
      field: "version",
      kind: "ResourceFlow",
      id: "F-1",
      expectedVersion: 3,
      actualVersion: 4,
    });
  });
});

describe("anything unexpected", () => {
  it("becomes INTERNAL without leaking its message", () => {
    const problem = toProblem(new Error("password authentication failed for user postgres"));
    expect(problem.code).toBe("INTERNAL");
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toMatch(/password/);
  });

  it("and extensions can never overwrite the standard members", () => {
    const err = new TurashError("NOT_FOUND", "x", { extensions: { status: 200, code: "OK" } });
    expect(toProblem(err)).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});

describe("rate limiting and illegal transitions carry what the client needs to act", () => {
  it("retryAfterSeconds", () => {
    expect(toProblem(errors.rateLimited(30))).toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });
  it("allowed transitions", () => {
    expect(toProblem(errors.illegalTransition("deal", "live", "reserved", ["failed", "cancelled"]))).toMatchObject({
      status: 409,
      code: "ILLEGAL_TRANSITION",
      allowed: ["failed", "cancelled"],
    });
  });
});

describe("a zod failure", () => {
  const Schema = z.object({
    quantity: z.object({ value: z.number().positive(), unit: z.string() }),
    months: z.array(z.int().max(12)),
  });

  it("becomes one VALIDATION_FAILED naming every field by dotted path", () => {
    const result = Schema.safeParse({ quantity: { value: -1 }, months: [1, 13] });
    expect(result.success).toBe(false);
    const err = fromZodError(result.error!);
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.field).sort()).toEqual(["months.1", "quantity.unit", "quantity.value"]);
    expect(toProblem(err).errors).toHaveLength(3);
  });

  it("can be prefixed (query, a CSV row) and names the root when the whole input is wrong", () => {
    expect(fromZodError(Schema.safeParse(null).error!).errors?.[0]?.field).toBe(ROOT_FIELD);
    expect(() => parseOrThrow(Schema, { months: [] }, "body")).toThrowError(TurashError);
    try {
      parseOrThrow(Schema, { months: [] }, "body");
    } catch (e) {
      expect((e as TurashError).errors?.[0]?.field).toBe("body.quantity");
    }
  });

  it("parseOrThrow returns typed data when valid", () => {
    expect(parseOrThrow(Schema, { quantity: { value: 1, unit: "t/yr" }, months: [1] }).quantity.unit).toBe("t/yr");
  });
});
