import { describe, expect, it } from "vitest";
import { fires, windowOf } from "./alert-rule.ts";

describe("an alert's window", () => {
  it("ends on the evaluated day and counts it", () => {
    expect(windowOf("2026-12-03", 1)).toEqual({ from: "2026-12-03", to: "2026-12-03" });
    expect(windowOf("2026-12-03", 7)).toEqual({ from: "2026-11-27", to: "2026-12-03" });
    expect(windowOf("2026-03-01", 30)).toEqual({ from: "2026-01-31", to: "2026-03-01" });
  });
});

describe("an alert's comparison", () => {
  it("fires strictly beyond the threshold, on its side only", () => {
    expect(fires({ comparison: "above", threshold: 10 }, 10.001)).toBe(true);
    expect(fires({ comparison: "above", threshold: 10 }, 10)).toBe(false);
    expect(fires({ comparison: "above", threshold: 10 }, 3)).toBe(false);
    expect(fires({ comparison: "below", threshold: 10 }, 9.5)).toBe(true);
    expect(fires({ comparison: "below", threshold: 10 }, 10)).toBe(false);
    expect(fires({ comparison: "below", threshold: 0 }, 0)).toBe(false);
  });
});
