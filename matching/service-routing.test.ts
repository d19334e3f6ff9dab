import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeRouting, routeToFacilitator, type RoutableMatch, type RoutingCandidate } from "./service-routing.ts";

const aalborg = { code: "DK-0851", name: "Aalborg" };
const dk = { code: "DK", name: "Denmark" };
const steamMatch: RoutableMatch = { regions: [aalborg, dk], offerType: "steam", needType: "process_heat" };
const svc = (over: Partial<RoutingCandidate> & { serviceId: string }): RoutingCandidate => ({
  name: over.serviceId,
  facilitatorId: `u-${over.serviceId}`,
  regions: ["DK-0851"],
  expertise: ["steam"],
  capacity: 5,
  load: 0,
  ...over,
});

describe("routing a facilitated match to a facilitator", () => {
  it("picks the service serving the match's region with expertise and free slots, and says so", () => {
    const d = routeToFacilitator(steamMatch, [svc({ serviceId: "s-a", load: 3 }), svc({ serviceId: "s-other", regions: ["DE"] })]);
    expect(d).toMatchObject({ to: "facilitator", serviceId: "s-a", facilitatorId: "u-s-a", free: 2, capacity: 5, region: aalborg, resourceType: "steam" });
    expect(describeRouting(d)).toBe("Aalborg region, steam expertise, 2 of 5 slots free");
  });

  it("skips a full facilitator, however well it fits, and counts it", () => {
    const d = routeToFacilitator(steamMatch, [svc({ serviceId: "s-full", load: 5 }), svc({ serviceId: "s-country", regions: ["DK"], capacity: 2, load: 1 })]);
    expect(d).toMatchObject({ to: "facilitator", serviceId: "s-country", region: dk, free: 1, skippedFull: 1 });
    expect(describeRouting(d)).toBe("Denmark region, steam expertise, 1 of 2 slots free (1 full facilitator skipped)");
  });

  it("prefers the most specific region, then the most free slots, then the lowest id", () => {
    const country = svc({ serviceId: "s-0", regions: ["DK"], capacity: 50 });
    const local = svc({ serviceId: "s-9", capacity: 2, load: 1 });
    expect(routeToFacilitator(steamMatch, [country, local])).toMatchObject({ serviceId: "s-9" });
    const roomier = svc({ serviceId: "s-5", capacity: 4 });
    expect(routeToFacilitator(steamMatch, [local, roomier])).toMatchObject({ serviceId: "s-5" });
    expect(routeToFacilitator(steamMatch, [svc({ serviceId: "s-b" }), svc({ serviceId: "s-a" })])).toMatchObject({ serviceId: "s-a" });
  });

  it("accepts expertise in the needed type when the offered one is not covered", () => {
    const d = routeToFacilitator(steamMatch, [svc({ serviceId: "s-a", expertise: ["process_heat"] })]);
    expect(d).toMatchObject({ to: "facilitator", resourceType: "process_heat" });
  });

  it("falls back to the shared queue naming the first condition no facilitator met", () => {
    const route = (m: RoutableMatch, c: RoutingCandidate[]) => describeRouting(routeToFacilitator(m, c));
    expect(route({ ...steamMatch, regions: [] }, [svc({ serviceId: "s-a" })])).toBe("shared queue: the supply's region is not known");
    expect(route(steamMatch, [])).toBe("shared queue: no facilitator serves Aalborg");
    expect(route(steamMatch, [svc({ serviceId: "s-a", regions: ["DE"] })])).toBe("shared queue: no facilitator serves Aalborg");
    expect(route(steamMatch, [svc({ serviceId: "s-a", expertise: ["fly_ash"] })])).toBe("shared queue: no facilitator serving Aalborg has steam expertise");
    expect(route(steamMatch, [svc({ serviceId: "s-a", load: 5 }), svc({ serviceId: "s-b", capacity: 1, load: 1 })])).toBe(
      "shared queue: every facilitator for steam in Aalborg is full (2 full facilitators skipped)",
    );
  });

  const candidates = fc.array(
    fc.record({
      serviceId: fc.string({ minLength: 1, maxLength: 4 }),
      name: fc.constant("x"),
      facilitatorId: fc.constant("u"),
      regions: fc.subarray(["DK-0851", "DK", "DE"]),
      expertise: fc.subarray(["steam", "process_heat", "fly_ash"]),
      capacity: fc.integer({ min: 0, max: 6 }),
      load: fc.integer({ min: 0, max: 8 }),
    }),
    { maxLength: 12 },
  );

  it("never picks a full, foreign or inexpert service, and picks one whenever one fits (property)", () => {
    fc.assert(
      fc.property(candidates, (cs) => {
        const d = routeToFacilitator(steamMatch, cs);
        const fits = cs.filter((c) => c.load < c.capacity && c.regions.some((r) => r === "DK-0851" || r === "DK") && (c.expertise.includes("steam") || c.expertise.includes("process_heat")));
        if (fits.length === 0) return d.to === "shared";
        if (d.to !== "facilitator") return false;
        return fits.some((c) => c.serviceId === d.serviceId && d.free === c.capacity - c.load);
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives the same answer whatever order the services come in (property)", () => {
    fc.assert(
      fc.property(candidates.filter((cs) => new Set(cs.map((c) => c.serviceId)).size === cs.length), fc.integer(), (cs, seed) => {
        const shuffled = [...cs].sort((a, b) => ((a.serviceId.charCodeAt(0) * seed) % 7) - ((b.serviceId.charCodeAt(0) * seed) % 7));
        expect(routeToFacilitator(steamMatch, shuffled)).toEqual(routeToFacilitator(steamMatch, cs));
      }),
      { numRuns: 1_000 },
    );
  });
});
