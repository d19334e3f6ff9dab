import { describe, expect, it } from "vitest";
import type { FactorOverride } from "./factors.ts";
import { overridesInForce, type OverrideChange } from "./override-history.ts";

const set = (at: string, value: number): OverrideChange => {
  const override: FactorOverride = { orgId: "org", factorId: "displaced:heat", value, source: "metered", year: 2025, updatedBy: "u", updatedAt: at };
  return { orgId: "org", factorId: "displaced:heat", at, override };
};
const removed = (at: string): OverrideChange => ({ orgId: "org", factorId: "displaced:heat", at, override: null });

describe("overrides in force", () => {
  const at = overridesInForce([set("2026-12-05T10:00:00.000Z", 0.3), removed("2026-12-07T08:00:00.000Z"), set("2026-12-06T09:00:00.000Z", 0.15)]);
  const value = (instant: string) => at(instant).overridesOf("org").get("displaced:heat")?.value;

  it("gives each instant the value set last before it, whatever order the changes came in", () => {
    expect(value("2026-12-04T23:59:59.999Z")).toBeUndefined();
    expect(value("2026-12-05T23:59:59.999Z")).toBe(0.3);
    expect(value("2026-12-06T23:59:59.999Z")).toBe(0.15);
    expect(value("2026-12-07T23:59:59.999Z")).toBeUndefined();
  });

  it("counts a change from its own instant on, and never lends one organization's value to another", () => {
    expect(value("2026-12-05T10:00:00.000Z")).toBe(0.3);
    expect(at("2026-12-05T12:00:00.000Z").overridesOf("other").size).toBe(0);
    expect(at("2026-12-05T12:00:00.000Z").changes).toBe(1);
  });
});
