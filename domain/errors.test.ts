import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_CATALOGUE, ERROR_CODES, errors, isTurashError, problemType, relocated, toProblem, TurashError } from "./errors.ts";
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

describe("the factories that replace hand-built errors render exactly what clients saw before", () => {
  const without = (p: object) => {
    const { type: _t, title: _ti, ...rest } = p as Record<string, unknown>;
    return rest;
  };

  it("a 403 may name the field that asked for it", () => {
    expect(toProblem(errors.forbidden("You may only register sites of your own organizations.", { field: "body.businessId" }))).toEqual({
      type: "https://turash.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      detail: "You may only register sites of your own organizations.",
      code: "FORBIDDEN",
      field: "body.businessId",
    });
    expect(toProblem(errors.forbidden())).not.toHaveProperty("field");
    expect(toProblem(errors.forbidden("no", {}))).not.toHaveProperty("field");
  });

  it("no route, and a reference to a record that does not exist", () => {
    expect(without(toProblem(errors.noRoute("GET", "/nowhere")))).toEqual({ status: 404, code: "NOT_FOUND", detail: "No route for GET /nowhere." });
    expect(without(toProblem(errors.missingReference("match", "M-1", "body.matchId")))).toEqual({
      status: 404,
      code: "NOT_FOUND",
      detail: 'match "M-1" does not exist',
      field: "body.matchId",
    });
  });

  it("an id of another organization never says whose", () => {
    expect(without(toProblem(errors.idOfAnotherOrganization("flow", "flowId")))).toEqual({
      status: 409,
      code: "ALREADY_EXISTS",
      detail: "flow id belongs to another organization",
      field: "flowId",
    });
  });

  it("deal steps before acceptance and repeated consent", () => {
    expect(JSON.stringify(toProblem(errors.dealNotOpen("proposed", "none", "reserved")))).toBe(
      JSON.stringify({
        machine: "deal",
        from: "none",
        to: "reserved",
        allowed: [],
        type: "https://turash.dev/problems/illegal-transition",
        title: "Illegal state transition",
        status: 409,
        detail: "The proposal is proposed; its deal moves only after it is accepted.",
        code: "ILLEGAL_TRANSITION",
        field: "to",
      }),
    );
    expect(without(toProblem(errors.consentAlreadyGiven(["B-1", "B-2"])))).toEqual({
      status: 409,
      code: "CONSENT_ALREADY_GIVEN",
      detail: "B-1, B-2 already consented to contract; waiting for the other party.",
      field: "to",
    });
  });

  it("claims held by another facilitator carry who holds them, in a stable member order", () => {
    const claimed = toProblem(errors.alreadyClaimed("M-1", { facilitatorId: "u-2", claimedAt: "2026-01-01T00:00:00.000Z" }));
    expect(Object.keys(claimed).slice(0, 3)).toEqual(["matchId", "facilitatorId", "claimedAt"]);
    expect(claimed).toMatchObject({ status: 409, code: "ALREADY_CLAIMED", detail: 'Match "M-1" is claimed by another facilitator since 2026-01-01T00:00:00.000Z.' });
    const held = toProblem(errors.claimHeldByAnother("M-1", "u-2"));
    expect(without(held)).toEqual({
      matchId: "M-1",
      facilitatorId: "u-2",
      status: 409,
      code: "ALREADY_CLAIMED",
      detail: 'Match "M-1" is held by another facilitator; only they or an admin may release it.',
    });
  });

  it("a value the database refuses keeps the driver's error as its cause", () => {
    const cause = Object.assign(new Error("invalid byte sequence"), { code: "22021" });
    const err = errors.storeRefused(cause);
    expect(err.cause).toBe(cause);
    expect(toProblem(err)).toMatchObject({ status: 422, code: "STORE_REFUSED" });
    expect(JSON.stringify(toProblem(err))).not.toMatch(/byte sequence/);
  });
});

describe("an error relocated to where it sits in the request", () => {
  const original = errors.notFound("ResourceFlow", "F-1");

  it("keeps code, detail and extensions, takes exactly the new location, and is caused by the original", () => {
    const moved = relocated(original, { field: "body.flowId" });
    expect(toProblem(moved)).toEqual({ ...toProblem(original), field: "body.flowId" });
    expect(moved.cause).toBe(original);
    const located = relocated(errors.unknownUnit("quantity.unit", "x", ["t/yr"]), { errors: [{ field: "body.quantity.unit", message: "m" }] });
    expect(located.field).toBeUndefined();
    expect(located.errors).toEqual([{ field: "body.quantity.unit", message: "m" }]);
  });
});

describe("the TurashError constructor outside the catalogue", () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const lint = async (filePath: string) => {
    const [result] = await new ESLint({ cwd: root }).lintText('import { TurashError } from "../domain/errors.ts";\nexport const e = new TurashError("NOT_FOUND", "x");\n', { filePath: `${root}${filePath}` });
    return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax");
  };

  it("fails the lint anywhere but the catalogue", async () => {
    expect(await lint("api/some-route.ts")).toHaveLength(1);
    expect(await lint("ingest/some-stage.ts")).toHaveLength(1);
    expect(await lint("domain/errors.ts")).toHaveLength(0);
  }, 30_000);
});
