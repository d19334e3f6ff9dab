import { describe, expect, it } from "vitest";
import { outcomesProjection } from "./outcomes.ts";
import { projectionProblems } from "./projection.ts";

describe("the outcomes projection", () => {
  it("is well-formed", () => {
    expect(projectionProblems([outcomesProjection])).toEqual([]);
  });

  it("names repository functions that exist", async () => {
    for (const read of outcomesProjection.reads) {
      const mod = (await import(`../${read.module}`)) as Record<string, unknown>;
      expect(typeof mod[read.name], `${read.module} ${read.name}`).toBe("function");
    }
  });
});
