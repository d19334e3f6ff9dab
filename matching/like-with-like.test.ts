/**
 * Ranking one need across different offer types (issue 12, Deliver 2): properties over
 * random candidate sets (bench/random-flows.ts) and the stories that motivated them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../domain/prng.ts";
import { getResourceType } from "../domain/taxonomy.ts";
import { randomCandidateSet } from "./bench/random-flows.ts";
import { RULE_THERMAL, findCompatibility, RULES } from "./compatibility.ts";
import { explainPair, matchFlow } from "./match-flow.ts";
import { need, north, offer } from "./test-helpers.ts";
import type { MatchableFlow } from "./types.ts";

const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });

/** Fisher–Yates with the test's own generator, so a failing case replays. */
function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Moves `f` to the fraction `t` of the way from `to` (0 = on top of it, 1 = where it is). */
function toward(f: MatchableFlow, to: MatchableFlow, t: number): Pick<MatchableFlow, "lat" | "lon"> {
  return { lat: to.lat + (f.lat - to.lat) * t, lon: to.lon + (f.lon - to.lon) * t };
}

const thermalRuleOffers = new Set(RULES.filter((r) => RULE_THERMAL[RULES.indexOf(r)] !== 0).map((r) => r.offer));

describe("ranking is a total order independent of input order (property)", () => {
  it("gives the same matches, in the same order, and the same near-misses for shuffled candidates", () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 12 }), fc.boolean(), (s, topN, diverse) => {
        const { source, candidates } = randomCandidateSet(mulberry32(s), 40, "shuffle", 1.5);
        // Copies with equal data, so ties really occur.
        const twins = candidates.slice(0, 8).map((c, i) => ({ ...c, id: `twin-${i}` }));
        const all = [...candidates, ...twins];
        const options = { topN, maxShare: diverse ? 0.34 : 1 };
        const a = matchFlow(source, all, {}, options);
        const b = matchFlow(source, shuffled(all, mulberry32(s ^ 0x5eed)), {}, options);
        expect(b.matches.map((m) => m.demandFlowId)).toEqual(a.matches.map((m) => m.demandFlowId));
        expect(b.nearMisses.map((n) => n.candidateFlowId)).toEqual(a.nearMisses.map((n) => n.candidateFlowId));
      }),
      { numRuns: 60 },
    );
  });
});

describe("a strictly closer supply of equal quality never ranks below (property)", () => {
  it("holds for every offer type against the needs it feeds", () => {
    fc.assert(
      fc.property(seed, fc.double({ min: 0.05, max: 0.9, noNaN: true }), (s, t) => {
        const rnd = mulberry32(s);
        const set = randomCandidateSet(rnd, 12, "near", 1);
        const demand: MatchableFlow = { ...set.candidates[0]!, orgId: "the-consumer", siteId: "the-consumer-site" };
        // The same supply offered by several organizations at different places; one twin closer.
        const supplies = set.candidates.slice(1).map((c, i) => ({ ...set.source, id: `s${i}`, orgId: `o${i}`, siteId: `o${i}-site`, lat: c.lat, lon: c.lon }));
        const far = supplies[0]!;
        const closer = { ...far, id: "closer", orgId: "o-closer", siteId: "o-closer-site", ...toward(far, demand, t) };
        const r = matchFlow(demand, [...supplies, closer], {}, { topN: 20, maxShare: 1, relax: false });
        const ids = r.matches.map((m) => m.supplyFlowId);
        if (!ids.includes(far.id)) return;
        expect(ids).toContain("closer");
        expect(ids.indexOf("closer")).toBeLessThan(ids.indexOf(far.id));
      }),
      { numRuns: 150 },
    );
  });
});

describe("a missing temperature widens the range and lowers trust, never lifts a candidate (property)", () => {
  it("dropping a declared, directly compatible temperature never raises the score", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { source, candidates } = randomCandidateSet(mulberry32(s), 20, "temp", 0.5);
        if (!thermalRuleOffers.has(source.resourceType)) return;
        for (const c of candidates) {
          const declared = matchFlow(source, [c], {}, { relax: false, nearMisses: 0 }).matches[0];
          if (!declared || declared.heatPump !== null || c.temperatureC === undefined) continue;
          const { temperatureC: _dropped, ...rest } = c;
          const undeclared = { ...rest, id: `${c.id}-no-temp` };
          const m = matchFlow(source, [undeclared], {}, { relax: false, nearMisses: 0 }).matches[0]!;
          expect(m.score).toBeLessThanOrEqual(declared.score + 1e-12);
          expect(m.factors.trust.score).toBeLessThanOrEqual(declared.factors.trust.score);
          expect(m.economics.uncertainty).toBeGreaterThanOrEqual(declared.economics.uncertainty);
          // …and a candidate without temperature never ranks above its declared twin.
          const both = matchFlow(source, [undeclared, c], {}, { relax: false, nearMisses: 0, maxShare: 1 }).matches;
          if (m.score < declared.score) expect(both[0]!.demandFlowId).toBe(c.id);
        }
      }),
      { numRuns: 120 },
    );
  });

  it("a heat pair with no temperature loses little to its declared twin and nothing to a fuel on quality", () => {
    const heatNeed = need("process_heat", { temperatureC: 70, annualQuantity: 50_000 });
    const fuel = offer("biogas", { annualQuantity: 50_000 });
    const declared = offer("waste_heat_high", { annualQuantity: 50_000, temperatureC: 95 });
    const { temperatureC: _t, ...rest } = declared;
    const undeclared = { ...rest, id: "no-temperature" };
    const [m] = matchFlow(heatNeed, [undeclared]).matches;
    const withTemp = explainPair(declared, heatNeed).score!;
    expect(withTemp - m!.score).toBeGreaterThan(0);
    expect(withTemp - m!.score).toBeLessThan(0.05);
    expect(m!.factors.quality.score).toBeGreaterThanOrEqual(matchFlow(heatNeed, [fuel]).matches[0]!.factors.quality.score);
    expect(m!.factors.quality.reason).toMatch(/supply temperature not declared/);
    expect(m!.factors.trust.reason).toMatch(/estimated supply.*no supply temperature declared/);
  });
});

