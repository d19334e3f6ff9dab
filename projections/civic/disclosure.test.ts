import { cellToChildren, cellToLatLng, latLngToCell } from "h3-js";
import { describe, expect, it } from "vitest";
import { CITY_RESOLUTION, COUNTRY_RESOLUTION, disclose, K, regionTotals, restKey, type Contribution, type Disclosure, type PublishedHistory } from "./disclosure.ts";

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
    const three = disclose([heat("a", 0, 100), heat("b", 0, 50), heat("c", 0, 7)]);
    expect(three.city.get(CHILDREN[0]!)?.metrics["supply:waste_heat_low"]).toEqual({ value: 157, organizations: K });
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
    // Cells 0 and 1 have three companies each; cell 2 a single one whose figure 4242 is the target.
    const cs = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30), heat("d", 1, 40), heat("e", 1, 50), heat("f", 1, 60), heat("lone", 2, 4242)];
    const d = disclose(cs);
    expect(d.country.get(PARENT)?.metrics["supply:waste_heat_low"]?.value).toBe(4452);
    const residual = residualOf(d, "supply:waste_heat_low");
    expect(residual).not.toBe(4242);
    // The smaller of the two full cells went too, so the rest mixes four companies.
    expect(d.city.get(CHILDREN[0]!)?.metrics["supply:waste_heat_low"]).toBeUndefined();
    expect(d.city.get(CHILDREN[1]!)?.metrics["supply:waste_heat_low"]?.value).toBe(150);
    expect(d.suppressions).toContainEqual({ cell: CHILDREN[0]!, metric: "supply:waste_heat_low", reason: "complementary" });
  });

  it("a region's total is the sum of its published cells, so a region minus its cells reveals nothing", () => {
    const cs = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30), heat("d", 1, 40), heat("e", 1, 50), heat("f", 1, 60), heat("lone", 2, 4242)];
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
        const hiddenOrgs = new Set(cs.filter((c) => c.metric === metric && !d.city.get(latLngToCell(c.lat, c.lon, CITY_RESOLUTION))?.metrics[metric]).map((c) => c.orgId));
        expect([0, 1, 2].includes(hiddenOrgs.size) && hiddenOrgs.size !== 0).toBe(false);
      }
      // Every published city figure covers at least K organizations.
      for (const cell of d.city.values()) for (const f of Object.values(cell.metrics)) expect(f.organizations).toBeGreaterThanOrEqual(K);
    }
  });

  describe("two releases (two dates)", () => {
    /** Each release remembers what it published, as the ledger does. */
    const releases = () => {
      const seen = new Map<string, Set<string>[]>();
      const history: PublishedHistory = (k, m) => seen.get(`${k} ${m}`) ?? [];
      return {
        release(cs: Contribution[]): Disclosure {
          const d = disclose(cs, history);
          for (const r of d.released) (seen.get(`${r.key} ${r.metric}`) ?? seen.set(`${r.key} ${r.metric}`, []).get(`${r.key} ${r.metric}`)!).push(new Set(r.orgs));
          return d;
        },
      };
    };
    const heatOf = (d: Disclosure, i: number) => d.city.get(CHILDREN[i]!)?.metrics["supply:waste_heat_low"]?.value;

    it("withholds a hexagon one company joined since the last release: the difference would be its figure", () => {
      const r = releases();
      const three = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30)];
      expect(heatOf(r.release(three), 0)).toBe(60);
      const four = r.release([...three, heat("newcomer", 0, 999)]);
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
      expect(heatOf(r.release([...abc, heat("g", 0, 500)]), 0)).toBeUndefined();
    });

    it("withholds a country hexagon whose rest (what its published city hexagons leave) changed by one company", () => {
      const r = releases();
      const base = [heat("a", 0, 10), heat("b", 0, 20), heat("c", 0, 30), heat("x", 1, 1), heat("y", 1, 2), heat("z", 1, 3), heat("p", 2, 5), heat("q", 2, 6), heat("s", 3, 7)];
      const first = r.release(base);
      const parent = (d: Disclosure) => d.country.get(PARENT)?.metrics["supply:waste_heat_low"];
      expect(parent(first)).toBeDefined();
      // One more company joins a withheld hexagon: the country hexagon's change would be its figure.
      const second = r.release([...base, heat("w", 3, 4242)]);
      expect(parent(second)).toBeUndefined();
      expect(second.suppressions).toContainEqual({ cell: PARENT, metric: "supply:waste_heat_low", reason: "changed_by_few" });
      expect(first.released.some((s) => s.key === restKey(PARENT))).toBe(true);
    });
  });
});
