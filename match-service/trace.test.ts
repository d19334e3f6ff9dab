import { describe, expect, it } from "vitest";
import { emptyTrace, traced } from "./trace.ts";

describe("the compute trace", () => {
  it("sets the stage to the time its work took and gives back the work's result", async () => {
    const trace = emptyTrace();
    const out = await traced(trace, "persistMs", () => new Promise<string>((resolve) => setTimeout(() => resolve("done"), 20)));
    expect(out).toBe("done");
    expect(trace.persistMs).toBeGreaterThanOrEqual(15);
    expect({ ...trace, persistMs: 0 }).toEqual(emptyTrace());
  });

  it("replaces the stage's figure rather than adding to it, and times synchronous work too", async () => {
    const trace = { ...emptyTrace(), scoreMs: 1_000 };
    expect(await traced(trace, "scoreMs", () => 42)).toBe(42);
    expect(trace.scoreMs).toBeLessThan(1_000);
  });

  it("leaves the stage as it was when the work fails", async () => {
    const trace = { ...emptyTrace(), contextMs: 7 };
    await expect(traced(trace, "contextMs", () => Promise.reject(new Error("neo4j away")))).rejects.toThrow("neo4j away");
    expect(trace.contextMs).toBe(7);
  });
});
