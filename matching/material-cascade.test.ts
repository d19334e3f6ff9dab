import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chainShares } from "./chains.ts";
import { cascadeValues, planOf, splitCascade, type CascadeConsumer, type MaterialCascade } from "./material-cascade.ts";

// A distillery's 30,000 t/yr of wet stillage (disposal €5/t), a dryer that turns it into
// distillers' dried grains at 0.3 t per t, and two feed mills paying €180/t for the product.
const supplier = { orgId: "distillery", quantity: 30_000, disposalCostPerUnit: 5 };
const processor = { orgId: "dryer", capacity: 30_000, yieldPerUnit: 0.3, costPerUnit: 25, transportPerUnit: 3, fixedCostPerYear: 150_000 };
const mill = (orgId: string, over: Partial<CascadeConsumer> = {}): CascadeConsumer => ({ orgId, productDemand: 4_000, productValuePerUnit: 180, productTransportPerUnit: 10, ...over });
const cascade: MaterialCascade = { supplier, processor, consumers: [mill("mill-a"), mill("mill-b")] };

describe("a material cascade", () => {
  it("creates value only when supplier, processor and a buyer all take part", () => {
    const v = cascadeValues(cascade);
    expect(v[0b0001]).toBe(0); // the distillery alone still disposes
    expect(v[0b0011]).toBe(0); // no buyer for the dried grains
    expect(v[0b0101]).toBe(0); // the mill cannot use wet stillage
    expect(v[0b0111]!).toBeGreaterThan(0);
    // Per processed tonne: 5 disposal − 3 − 25 + 0.3·(180 − 10) = 28 €; 4,000/0.3 t for one mill.
    expect(v[0b0111]!).toBeCloseTo((4_000 / 0.3) * 28 - 150_000, 6);
  });

  it("is not a sum of edges: the processor's fixed cost is carried once for both mills", () => {
    const v = cascadeValues(cascade);
    expect(v[0b1111]!).toBeGreaterThan(v[0b0111]! + v[0b1011]!);
    const split = splitCascade(cascade);
    expect(split.annualValueEur).toBeCloseTo(v[0b1111]!, 6);
    expect(split.withoutProcessorEur).toBe(0);
    // The mills' demand binds: 8,000 t of product from 26,667 t of stillage.
    expect(split.plan.processed).toBeCloseTo(8_000 / 0.3, 6);
    expect(split.plan.product).toEqual([4_000, 4_000]);
  });

  it("pays each of three indispensable parties a third, where an edge model pays the middle half", () => {
    const three: MaterialCascade = { supplier, processor, consumers: [mill("mill-a")] };
    const split = splitCascade(three);
    for (const org of ["distillery", "dryer", "mill-a"]) expect(split.shares[org]!).toBeCloseTo(split.annualValueEur / 3, 6);
    // chains.ts values a chain as the sum of its edges, so its middle party gets half of each edge.
    const edges = [
      { supplyOrgId: "distillery", demandOrgId: "dryer", supplyFlowId: "s", demandFlowId: "d", annualValueEur: split.annualValueEur / 2 },
      { supplyOrgId: "dryer", demandOrgId: "mill-a", supplyFlowId: "s2", demandFlowId: "d2", annualValueEur: split.annualValueEur / 2 },
    ];
    expect(chainShares(["distillery", "dryer", "mill-a"], edges).dryer).toBeCloseTo(split.annualValueEur / 2, 6);
  });

  it("splits by exact Shapley values: the shares sum to the value, the two mills alike get alike", () => {
    const split = splitCascade(cascade);
    const total = Object.values(split.shares).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(split.annualValueEur, 4);
    expect(split.shares["mill-a"]!).toBeCloseTo(split.shares["mill-b"]!, 6);
    // The supplier and the processor are both indispensable: each gets at least a mill's share.
    expect(split.shares.distillery!).toBeGreaterThanOrEqual(split.shares["mill-a"]!);
    expect(split.shares.dryer!).toBeGreaterThanOrEqual(split.shares["mill-a"]!);
  });

  it("uses the raw route without the processor, and gives a processor who adds nothing nothing", () => {
    // A farm takes the wet stillage directly (€8/t as feed, €4/t haulage); the dryer costs more than it brings.
    const farm: CascadeConsumer = { orgId: "farm", productDemand: 0, productValuePerUnit: 0, productTransportPerUnit: 0, rawDemand: 20_000, rawValuePerUnit: 8, rawTransportPerUnit: 4 };
    const costly: MaterialCascade = { supplier, processor: { ...processor, fixedCostPerYear: 10_000_000 }, consumers: [farm, mill("mill-a")] };
    const split = splitCascade(costly);
    expect(split.plan.processed).toBe(0);
    expect(split.plan.raw[0]).toBeCloseTo(20_000, 6);
    expect(split.annualValueEur).toBeCloseTo(20_000 * (5 + 8 - 4), 6);
    expect(split.shares.farm! + split.shares.distillery!).toBeCloseTo(split.annualValueEur, 6);
    expect(split.withoutProcessorEur).toBeCloseTo(split.annualValueEur, 6);
    expect(split.shares.dryer).toBeCloseTo(0, 6);
    expect(split.shares["mill-a"]).toBeCloseTo(0, 6);
  });

  it("property: v is monotone, v(∅) = 0, shares are efficient and never negative", () => {
    const consumerArb = fc.record({
      orgId: fc.constant("c"),
      productDemand: fc.double({ min: 0, max: 10_000, noNaN: true }),
      productValuePerUnit: fc.double({ min: 0, max: 300, noNaN: true }),
      productTransportPerUnit: fc.double({ min: 0, max: 50, noNaN: true }),
      rawDemand: fc.double({ min: 0, max: 10_000, noNaN: true }),
      rawValuePerUnit: fc.double({ min: 0, max: 50, noNaN: true }),
      rawTransportPerUnit: fc.double({ min: 0, max: 20, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(consumerArb, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 50_000, noNaN: true }),
        fc.double({ min: 0, max: 2_000_000, noNaN: true }),
        (consumers, quantity, fixed) => {
          const game: MaterialCascade = { supplier: { ...supplier, quantity }, processor: { ...processor, fixedCostPerYear: fixed }, consumers: consumers.map((c, i) => ({ ...c, orgId: `c${i}` })) };
          const v = cascadeValues(game);
          expect(v[0]).toBe(0);
          for (let c = 0; c < v.length; c++) for (let bit = 1; bit < v.length; bit <<= 1) if ((c & bit) === 0) expect(v[c | bit]!).toBeGreaterThanOrEqual(v[c]! - 1e-6);
          const split = splitCascade(game);
          const shares = Object.values(split.shares);
          expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(split.annualValueEur, 3);
          for (const s of shares) expect(s).toBeGreaterThanOrEqual(-1e-6);
          // The plan respects the supply and the processor's capacity.
          const all = v.length - 1;
          const plan = planOf(game, all);
          expect(plan.processed + plan.raw.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(quantity + 1e-6);
          expect(plan.processed).toBeLessThanOrEqual(game.processor.capacity + 1e-6);
        },
      ),
      { numRuns: 80 },
    );
  });
});
