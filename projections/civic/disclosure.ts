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
 * Across releases (two dates), a figure whose contributors differ from any state published
 * before by 1 or 2 — joined, left, or changed their own part — is withheld ({@link PublishedHistory}).
 *
 * **Dominance** ((n, k) rule, {@link dominated}): a figure is also withheld when its largest
 * contributor holds more than {@link DEFAULT_DOMINANCE}'s 70 % of it or its two largest more
 * than 85 % (CIVIC_DOMINANCE_TOP1_PERCENT / _TOP2_PERCENT), since the others could then
 * estimate the largest one's figure closely. Complementary suppression treats it like a
 * small cell: the hidden children of a published country cell must together be neither
 * fewer than K organizations nor dominated.
 *
 * This module is pure (no stores): the service feeds it contributions and publishes its result.
 */
import { createHash } from "node:crypto";
import { cellToParent, latLngToCell } from "h3-js";

/** Organizations a figure needs before it is published. */
export const K = 3;

/** The dominance thresholds (percent of a figure held by its largest one and two contributors). */
export interface Dominance {
  readonly top1Percent: number;
  readonly top2Percent: number;
}

/** The statistical offices' customary (1, 70) / (2, 85) thresholds; platform/config.ts may set others. */
export const DEFAULT_DOMINANCE: Dominance = { top1Percent: 70, top2Percent: 85 };

/**
 * One contributor's part of a figure as a digest, to tell at the next release whether it
 * changed without keeping the figure. The service keys it (HMAC), so the ledger's digests
 * cannot be matched against guessed quantities.
 */
export type PartDigest = (key: string, metric: string, orgId: string, value: number) => string;

/**
 * The canonical text of a part's value: to a thousandth, so two sums of the same parts in
 * another order (float rounding) give the same digest.
 */
export const canonicalPart = (value: number): string => (Math.round(value * 1000) / 1000).toFixed(3);

/** An unkeyed digest (pure tests); the service passes a keyed one. */
export const plainDigest: PartDigest = (key, metric, orgId, value) => createHash("sha256").update(`${key}\n${metric}\n${orgId}\n${canonicalPart(value)}`).digest("base64url");

/** The thresholds and the digest the rule works with. */
export interface DisclosureRule {
  readonly dominance: Dominance;
  readonly digest: PartDigest;
}

export const DEFAULT_RULE: DisclosureRule = { dominance: DEFAULT_DOMINANCE, digest: plainDigest };

/**
 * True when a figure's largest contributor holds more than `top1Percent` of it, or its two
 * largest more than `top2Percent` (shares of the absolute parts, so a negative part counts by
 * its size). The `organizations` metric is a count of companies, each contributing one: no
 * company dominates it. An empty or all-zero figure is not dominated.
 */
export function dominated(metric: string, parts: ReadonlyMap<string, number>, dominance: Dominance = DEFAULT_DOMINANCE): boolean {
  if (metric === ORGANIZATIONS) return false;
  let total = 0;
  let first = 0;
  let second = 0;
  for (const v of parts.values()) {
    const a = Math.abs(v);
    total += a;
    if (a > first) [first, second] = [a, first];
    else if (a > second) second = a;
  }
  if (total === 0) return false;
  return (first / total) * 100 > dominance.top1Percent || ((first + second) / total) * 100 > dominance.top2Percent;
}

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

