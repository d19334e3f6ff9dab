/**
 * The civic projection's published figure states (`civic_published_sets`: the organizations
 * of a figure and a keyed digest of each one's part, never the figure): read before
 * a release is decided, appended after, inside one transaction that holds an advisory lock,
 * so two api processes building releases at once take turns and each sees the other's sets.
 */
import { createHash } from "node:crypto";
import type { Knex } from "knex";

/** One published state. */
export interface PublishedSet {
  readonly key: string;
  readonly metric: string;
  readonly organizationIds: readonly string[];
  /** The digest of each organization's part, parallel to `organizationIds`. */
  readonly digests: readonly string[];
}

/** Each organization of a state with its part's digest (null: recorded before digests were kept). */
export type StoredState = Map<string, string | null>;

const CHUNK = 2_000;

/** Take the civic releases' lock for the rest of the transaction. */
export async function lockCivicReleases(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('civic_published_sets'))");
}

/** Every state published before for these keys, by `key metric`. */
export async function publishedSetsOf(knex: Knex, keys: readonly string[]): Promise<Map<string, StoredState[]>> {
  const out = new Map<string, StoredState[]>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = (await knex("civic_published_sets").whereIn("key", keys.slice(i, i + CHUNK)).select("key", "metric", "organization_ids", "organization_digests")) as {
      key: string;
      metric: string;
      organization_ids: string[];
      organization_digests: string[] | null;
    }[];
    for (const r of rows) {
      const k = `${r.key} ${r.metric}`;
      (out.get(k) ?? out.set(k, []).get(k)!).push(new Map(r.organization_ids.map((o, j) => [o, r.organization_digests?.[j] ?? null])));
    }
  }
  return out;
}

/** Remember these states (a state already known — same organizations, same digests — is kept once). */
export async function recordPublishedSets(knex: Knex, sets: readonly PublishedSet[]): Promise<void> {
  for (let i = 0; i < sets.length; i += CHUNK) {
    const rows = sets.slice(i, i + CHUNK).map((s) => {
      const pairs = s.organizationIds.map((o, j) => [o, s.digests[j]!] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return {
        key: s.key,
        metric: s.metric,
        // Over ids and digests: the same companies with one part changed are a new state.
        set_hash: createHash("sha256").update(pairs.map(([o, d]) => `${o} ${d}`).join("\n")).digest("hex"),
        organization_ids: pairs.map(([o]) => o),
        organization_digests: pairs.map(([, d]) => d),
      };
    });
    if (rows.length) await knex("civic_published_sets").insert(rows).onConflict(["key", "metric", "set_hash"]).ignore();
  }
}
