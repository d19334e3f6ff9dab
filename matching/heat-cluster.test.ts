import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coalitionValues, splitCluster, type ClusterConsumer, type HeatCluster } from "./heat-cluster.ts";

/** A point `north`, `east` km from a centre in Jutland. */
const at = (north: number, east: number) => ({ lat: 56.0 + north / 111.32, lon: 9.5 + east / (111.32 * Math.cos((56 * Math.PI) / 180)) });
const supplier = { orgId: "dairy", ...at(0, 0), capacityMWh: 40_000, hoursPerYear: 6_000 };
const consumer = (orgId: string, north: number, east: number, over: Partial<ClusterConsumer> = {}): ClusterConsumer => ({ orgId, ...at(north, east), demandMWh: 15_000, valuePerMWh: 45, ...over });

describe("a heat cluster", () => {
  // Two greenhouses side by side 4 km from the dairy: one trunk serves both.
  const twoNeighbours: HeatCluster = { supplier, consumers: [consumer("greenhouse-a", 4, 0), consumer("greenhouse-b", 4, 0.3)] };

  it("is worth more together than its pairs alone when the trunk is shared, so its value is not a sum of edges", () => {
    const { values } = coalitionValues(twoNeighbours);
    const [withA, withB, all] = [values[0b011]!, values[0b101]!, values[0b111]!];
    expect(withA).toBeGreaterThan(0);
    expect(withB).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(withA + withB);
    const split = splitCluster(twoNeighbours);
    expect(split.annualValueEur).toBeCloseTo(all, 6);
    expect(split.pairsAloneEur).toBeCloseTo(withA + withB, 6);
    // Not "half of each edge": the supplier's share exceeds half the pairs' values, and the consumers share the saving.
    expect(split.shares.dairy!).toBeGreaterThan((withA + withB) / 2);
    expect(split.shares["greenhouse-a"]! + split.shares["greenhouse-b"]!).toBeGreaterThan((withA + withB) / 2);
  });

  it("shares a supply too small for everyone: together they cannot get more heat than there is", () => {
    const scarce: HeatCluster = { supplier: { ...supplier, capacityMWh: 10_000 }, consumers: twoNeighbours.consumers };
    const split = splitCluster(scarce);
    expect(split.network.deliveredMWh.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(split.annualValueEur).toBeLessThan(splitCluster(twoNeighbours).annualValueEur);
  });

  it("leaves out a member whose line costs more than its heat is worth, and gives it nothing", () => {
    const far: HeatCluster = { supplier, consumers: [consumer("greenhouse-a", 4, 0), consumer("remote-pool", 60, 40, { demandMWh: 300, valuePerMWh: 20 })] };
    const split = splitCluster(far);
    expect(split.network.connected).toEqual([0]);
    expect(split.shares["remote-pool"]).toBeCloseTo(0, 6);
  });

  const clusters = fc
    .record({
      capacity: fc.integer({ min: 1_000, max: 60_000 }),
      consumers: fc.array(fc.record({ north: fc.double({ min: -8, max: 8, noNaN: true }), east: fc.double({ min: -8, max: 8, noNaN: true }), demand: fc.integer({ min: 0, max: 20_000 }), value: fc.integer({ min: 0, max: 80 }) }), { minLength: 1, maxLength: 5 }),
    })
    .map(({ capacity, consumers }): HeatCluster => ({
      supplier: { ...supplier, capacityMWh: capacity },
      consumers: consumers.map((c, i) => consumer(`c${i}`, c.north, c.east, { demandMWh: c.demand, valuePerMWh: c.value })),
    }));

  it("splits exactly its value (efficiency), never less than nothing for the whole, and is monotone", () => {
    fc.assert(
      fc.property(clusters, (cluster) => {
        const { values } = coalitionValues(cluster);
        const split = splitCluster(cluster);
        const total = Object.values(split.shares).reduce((a, b) => a + b, 0);
        expect(total).toBeCloseTo(split.annualValueEur, 3);
        for (let c = 0; c < values.length; c++) {
          for (let i = 0; i < cluster.consumers.length + 1; i++) if (c & (1 << i)) expect(values[c]!).toBeGreaterThanOrEqual(values[c & ~(1 << i)]! - 1e-6);
        }
        expect(values[0]).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it("gives identical consumers at the same place equal shares (symmetry)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 8, noNaN: true }), fc.integer({ min: 1_000, max: 15_000 }), (km, demand) => {
        const twins: HeatCluster = { supplier, consumers: [consumer("x", km, 1, { demandMWh: demand }), consumer("y", km, 1, { demandMWh: demand })] };
        const split = splitCluster(twins);
        expect(split.shares.x).toBeCloseTo(split.shares.y!, 6);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a cluster too large to solve exactly", () => {
    const many: HeatCluster = { supplier, consumers: Array.from({ length: 12 }, (_, i) => consumer(`c${i}`, i, 0)) };
    expect(() => coalitionValues(many)).toThrow(/at most 12 members/);
  });
});
