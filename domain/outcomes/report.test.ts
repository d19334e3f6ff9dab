import { describe, expect, it } from "vitest";
import { outcomesReport } from "./report.ts";
import { aMatch, hoursLater } from "./test-facts.ts";

describe("outcomesReport", () => {
  it("puts the figures of one set of suggestions together", () => {
    const facts = [
      aMatch({ demandFlowId: "n1", score: 0.9, interested: 2, reached: { negotiating: hoursLater(10), contracted: hoursLater(100), live: hoursLater(1000) } }),
      aMatch({ demandFlowId: "n1", score: 0.4, route: "facilitator", rejected: true }),
      aMatch({ demandFlowId: "n2", score: 0.6, region: "DK02", interested: 2, reached: { negotiating: hoursLater(20) }, endings: [{ state: "failed", code: "regulatory", after: "negotiating" }] }),
    ];
    const r = outcomesReport(facts, 1);
    expect(r.k).toBe(1);
    expect(r.needs).toBe(2);
    expect(r.precisionAtK).toEqual([
      { stage: "negotiating", precision: 1 },
      { stage: "contracted", precision: 0.5 },
      { stage: "live", precision: 0.5 },
    ]);
    expect(r.funnel).toMatchObject({ suggested: 3, negotiating: 2, live: 1, failed: 1 });
    expect(r.byRegion.map((g) => g.key)).toEqual(["DK01", "DK02"]);
    expect(r.byRoute.map((g) => [g.key, g.suggested])).toEqual([["auto", 2], ["facilitator", 1]]);
    expect(r.failureReasons.find((x) => x.code === "regulatory")?.failed).toBe(1);
    expect(r.durations.find((d) => d.stage === "negotiating")).toMatchObject({ count: 2, medianHours: 10, p90Hours: 20 });
  });
});
