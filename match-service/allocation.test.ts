import { describe, expect, it } from "vitest";
import { allocate, type AllocationProblem } from "../matching/allocation.ts";
import { lruAllocationMemo } from "./allocation.ts";

/** One supply two needs want: a component HiGHS solves (a lone match is never kept). */
const contested = (capacity: number): AllocationProblem => ({
  supplies: new Map([["heat", capacity]]),
  demands: new Map([["greenhouse", 10_000], ["pool", 10_000]]),
  edges: [
    { id: "to-greenhouse", supplyId: "heat", demandId: "greenhouse", suppliedQuantity: 10_000, deliveredQuantity: 10_000, annualValueEur: 400_000 },
    { id: "to-pool", supplyId: "heat", demandId: "pool", suppliedQuantity: 10_000, deliveredQuantity: 10_000, annualValueEur: 250_000 },
  ],
});

describe("the process's memo of solved rings", () => {
  it("answers a repeated ring as it was solved, and a ring with another capacity with that capacity's shares", async () => {
    const memo = lruAllocationMemo();
    const first = await allocate(contested(13_100), { memo });
    const again = await allocate(contested(13_100), { memo });
    expect(again.edges).toEqual(first.edges);
    expect(memo.size).toBe(1);
    const larger = await allocate(contested(25_000), { memo });
    expect(larger.edges.get("to-pool")!.shareOfWish).toBeCloseTo(1, 9);
    expect(first.edges.get("to-pool")!.shareOfWish).toBeCloseTo(0.31, 6);
    expect(memo.size).toBe(2);
  });

  it("keeps at most its size, dropping the ring read least recently", () => {
    const memo = lruAllocationMemo(2);
    const shares = (x: number) => ({ taken: new Map([["m", x]]), greedy: false });
    memo.set("a", shares(1));
    memo.set("b", shares(2));
    expect(memo.get("a")?.taken.get("m")).toBe(1); // "a" is now the most recent
    memo.set("c", shares(3));
    expect(memo.size).toBe(2);
    expect(memo.get("b")).toBeUndefined();
    expect(memo.get("a")?.taken.get("m")).toBe(1);
    expect(memo.get("c")?.taken.get("m")).toBe(3);
  });
});
