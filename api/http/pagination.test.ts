import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeScoreCursor, encodeCursor, encodeScoreCursor } from "./pagination.ts";

describe("score cursors", () => {
  it("give back the score and id they were made from", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), (score, id) => {
        // JSON has no -0: it comes back as 0, which orders the same.
        expect(decodeScoreCursor(encodeScoreCursor({ score, id }))).toEqual({ score: Object.is(score, -0) ? 0 : score, id });
      }),
    );
    expect(decodeScoreCursor(undefined)).toBeNull();
  });

  it("refuse a cursor this API did not issue as a validation error on query.cursor", () => {
    for (const bad of ["%%%", encodeCursor("not json"), encodeCursor('["id", 0.5]'), encodeCursor("[0.5]"), encodeCursor('{"score":1}')]) {
      expect(() => decodeScoreCursor(bad)).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED", errors: [{ field: "query.cursor", message: "is not a cursor this API issued" }] }));
    }
  });
});
