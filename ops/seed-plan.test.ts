import { describe, expect, it } from "vitest";
import { seedPlan } from "./seed-plan.ts";

const zero = { businesses: 0, sites: 0, flows: 0 };

describe("seedPlan", () => {
  it("goes ahead into an empty graph, saying what it adds", () => {
    const plan = seedPlan(zero, { businesses: 4, sites: 5, flows: 17 }, zero, false);
    expect(plan.proceed).toBe(true);
    expect(plan.lines).toEqual(["the graph is empty: adds 4 businesses, 5 sites, 17 flows"]);
  });

  it("refuses a non-empty graph without --force, naming what it would add and rewrite", () => {
    const plan = seedPlan({ businesses: 4, sites: 5, flows: 17 }, { businesses: 9, sites: 10, flows: 31 }, { businesses: 4, sites: 5, flows: 17 }, false);
    expect(plan.proceed).toBe(false);
    expect(plan.lines.join("\n")).toMatch(/adds 5 businesses, 5 sites, 14 flows/);
    expect(plan.lines.join("\n")).toMatch(/rewrites 4 businesses, 5 sites, 17 flows/);
    expect(plan.lines.at(-1)).toMatch(/--force/);
  });

  it("goes ahead with --force, still saying what it changes", () => {
    const plan = seedPlan({ businesses: 1, sites: 1, flows: 1 }, { businesses: 1, sites: 1, flows: 1 }, zero, true);
    expect(plan.proceed).toBe(true);
    expect(plan.lines.join("\n")).toMatch(/adds 1 businesses, 1 sites, 1 flows/);
  });
});
