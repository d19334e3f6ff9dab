/**
 * The civic disclosure rule (k-anonymity, k = 3), written down in docs/civic-disclosure.md.
 * In short, every figure the civic projection publishes is one of:
 *
 * 1. a **city cell** (H3 resolution {@link CITY_RESOLUTION}): the sum over every site in the
 *    hexagon, whatever region it lies in — published only when at least {@link K}
 *    organizations contribute to that very figure (per metric, so a cell of five companies
 *    with one steam supplier shows no steam figure);
 * 2. a **country cell** (resolution {@link COUNTRY_RESOLUTION}, the H3 parent of city
 *    cells): the sum over every site in it, published when at least K organizations
 *    contribute, **and** the city cells of it left unpublished for that metric together
 *    cover 0 or at least K organizations — otherwise further city cells are suppressed,
 *    smallest first, until they do (complementary suppression), so a country cell minus its
 *    published city cells never isolates one or two companies;
 * 3. a **region figure**: the sum of the *published* city cells whose centre lies in the
 *    region — a suppressed city cell counts in no region total, and a cell is never split
 *    at a border, so a region minus its cells, a region minus another region, or two nested
 *    regions only ever subtract published cells.
 *
 * The unknowns an attacker faces are therefore only the suppressed city cells, and the only
 * published figures that contain them are country cells, whose children form a tree: each
 * country cell gives one equation whose unknowns cover 0 or ≥ K organizations. No sum or
 * difference of published figures isolates fewer than K organizations. Totals over several
 * resource types are sums of the published per-type figures, never a figure of their own.
 * Across releases (two dates), a figure whose organizations differ from any set published
 * before by 1 or 2 is withheld ({@link PublishedHistory}).
 *
 * This module is pure (no stores): the service feeds it contributions and publishes its result.
 */
import { cellToParent, latLngToCell } from "h3-js";

/** Organizations a figure needs before it is published. */
export const K = 3;

/**
 * City view: resolution 7 — hexagons of about 5 km² (1.4 km edge), the scale of an
 * industrial estate or a town's district; finer (8, 0.7 km²) would suppress nearly every
 * cell of a real municipality, where symbiosis candidates lie kilometres apart.
 */
export const CITY_RESOLUTION = 7;
/**
 * Country view: resolution 5 — about 250 km² (8.5 km edge), the scale of a small
 * municipality: Denmark is ~170 of them, enough for a national heat map. It is two levels
 * above the city cells, so every city cell has exactly one country cell (its H3 parent).
 */
export const COUNTRY_RESOLUTION = 5;

export const RESOLUTIONS = [CITY_RESOLUTION, COUNTRY_RESOLUTION] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** One organization's contribution to one metric at one point. */
export interface Contribution {
  readonly orgId: string;
  readonly lat: number;
  readonly lon: number;
  /** e.g. `organizations`, `supply:waste_heat_low`, `demand:water_process`, `co2_avoided_t`. */
  readonly metric: string;
  readonly value: number;
}

/** One metric of one cell: its value and who contributes. */
interface Figure {
  value: number;
  readonly orgs: Set<string>;
}

/** A published figure (values rounded for display happen in the presenter, not here). */
export interface PublishedFigure {
  readonly value: number;
  readonly organizations: number;
}

/** A cell with its published metrics (a metric absent = suppressed or nothing there). */
export interface PublishedCell {
  readonly cell: string;
  readonly resolution: Resolution;
  readonly metrics: Readonly<Record<string, PublishedFigure>>;
  /** Metrics with data in the cell that are not published (so the map can say "hidden"). */
  readonly suppressed: readonly string[];
}

/** Why a figure was not published. */
export type SuppressionReason = "fewer_than_k" | "complementary" | "changed_by_few";

/**
 * The organization sets of figures published in earlier releases, per key — a cell, or
 * `<country cell>#rest` for what a country cell leaves after its published city cells — and
 * metric. Two releases are two published figures: if a figure's organizations differ from
 * any earlier published set of it by 1 or 2, the difference of the two would be those
 * companies' figure, so it is withheld this time (rule 5 of docs/civic-disclosure.md).
 */
