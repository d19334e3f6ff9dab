import { describe, expect, it } from "vitest";
import { isoTime, isoTimeOf } from "./timestamps.ts";

describe("ledger timestamps", () => {
  it("write a Date and a timestamp read as text the same, in UTC", () => {
    expect(isoTime(new Date(Date.UTC(2026, 11, 3, 12, 0, 0)))).toBe("2026-12-03T12:00:00.000Z");
    expect(isoTime("2026-12-03 13:00:00+01")).toBe("2026-12-03T12:00:00.000Z");
    expect(isoTimeOf("2026-12-03T12:00:00Z")).toBe("2026-12-03T12:00:00.000Z");
  });

  it("keep a missing time missing", () => {
    expect(isoTime(null)).toBeNull();
    expect(isoTime(undefined)).toBeNull();
  });
});
