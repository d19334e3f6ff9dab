import { describe, expect, it } from "vitest";
import { DEAL_REASON_CODES } from "../schemas/deal.ts";
import { failureReasons } from "./failure-reasons.ts";
import { aMatch } from "./test-facts.ts";

describe("failureReasons", () => {
  it("counts every ending by code and kind, and lists every code of the catalogue", () => {
    const reasons = failureReasons([
      aMatch({ endings: [{ state: "failed", code: "price", after: "negotiating" }, { state: "cancelled", code: "price", after: "suggested" }] }),
      aMatch({ endings: [{ state: "failed", code: "distance", after: "reserved" }] }),
      aMatch(),
    ]);
    expect(reasons.map((r) => r.code)).toEqual([...DEAL_REASON_CODES]);
    expect(reasons.find((r) => r.code === "price")).toEqual({ code: "price", failed: 1, cancelled: 1 });
    expect(reasons.find((r) => r.code === "distance")).toEqual({ code: "distance", failed: 1, cancelled: 0 });
    expect(reasons.filter((r) => r.failed + r.cancelled === 0)).toHaveLength(DEAL_REASON_CODES.length - 2);
  });
});
