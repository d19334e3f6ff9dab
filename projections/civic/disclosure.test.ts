import { cellToChildren, cellToLatLng, latLngToCell } from "h3-js";
import { describe, expect, it } from "vitest";
import {
  changedByFew,
  CITY_RESOLUTION,
  contributorsChanged,
  COUNTRY_RESOLUTION,
  DEFAULT_RULE,
  disclose,
  dominated,
  K,
  regionTotals,
  restKey,
  type Contribution,
  type Disclosure,
  type PublishedHistory,
  type PublishedState,
} from "./disclosure.ts";

// One country cell near Kalundborg and the centres of its city cells.
const PARENT = latLngToCell(55.68, 11.09, COUNTRY_RESOLUTION);
const CHILDREN = cellToChildren(PARENT, CITY_RESOLUTION);
const at = (i: number) => {
  const [lat, lon] = cellToLatLng(CHILDREN[i]!);
  return { lat, lon };
};
const heat = (orgId: string, i: number, value: number): Contribution => ({ orgId, ...at(i), metric: "supply:waste_heat_low", value });
const org = (orgId: string, i: number): Contribution => ({ orgId, ...at(i), metric: "organizations", value: 1 });

/** What an attacker can derive from a country cell and its published city cells: the rest. */
function residualOf(d: ReturnType<typeof disclose>, metric: string): number | null {
  const parent = d.country.get(PARENT)?.metrics[metric];
  if (!parent) return null;
  const published = CHILDREN.map((c) => d.city.get(c)?.metrics[metric]?.value ?? 0).reduce((a, b) => a + b, 0);
  return parent.value - published;
}

