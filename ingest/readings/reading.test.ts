import { describe, expect, it } from "vitest";
import { ReadingMessageSchema, readingPeriod } from "./reading.ts";

const base = { flowId: "flow-1", at: "2026-11-01T00:00:00Z", value: 12.5, unit: "MWh" };
const issues = (input: unknown) => {
  const parsed = ReadingMessageSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("a reading message", () => {
  it("has a period: periodSeconds ending at `at`, or periodStart–periodEnd", () => {
    expect(issues({ ...base, periodSeconds: 3600 })).toEqual([]);
    expect(readingPeriod({ ...base, periodSeconds: 3600 })).toEqual({ start: Date.parse(base.at) - 3_600_000, end: Date.parse(base.at) });
    const explicit = { ...base, periodStart: "2026-10-01T00:00:00+02:00", periodEnd: "2026-11-01T00:00:00Z" };
    expect(issues(explicit)).toEqual([]);
    expect(readingPeriod(explicit)).toEqual({ start: Date.parse("2026-09-30T22:00:00Z"), end: Date.parse("2026-11-01T00:00:00Z") });
  });

  it("names the field at fault", () => {
    expect(issues(base)).toEqual(["periodSeconds: give periodSeconds, or periodStart and periodEnd"]);
    expect(issues({ ...base, periodSeconds: 60, periodEnd: base.at })).toEqual(["periodSeconds: give periodSeconds or periodStart/periodEnd, not both"]);
    expect(issues({ ...base, periodEnd: base.at })).toEqual(["periodStart: is required with periodEnd"]);
    expect(issues({ ...base, periodStart: base.at, periodEnd: base.at })).toEqual(["periodEnd: must be after periodStart"]);
    expect(issues({ ...base, periodSeconds: 60, value: -1 })).toEqual(["value: must be ≥ 0"]);
    expect(issues({ ...base, periodSeconds: 60, unit: "furlongs" })[0]).toMatch(/^unit: must be an amount/);
    expect(issues({ ...base, periodSeconds: 60, at: "yesterday" })[0]).toMatch(/^at: /);
  });
});
