/**
 * Which factor overrides were in force when: a past day's carbon is computed with the
 * values its organization had set by the end of that day, not with today's (issue 13,
 * rollups rebuildable). The changes come from the audit log
 * (ledgers/emission-factor-overrides.ts overrideHistory); this replays them.
 */
import type { FactorOverride, Overrides } from "./factors.ts";

/** One change of an override: its value from `at` on, or null when it was removed then. */
export interface OverrideChange {
  readonly orgId: string;
  readonly factorId: string;
  /** ISO instant. */
  readonly at: string;
  readonly override: FactorOverride | null;
}

/** The overrides in force at an instant, with how many changes had happened by then (equal counts, equal overrides). */
export interface OverridesAt {
  readonly changes: number;
  readonly overridesOf: (orgId: string) => Overrides;
}

const NONE: Overrides = new Map();

/**
 * A lookup of the overrides in force at any instant, from `history` (any order; a change
 * counts from its instant on, inclusive). Lookups of the same count of changes share one
 * replay, so a rebuild over many days replays once per change, not once per day.
 */
export function overridesInForce(history: readonly OverrideChange[]): (at: string) => OverridesAt {
  const sorted = [...history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const replays = new Map<number, OverridesAt>();
  return (at) => {
    let n = 0;
    while (n < sorted.length && sorted[n]!.at <= at) n++;
    const had = replays.get(n);
    if (had) return had;
    const byOrg = new Map<string, Map<string, FactorOverride>>();
    for (const c of sorted.slice(0, n)) {
      const org = byOrg.get(c.orgId) ?? byOrg.set(c.orgId, new Map()).get(c.orgId)!;
      if (c.override) org.set(c.factorId, c.override);
      else org.delete(c.factorId);
    }
    const out: OverridesAt = { changes: n, overridesOf: (orgId) => byOrg.get(orgId) ?? NONE };
    replays.set(n, out);
    return out;
  };
}