describe("civic disclosure (k = 3)", () => {
  it("publishes no figure of a cell with fewer than three organizations, and the exact sum from three on", () => {
    const two = disclose([heat("a", 0, 100), heat("b", 0, 50)]);
    expect(two.city.get(CHILDREN[0]!)?.metrics["supply:waste_heat_low"]).toBeUndefined();
    expect(two.city.get(CHILDREN[0]!)?.suppressed).toEqual(["supply:waste_heat_low"]);
    expect(two.country.get(PARENT)?.metrics["supply:waste_heat_low"]).toBeUndefined();
    // (Parts chosen below the dominance thresholds: 48 % and 71 %.)
    const three = disclose([heat("a", 0, 100), heat("b", 0, 50), heat("c", 0, 60)]);
    expect(three.city.get(CHILDREN[0]!)?.metrics["supply:waste_heat_low"]).toEqual({ value: 210, organizations: K });
  });

  it("counts organizations, not sites: one company with three plants in a cell is still one", () => {
    const d = disclose([org("a", 0), org("a", 0), org("a", 0), heat("a", 0, 1), heat("a", 0, 2), heat("a", 0, 3)]);
    expect(d.city.get(CHILDREN[0]!)?.metrics).toEqual({});
  });

  it("applies the threshold per figure: five companies in a cell, one steam supplier — no steam figure", () => {
    const cs = ["a", "b", "c", "d", "e"].flatMap((o) => [org(o, 0), heat(o, 0, 10)]);
    cs.push({ orgId: "a", ...at(0), metric: "supply:steam", value: 999 });
    const cell = disclose(cs).city.get(CHILDREN[0]!)!;
    expect(cell.metrics["organizations"]?.value).toBe(5);
    expect(cell.metrics["supply:waste_heat_low"]?.value).toBe(50);
    expect(cell.metrics["supply:steam"]).toBeUndefined();
  });

  it("refuses the country cell minus its city cells attack: a lone company's cell gets a complementary suppression", () => {
    // Cells 0 and 1 have three companies each; cell 2 a single one whose figure 42 is the target (small enough not to dominate the country hexagon).
    const cs = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30), heat("d", 1, 40), heat("e", 1, 50), heat("f", 1, 60), heat("lone", 2, 42)];
    const d = disclose(cs);
    expect(d.country.get(PARENT)?.metrics["supply:waste_heat_low"]?.value).toBe(252);
    const residual = residualOf(d, "supply:waste_heat_low");
    expect(residual).not.toBe(42);
    // The smaller of the two full cells went too, so the rest mixes four companies.
    expect(d.city.get(CHILDREN[0]!)?.metrics["supply:waste_heat_low"]).toBeUndefined();
    expect(d.city.get(CHILDREN[1]!)?.metrics["supply:waste_heat_low"]?.value).toBe(150);
    expect(d.suppressions).toContainEqual({ cell: CHILDREN[0]!, metric: "supply:waste_heat_low", reason: "complementary" });
  });

  it("a region's total is the sum of its published cells, so a region minus its cells reveals nothing", () => {
    const cs = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30), heat("d", 1, 40), heat("e", 1, 50), heat("f", 1, 60), heat("lone", 2, 42)];
    const d = disclose(cs);
    const totals = regionTotals(d, CHILDREN.slice(0, 3));
    expect(totals["supply:waste_heat_low"]).toEqual({ value: 150, cells: 1 });
    const cellSum = CHILDREN.slice(0, 3).reduce((s, c) => s + (d.city.get(c)?.metrics["supply:waste_heat_low"]?.value ?? 0), 0);
    expect(totals["supply:waste_heat_low"]!.value - cellSum).toBe(0);
  });

  it("on random regions, no country cell minus its published city cells ever isolates one or two companies", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const cs: Contribution[] = [];
      const orgs = 1 + Math.floor(rand() * 12);
      for (let o = 0; o < orgs; o++) {
        const cell = Math.floor(rand() * 4);
        cs.push(org(`o${o}`, cell), heat(`o${o}`, cell, 1 + Math.floor(rand() * 1000)));
      }
      const d = disclose(cs);
      for (const metric of ["organizations", "supply:waste_heat_low"]) {
        if (!d.country.get(PARENT)?.metrics[metric]) continue;
        const hidden = new Map<string, number>();
        for (const c of cs) if (c.metric === metric && !d.city.get(latLngToCell(c.lat, c.lon, CITY_RESOLUTION))?.metrics[metric]) hidden.set(c.orgId, (hidden.get(c.orgId) ?? 0) + c.value);
        expect([0, 1, 2].includes(hidden.size) && hidden.size !== 0).toBe(false);
        // What the country figure minus its published cells gives is not dominated either.
        expect(dominated(metric, hidden)).toBe(false);
      }
      // Every published figure covers at least K organizations and is not dominated.
      for (const cell of [...d.city.values(), ...d.country.values()]) for (const f of Object.values(cell.metrics)) expect(f.organizations).toBeGreaterThanOrEqual(K);
      for (const metric of ["supply:waste_heat_low"]) {
        for (const [id, cell] of [...d.city, ...d.country]) {
          if (!cell.metrics[metric]) continue;
          const parts = new Map<string, number>();
          for (const c of cs) if (c.metric === metric && (latLngToCell(c.lat, c.lon, CITY_RESOLUTION) === id || PARENT === id)) parts.set(c.orgId, (parts.get(c.orgId) ?? 0) + c.value);
          expect(dominated(metric, parts), id).toBe(false);
        }
      }
    }
  });

  describe("dominance", () => {
    const parts = (...vs: number[]) => new Map(vs.map((v, i) => [`o${i}`, v]));

    it("calls a figure dominated when its largest part is above 70 % or its two largest above 85 %, at the thresholds not", () => {
      expect(dominated("supply:steam", parts(71, 15, 14))).toBe(true);
      expect(dominated("supply:steam", parts(70, 15, 15))).toBe(false);
      expect(dominated("supply:steam", parts(50, 36, 14))).toBe(true);
      expect(dominated("supply:steam", parts(50, 35, 15))).toBe(false);
      // Shares of the absolute parts: a negative part counts by its size.
      expect(dominated("co2_avoided_t", parts(-80, 10, 10))).toBe(true);
      // Two companies always dominate (100 %); no company dominates a count of companies; nothing is not dominated.
      expect(dominated("supply:steam", parts(1, 1))).toBe(true);
      expect(dominated("organizations", parts(1, 1))).toBe(false);
      expect(dominated("supply:steam", parts(0, 0, 0))).toBe(false);
      expect(dominated("supply:steam", new Map())).toBe(false);
      // Configured thresholds.
      expect(dominated("supply:steam", parts(60, 30, 10), { top1Percent: 50, top2Percent: 95 })).toBe(true);
    });

    it("withholds a hexagon of three or more companies where one holds most of the figure", () => {
      const d = disclose([heat("big", 0, 980), heat("b", 0, 10), heat("c", 0, 10), org("big", 0), org("b", 0), org("c", 0)]);
      const cell = d.city.get(CHILDREN[0]!)!;
      expect(cell.metrics["supply:waste_heat_low"]).toBeUndefined();
      // The company count of the same hexagon still shows: it has no dominance.
      expect(cell.metrics["organizations"]?.value).toBe(3);
      expect(d.suppressions).toContainEqual({ cell: CHILDREN[0]!, metric: "supply:waste_heat_low", reason: "dominance" });
      // The country hexagon is the same three companies: dominated too.
      expect(d.country.get(PARENT)?.metrics["supply:waste_heat_low"]).toBeUndefined();
    });

    it("covers a dominance-withheld hexagon with a complementary suppression, so the country hexagon minus the rest is not its figure", () => {
      // Cell 0 is dominated by one plant (90 %); cells 1 and 2 are three equal companies each; the country hexagon as a whole is not dominated (56 %).
      const cs = [heat("big", 0, 900), heat("b", 0, 50), heat("c", 0, 50), heat("d", 1, 100), heat("e", 1, 100), heat("f", 1, 100), heat("g", 2, 100), heat("h", 2, 100), heat("i", 2, 100)];
      const d = disclose(cs);
      expect(d.suppressions).toContainEqual({ cell: CHILDREN[0]!, metric: "supply:waste_heat_low", reason: "dominance" });
      expect(d.country.get(PARENT)?.metrics["supply:waste_heat_low"]?.value).toBe(1600);
      const residual = residualOf(d, "supply:waste_heat_low")!;
      // Without the complementary suppression the rest would be cell 0's 1000, 90 % one plant's.
      expect(residual).not.toBe(1000);
      expect(d.suppressions.filter((s) => s.reason === "complementary")).toHaveLength(1);
      const hiddenParts = new Map(cs.filter((c) => !d.city.get(latLngToCell(c.lat, c.lon, CITY_RESOLUTION))?.metrics[c.metric]).map((c) => [c.orgId, c.value]));
      expect([...hiddenParts.values()].reduce((a, b) => a + b, 0)).toBe(residual);
      expect(dominated("supply:waste_heat_low", hiddenParts)).toBe(false);
    });
  });

  describe("contributors changed", () => {
    const state = (o: Record<string, string | null>): PublishedState => new Map(Object.entries(o));
    const now = (o: Record<string, string>) => new Map(Object.entries(o));

    it("counts who joined, who left and who changed its part; an unknown earlier digest compares membership only", () => {
      expect(contributorsChanged(now({ a: "1", b: "2", c: "3" }), state({ a: "1", b: "2", c: "3" }))).toBe(0);
      expect(contributorsChanged(now({ a: "1", b: "2", c: "9" }), state({ a: "1", b: "2", c: "3" }))).toBe(1);
      expect(contributorsChanged(now({ a: "1", b: "2", d: "4" }), state({ a: "1", b: "2", c: "3" }))).toBe(2);
      expect(contributorsChanged(now({ a: "1", b: "2", c: "9" }), state({ a: null, b: null, c: null }))).toBe(0);
      expect(changedByFew(now({ a: "1", b: "2", c: "9" }), [state({ a: "1", b: "2", c: "3" })])).toBe(true);
      expect(changedByFew(now({ a: "7", b: "8", c: "9" }), [state({ a: "1", b: "2", c: "3" })])).toBe(false);
      expect(changedByFew(now({ a: "1", b: "2", c: "3" }), [state({ a: "1", b: "2", c: "3" })])).toBe(false);
    });

    it("digests a part to a thousandth, so the same parts summed in another order give the same digest", () => {
      expect(DEFAULT_RULE.digest("k", "m", "a", 0.1 + 0.2)).toBe(DEFAULT_RULE.digest("k", "m", "a", 0.3));
      expect(DEFAULT_RULE.digest("k", "m", "a", 0.3)).not.toBe(DEFAULT_RULE.digest("k", "m", "a", 0.31));
      expect(DEFAULT_RULE.digest("k", "m", "a", 0.3)).not.toBe(DEFAULT_RULE.digest("k", "m", "b", 0.3));
    });
  });

  describe("two releases (two dates)", () => {
    /** Each release remembers what it published, as the ledger does. */
    const releases = () => {
      const seen = new Map<string, PublishedState[]>();
      const history: PublishedHistory = (k, m) => seen.get(`${k} ${m}`) ?? [];
      return {
        release(cs: Contribution[]): Disclosure {
          const d = disclose(cs, history);
          for (const r of d.released) (seen.get(`${r.key} ${r.metric}`) ?? seen.set(`${r.key} ${r.metric}`, []).get(`${r.key} ${r.metric}`)!).push(new Map(r.orgs.map((o, i) => [o, r.digests[i]!])));
          return d;
        },
      };
    };
    const heatOf = (d: Disclosure, i: number) => d.city.get(CHILDREN[i]!)?.metrics["supply:waste_heat_low"]?.value;

    it("withholds a hexagon one company joined since the last release: the difference would be its figure", () => {
      const r = releases();
      const three = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30)];
      expect(heatOf(r.release(three), 0)).toBe(60);
      const four = r.release([...three, heat("newcomer", 0, 25)]);
      expect(heatOf(four, 0)).toBeUndefined();
      expect(four.suppressions).toContainEqual({ cell: CHILDREN[0]!, metric: "supply:waste_heat_low", reason: "changed_by_few" });
      // Three newcomers together: their sum mixes three companies, so it may show.
      expect(heatOf(r.release([...three, heat("d", 0, 1), heat("e", 0, 2), heat("f", 0, 3)]), 0)).toBe(66);
    });

    it("compares with every earlier release, not only the last: a company that left and one that joined are caught against the first", () => {
      const r = releases();
      const abc = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30)];
      r.release(abc);
      expect(heatOf(r.release([...abc, heat("d", 0, 1), heat("e", 0, 2), heat("f", 0, 3)]), 0)).toBe(66);
      // {a,b,c,g} differs from {a,…,f} by four but from the first release by one.
      expect(heatOf(r.release([...abc, heat("g", 0, 25)]), 0)).toBeUndefined();
    });

    it("withholds a hexagon whose companies stayed but one changed its quantity: the difference would be its change", () => {
      const r = releases();
      const three = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30)];
      expect(heatOf(r.release(three), 0)).toBe(60);
      expect(heatOf(r.release(three), 0)).toBe(60);
      const bChanged = r.release([heat("a", 0, 10), heat("b", 0, 25), heat("c", 0, 30)]);
      expect(heatOf(bChanged, 0)).toBeUndefined();
      expect(bChanged.suppressions).toContainEqual({ cell: CHILDREN[0]!, metric: "supply:waste_heat_low", reason: "changed_by_few" });
      // All three changed: the difference mixes three companies' changes.
      expect(heatOf(r.release([heat("a", 0, 11), heat("b", 0, 26), heat("c", 0, 31)]), 0)).toBe(68);
    });

    it("withholds a country hexagon whose rest (what its published city hexagons leave) changed by one company", () => {
      const r = releases();
      const base = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30), heat("x", 1, 1), heat("y", 1, 2), heat("z", 1, 3), heat("p", 2, 5), heat("q", 2, 6), heat("s", 3, 7)];
      const first = r.release(base);
      const parent = (d: Disclosure) => d.country.get(PARENT)?.metrics["supply:waste_heat_low"];
      expect(parent(first)).toBeDefined();
      // One more company joins a withheld hexagon: the country hexagon's change would be its figure.
      const second = r.release([...base, heat("w", 3, 4)]);
      expect(parent(second)).toBeUndefined();
      expect(second.suppressions).toContainEqual({ cell: PARENT, metric: "supply:waste_heat_low", reason: "changed_by_few" });
      expect(first.released.some((s) => s.key === restKey(PARENT))).toBe(true);
    });
  });
});