/** One metric of one cell: its value and each contributor's part of it. */
interface Figure {
  value: number;
  readonly orgs: Map<string, number>;
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
export type SuppressionReason = "fewer_than_k" | "dominance" | "complementary" | "changed_by_few";

/**
 * A figure as published once: each contributor with the digest of its part (null for a
 * state recorded before digests were kept: only who contributed is known).
 */
export type PublishedState = ReadonlyMap<string, string | null>;

/**
 * The states of figures published in earlier releases, per key — a cell, or
 * `<country cell>#rest` for what a country cell leaves after its published city cells — and
 * metric. Two releases are two published figures: if a figure's contributors differ from
 * any earlier published state of it by 1 or 2 (joined, left, or changed their part), the
 * difference of the two would be those companies' figure or change, so it is withheld this
 * time (rule 6 of docs/civic-disclosure.md).
 */
export type PublishedHistory = (key: string, metric: string) => readonly PublishedState[];

/** One published state to remember for the next release. */
export interface ReleasedSet {
  readonly key: string;
  readonly metric: string;
  /** Sorted organization ids. */
  readonly orgs: readonly string[];
  /** The digest of each one's part, in the order of `orgs`. */
  readonly digests: readonly string[];
}

/** The key of what a country cell leaves after its published city cells. */
export const restKey = (countryCell: string) => `${countryCell}#rest`;

/**
 * How many contributors differ between a figure now (digests by organization) and an
 * earlier state: joined, left, or — where the earlier digest is known — changed their part.
 * Counting stops at `stopAt`.
 */
export function contributorsChanged(now: ReadonlyMap<string, string>, before: PublishedState, stopAt = Infinity): number {
  let d = 0;
  for (const [o, digest] of now) {
    if (!before.has(o)) d++;
    else {
      const was = before.get(o);
      if (was !== null && was !== undefined && was !== digest) d++;
    }
    if (d >= stopAt) return d;
  }
  for (const o of before.keys()) if (!now.has(o) && ++d >= stopAt) return d;
  return d;
}

/** True when `now` differs from some earlier state by 1..K-1 contributors. */
export function changedByFew(now: ReadonlyMap<string, string>, before: readonly PublishedState[]): boolean {
  return before.some((b) => {
    const d = contributorsChanged(now, b, K);
    return d > 0 && d < K;
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
  const f = metrics.get(metric) ?? metrics.set(metric, { value: 0, orgs: new Map() }).get(metric)!;
  f.value += value;
  f.orgs.set(orgId, (f.orgs.get(orgId) ?? 0) + value);
};

/** The city cell of a point. */
export const cityCellOf = (lat: number, lon: number): string => latLngToCell(lat, lon, CITY_RESOLUTION);

/**
 * Apply the rule to every contribution given. The result is complete for every country
 * cell all of whose sites were given (the service reads a margin around a region for that).
 */
export function disclose(contributions: readonly Contribution[], history: PublishedHistory = () => [], rule: DisclosureRule = DEFAULT_RULE): Disclosure {
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
  const digestsOf = (key: string, metric: string, parts: ReadonlyMap<string, number>): Map<string, string> =>
    new Map([...parts].map(([o, v]) => [o, rule.digest(key, metric, o, v)]));
  /** Why a figure may not be published on its own, or null. */
  const primary = (key: string, metric: string, parts: ReadonlyMap<string, number>): SuppressionReason | null => {
    if (parts.size < K) return "fewer_than_k";
    if (dominated(metric, parts, rule.dominance)) return "dominance";
    if (changedByFew(digestsOf(key, metric, parts), history(key, metric))) return "changed_by_few";
    return null;
  };
  /** A sum of hidden figures that a subtraction would give: it must be neither of fewer than K organizations nor dominated. */
  const exposed = (metric: string, parts: ReadonlyMap<string, number>) => parts.size > 0 && (parts.size < K || dominated(metric, parts, rule.dominance));
  const suppressions: { cell: string; metric: string; reason: SuppressionReason }[] = [];
  // (cell, metric) pairs of city cells that stay unpublished.
  const hidden = new Set<string>();
  const key = (cell: string, metric: string) => `${cell} ${metric}`;
  for (const [cell, metrics] of city) {
    for (const [metric, f] of metrics) {
      const reason = primary(cell, metric, f.orgs);
      if (reason) {
        hidden.add(key(cell, metric));
        suppressions.push({ cell, metric, reason });
      }
    }
  }
  const rests: ReleasedSet[] = [];
  const countryHidden = new Set<string>();
  for (const [parent, metrics] of country) {
    for (const [metric, f] of metrics) {
      const reason = primary(parent, metric, f.orgs);
      if (reason) {
        countryHidden.add(key(parent, metric));
        suppressions.push({ cell: parent, metric, reason });
        continue;
      }
      // Complementary suppression: the hidden children of a published parent — what the parent minus its published children gives — must not be exposed.
      const children = [...childrenOf.get(parent)!].filter((c) => city.get(c)!.has(metric));
      const residual = new Map<string, number>();
      const hide = (c: string) => {
        for (const [o, v] of city.get(c)!.get(metric)!.orgs) residual.set(o, (residual.get(o) ?? 0) + v);
      };
      for (const c of children) if (hidden.has(key(c, metric))) hide(c);
      if (exposed(metric, residual)) {
        // Smallest published children first (least information lost); ties by cell id so the choice is stable.
        const candidates = children
          .filter((c) => !hidden.has(key(c, metric)))
          .sort((a, b) => Math.abs(city.get(a)!.get(metric)!.value) - Math.abs(city.get(b)!.get(metric)!.value) || a.localeCompare(b));
        for (const c of candidates) {
          if (!exposed(metric, residual)) break;
          hidden.add(key(c, metric));
          suppressions.push({ cell: c, metric, reason: "complementary" });
          hide(c);
        }
      }
      // The rest of two releases is subtracted too: withhold the country figure when its rest changed by a few.
      const restDigests = digestsOf(restKey(parent), metric, residual);
      if (residual.size > 0 && changedByFew(restDigests, history(restKey(parent), metric))) {
        countryHidden.add(key(parent, metric));
        suppressions.push({ cell: parent, metric, reason: "changed_by_few" });
        continue;
      }
      if (residual.size > 0) rests.push(releasedSet(restKey(parent), metric, restDigests));
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
    if (f && !hidden.has(key(cell, ORGANIZATIONS))) organizationsOf.set(cell, new Set(f.orgs.keys()));
  }
  const released: ReleasedSet[] = [...rests];
  for (const [cells, isHidden] of [[city, hidden], [country, countryHidden]] as const) {
    for (const [cell, metrics] of cells) for (const [metric, f] of metrics) if (!isHidden.has(key(cell, metric))) released.push(releasedSet(cell, metric, digestsOf(cell, metric, f.orgs)));
  }
  return { city: publish(city, CITY_RESOLUTION, hidden), country: publish(country, COUNTRY_RESOLUTION, countryHidden), suppressions, released, organizationsOf };
}

/** A state to record: the organizations sorted, each with its part's digest. */
function releasedSet(key: string, metric: string, digests: ReadonlyMap<string, string>): ReleasedSet {
  const orgs = [...digests.keys()].sort();
  return { key, metric, orgs, digests: orgs.map((o) => digests.get(o)!) };
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
