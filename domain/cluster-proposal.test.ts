import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clusterStatusOf, isClosedClusterStatus } from "./cluster-proposal.ts";

describe("clusterStatusOf", () => {
  it("is accepted only when every member accepted", () => {
    expect(clusterStatusOf(["accepted", null, null])).toBe("open");
    expect(clusterStatusOf(["accepted", "accepted", null])).toBe("open");
    expect(clusterStatusOf(["accepted", "accepted", "accepted"])).toBe("accepted");
    expect(clusterStatusOf([])).toBe("open");
  });

  it("is rejected as soon as one member rejects, whatever the others did", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("accepted" as const, "rejected" as const, null), { minLength: 1, maxLength: 12 }), (ds) => {
        const s = clusterStatusOf(ds);
        expect(s === "rejected").toBe(ds.includes("rejected"));
        expect(s === "accepted").toBe(ds.every((d) => d === "accepted"));
      }),
    );
  });

  it("open is the only status a decision may change", () => {
    expect(isClosedClusterStatus("open")).toBe(false);
    for (const s of ["accepted", "rejected", "withdrawn"] as const) expect(isClosedClusterStatus(s)).toBe(true);
  });
});
