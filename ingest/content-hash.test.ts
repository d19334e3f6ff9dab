import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash, stableStringify } from "./content-hash.ts";

describe("contentHash", () => {
  it("ignores key order and undefined members", () => {
    expect(contentHash({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(contentHash({ b: { d: [1, 2], c: 2 }, a: 1, e: undefined }));
  });

  it("changes when any value changes", () => {
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
  });

  it("stable JSON parses back to the same value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(stableStringify(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