describe("one need across offer types: like with like", () => {
  it("judges distance by what moving costs against what it delivers, never by the type's own radius (property)", () => {
    fc.assert(
      fc.property(seed, fc.double({ min: 1, max: 5, noNaN: true }), (s, widen) => {
        const { source, candidates } = randomCandidateSet(mulberry32(s), 20, "radius", 1);
        for (const c of candidates) {
          const v = explainPair(source, c);
          if (!v.passed) continue;
          // A wider radius for this pair (the smaller of both sides' radius wins) changes nothing once it passes.
          const wider = explainPair({ ...source, maxDistanceKm: 10_000 }, { ...c, maxDistanceKm: 10_000 * widen });
          expect(wider.score).toBe(v.score);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a steam supply 1.3 km away keeps its distance factor against a biogas offer 0.5 km away", () => {
    const steamNeed = need("steam", { temperatureC: 180, annualQuantity: 50_000, currentCostEurPerUnit: 50 });
    const biogas = offer("biogas", { annualQuantity: 50_000, lat: north(55.669, 0.5) });
    const steam = offer("steam", { annualQuantity: 50_000, temperatureC: 200, lat: north(55.669, 1.3) });
    const byId = new Map(matchFlow(steamNeed, [biogas, steam], {}, { maxShare: 1 }).matches.map((m) => [m.supplyFlowId, m]));
    // Against the 3 km steam radius this factor was 1 / (1 + (1.3 / 1.05)²) ≈ 0.39.
    expect(byId.get(steam.id)!.factors.distance.score).toBeGreaterThan(0.8);
    expect(byId.get(steam.id)!.factors.distance.reason).toMatch(/moving it costs ~€.*% of the €.*it is worth/);
    expect(byId.get(steam.id)!.factors.quality.score).toBeGreaterThan(byId.get(biogas.id)!.factors.quality.score);
    expect(byId.get(biogas.id)!.factors.quality.reason).toMatch(/burns or converts biogas for heat/);
  });

  it("a power plant's real waste heat outranks its grid electricity (property over quantity, distance, precision, temperature)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 500_000 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.constantFrom("rough", "estimated", "measured" as const),
        fc.boolean(),
        (qty, km, precision, declareTemp) => {
          const heatNeed = need("process_heat", { annualQuantity: qty, temperatureC: 70, precision });
          const at = { orgId: "power-plant", siteId: "power-plant-site", lat: north(55.669, km), annualQuantity: qty, precision } as const;
          const power = offer("electricity", { ...at, id: "grid-power" });
          const heat = offer("waste_heat_high", { ...at, id: "waste-heat", ...(declareTemp ? { temperatureC: 95 } : {}) });
          const r = matchFlow(heatNeed, [power, heat], {}, { maxShare: 1 });
          expect(r.matches[0]!.supplyFlowId).toBe("waste-heat");
          expect(r.matches[1]!.factors.quality.reason).toMatch(/commodity utility, not a by-product, score ×0.5/);
        },
      ),
    );
  });

  it("several needs of one plant see the supplier whose by-product fits each need best first", () => {
    const plant = { orgId: "farm-and-digester", siteId: "farm-site" };
    const feedNeed = need("feed", { ...plant, id: "feed-need" });
    const digesterNeed = need("digester_feedstock", { ...plant, id: "digester-need" });
    const yeast = offer("spent_yeast", { id: "yeast" });
    const manure = offer("manure", { id: "manure" });
    expect(findCompatibility("manure", "feed")).toBeUndefined();
    const digester = matchFlow(digesterNeed, [yeast, manure]);
    expect(digester.matches[0]!.supplyFlowId).toBe("manure");
    expect(digester.matches[1]!.factors.quality.reason).toMatch(/digester_feedstock is not this spent_yeast's highest-value use/);
    expect(matchFlow(feedNeed, [yeast, manure]).matches[0]!.supplyFlowId).toBe("yeast");
  });
});

describe("reasons stay true after relaxation (property)", () => {
  it("says 'within the radius' only for pairs within the resource's own radius, and names the relaxed one otherwise", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const { source, candidates } = randomCandidateSet(mulberry32(s), 30, "rx", 4);
        const r = matchFlow(source, candidates, {}, { topN: 30, maxShare: 1 });
        const relaxed = r.relaxed.find((x) => x.parameter === "radius");
        for (const m of r.matches) {
          const reason = m.factors.distance.reason;
          // The pair's own radius: the offer type's (random flows override none; a need sets none by default).
          const base = getResourceType(m.offerType).radiusKm;
          if (m.distanceKm > base) {
            expect(relaxed).toBeDefined();
            expect(reason).toMatch(/beyond the .* radius for this resource, inside the relaxed/);
          } else expect(reason).toMatch(/within the .* radius for this resource;/);
        }
      }),
      { numRuns: 60 },
    );
  });
});