export type PublishedHistory = (key: string, metric: string) => readonly ReadonlySet<string>[];

/** One published organization set to remember for the next release. */
export interface ReleasedSet {
  readonly key: string;
  readonly metric: string;
  readonly orgs: readonly string[];
}

/** The key of what a country cell leaves after its published city cells. */
export const restKey = (countryCell: string) => `${countryCell}#rest`;

/** True when `now` differs from some earlier set by 1..K-1 organizations. */
function changedByFew(now: ReadonlySet<string>, before: readonly ReadonlySet<string>[]): boolean {
  return before.some((b) => {
    let d = 0;
    for (const o of now) if (!b.has(o) && ++d >= K) return false;
    for (const o of b) if (!now.has(o) && ++d >= K) return false;
    return d > 0;
  });
}

/** What the rule decided over a set of contributions. */
export interface Disclosure {
  readonly city: ReadonlyMap<string, PublishedCell>;
  readonly country: ReadonlyMap<string, PublishedCell>;
  /** Every suppressed (cell, metric) with its reason — for tests and the operators' log, never published. */
  readonly suppressions: readonly { readonly cell: string; readonly metric: string; readonly reason: SuppressionReason }[];
  /** Every published figure's organizations and every published country cell's rest, to record for the next release. */
  readonly released: readonly ReleasedSet[];
  /** The organizations of each city cell whose `organizations` figure is published — to count a region's distinct companies; never published itself. */
  readonly organizationsOf: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The metric counting organizations (each contributes once per cell, whatever its value). */
export const ORGANIZATIONS = "organizations";

const add = (cells: Map<string, Map<string, Figure>>, cell: string, metric: string, orgId: string, value: number) => {
  const metrics = cells.get(cell) ?? cells.set(cell, new Map()).get(cell)!;
  const f = metrics.get(metric) ?? metrics.set(metric, { value: 0, orgs: new Set() }).get(metric)!;
  f.value += value;
  f.orgs.add(orgId);
};

/** The city cell of a point. */
export const cityCellOf = (lat: number, lon: number): string => latLngToCell(lat, lon, CITY_RESOLUTION);

/**
 * Apply the rule to every contribution given. The result is complete for every country
 * cell all of whose sites were given (the service reads a margin around a region for that).
 */
export function disclose(contributions: readonly Contribution[], history: PublishedHistory = () => []): Disclosure {
  const city = new Map<string, Map<string, Figure>>();
  const country = new Map<string, Map<string, Figure>>();
  const childrenOf = new Map<string, Set<string>>();
  for (const c of contributions) {
    const cc = cityCellOf(c.lat, c.lon);
    const parent = cellToParent(cc, COUNTRY_RESOLUTION);
    add(city, cc, c.metric, c.orgId, c.value);
    add(country, parent, c.metric, c.orgId, c.value);
    (childrenOf.get(parent) ?? childrenOf.set(parent, new Set()).get(parent)!).add(cc);
  }
  const suppressions: { cell: string; metric: string; reason: SuppressionReason }[] = [];
  // (cell, metric) pairs of city cells that stay unpublished.
  const hidden = new Set<string>();
  const key = (cell: string, metric: string) => `${cell} ${metric}`;
  for (const [cell, metrics] of city) {
    for (const [metric, f] of metrics) {
      if (f.orgs.size < K) {
        hidden.add(key(cell, metric));
        suppressions.push({ cell, metric, reason: "fewer_than_k" });
      } else if (changedByFew(f.orgs, history(cell, metric))) {
        hidden.add(key(cell, metric));
        suppressions.push({ cell, metric, reason: "changed_by_few" });
      }
    }
  }
  const rests: ReleasedSet[] = [];
  const countryHidden = new Set<string>();
  for (const [parent, metrics] of country) {
    for (const [metric, f] of metrics) {
      if (f.orgs.size < K) {
        countryHidden.add(key(parent, metric));
        suppressions.push({ cell: parent, metric, reason: "fewer_than_k" });
        continue;
      }
      if (changedByFew(f.orgs, history(parent, metric))) {
        countryHidden.add(key(parent, metric));
        suppressions.push({ cell: parent, metric, reason: "changed_by_few" });
        continue;
      }
      // Complementary suppression: the hidden children of a published parent must cover 0 or ≥ K organizations.
      const children = [...childrenOf.get(parent)!].filter((c) => city.get(c)!.has(metric));
      const residual = new Set<string>();
      for (const c of children) if (hidden.has(key(c, metric))) for (const o of city.get(c)!.get(metric)!.orgs) residual.add(o);
      if (residual.size > 0 && residual.size < K) {
        // Smallest published children first (least information lost); ties by cell id so the choice is stable.
      const candidates = children
        .filter((c) => !hidden.has(key(c, metric)))
        .sort((a, b) => Math.abs(city.get(a)!.get(metric)!.value) - Math.abs(city.get(b)!.get(metric)!.value) || a.localeCompare(b));
        for (const c of candidates) {
          if (residual.size >= K) break;
          hidden.add(key(c, metric));
          suppressions.push({ cell: c, metric, reason: "complementary" });
          for (const o of city.get(c)!.get(metric)!.orgs) residual.add(o);
        }
      }
      // The rest of two releases is subtracted too: withhold the country figure when its rest changed by a few.
      if (residual.size > 0 && changedByFew(residual, history(restKey(parent), metric))) {
        countryHidden.add(key(parent, metric));
        suppressions.push({ cell: parent, metric, reason: "changed_by_few" });
        continue;
      }
      if (residual.size > 0) rests.push({ key: restKey(parent), metric, orgs: [...residual].sort() });
    }
  }
  const publish = (cells: Map<string, Map<string, Figure>>, resolution: Resolution, isHidden: Set<string>): Map<string, PublishedCell> =>
    new Map(
      [...cells].map(([cell, metrics]) => {
        const shown: Record<string, PublishedFigure> = {};
        const suppressed: string[] = [];
        for (const [metric, f] of [...metrics].sort(([a], [b]) => a.localeCompare(b))) {
          if (isHidden.has(key(cell, metric))) suppressed.push(metric);
          else shown[metric] = { value: metric === ORGANIZATIONS ? f.orgs.size : f.value, organizations: f.orgs.size };
        }
        return [cell, { cell, resolution, metrics: shown, suppressed }];
      }),
    );
  const organizationsOf = new Map<string, ReadonlySet<string>>();
  for (const [cell, metrics] of city) {
    const f = metrics.get(ORGANIZATIONS);
    if (f && !hidden.has(key(cell, ORGANIZATIONS))) organizationsOf.set(cell, f.orgs);
  }
  const released: ReleasedSet[] = [...rests];
  for (const [cells, isHidden] of [[city, hidden], [country, countryHidden]] as const) {
    for (const [cell, metrics] of cells) for (const [metric, f] of metrics) if (!isHidden.has(key(cell, metric))) released.push({ key: cell, metric, orgs: [...f.orgs].sort() });
  }
  return { city: publish(city, CITY_RESOLUTION, hidden), country: publish(country, COUNTRY_RESOLUTION, countryHidden), suppressions, released, organizationsOf };
}

/**
 * A region's figures: per metric, the sum of the published city cells given (those whose
 * centre lies in the region) and how many cells it sums. `organizations` is the distinct
 * count over the cells whose count is published (a company with sites in two cells is one
 * company) — it tells how many companies, never what any of them has.
 */
export function regionTotals(d: Disclosure, cells: readonly string[]): Record<string, { readonly value: number; readonly cells: number }> {
  const out: Record<string, { value: number; cells: number }> = {};
  const orgs = new Set<string>();
  for (const id of cells) {
    const c = d.city.get(id);
    if (!c) continue;
    for (const [metric, f] of Object.entries(c.metrics)) {
      const t = (out[metric] ??= { value: 0, cells: 0 });
      t.value += f.value;
      t.cells++;
    }
    for (const o of d.organizationsOf.get(id) ?? []) orgs.add(o);
  }
  if (out[ORGANIZATIONS]) out[ORGANIZATIONS] = { value: orgs.size, cells: out[ORGANIZATIONS].cells };
  return out;
}
