import { describe, expect, it } from "vitest";
import { currentRequestId, isWellFormedRequestId, requestIdFrom, withRequestId } from "./request-context.ts";

describe("request ids", () => {
  it("keeps a well-formed incoming id and replaces anything that could forge a header or log field", () => {
    expect(requestIdFrom("req-42.a:b")).toBe("req-42.a:b");
    for (const bad of ["", "a b", 'x"y', "line\nbreak", "x".repeat(129), undefined, 42, ["a"]]) {
      expect(isWellFormedRequestId(bad)).toBe(false);
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("is the current id inside the work, through awaits, and absent outside", async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await withRequestId("outer", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inner = withRequestId("inner", () => currentRequestId());
      return [currentRequestId(), inner, withRequestId(undefined, () => currentRequestId())];
    });
    expect(seen).toEqual(["outer", "inner", undefined]);
    expect(currentRequestId()).toBeUndefined();
  });
});
