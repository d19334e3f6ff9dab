/**
 * The civic projection's published organization sets (`civic_published_sets`): read before
 * a release is decided, appended after, inside one transaction that holds an advisory lock,
 * so two api processes building releases at once take turns and each sees the other's sets.
 */
import { createHash } from "node:crypto";
import type { Knex } from "knex";

/** One published set. */
export interface PublishedSet {
  readonly key: string;
  readonly metric: string;
  readonly organizationIds: readonly string[];
}

const CHUNK = 2_000;

/** Take the civic releases' lock for the rest of the transaction. */
export async function lockCivicReleases(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('civic_published_sets'))");
}

/** Every set published before for these keys, by `key metric`. */
export async function publishedSetsOf(knex: Knex, keys: readonly string[]): Promise<Map<string, Set<string>[]>> {
  const out = new Map<string, Set<string>[]>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = (await knex("civic_published_sets").whereIn("key", keys.slice(i, i + CHUNK)).select("key", "metric", "organization_ids")) as { key: string; metric: string; organization_ids: string[] }[];
    for (const r of rows) {
      const k = `${r.key} ${r.metric}`;
      (out.get(k) ?? out.set(k, []).get(k)!).push(new Set(r.organization_ids));
    }
  }
  return out;
}

/** Remember these sets (a set already known is kept once). */
export async function recordPublishedSets(knex: Knex, sets: readonly PublishedSet[]): Promise<void> {
  for (let i = 0; i < sets.length; i += CHUNK) {
    const rows = sets.slice(i, i + CHUNK).map((s) => ({
      key: s.key,
      metric: s.metric,
      set_hash: createHash("sha256").update([...s.organizationIds].sort().join("\n")).digest("hex"),
      organization_ids: [...s.organizationIds],
    }));
    if (rows.length) await knex("civic_published_sets").insert(rows).onConflict(["key", "metric", "set_hash"]).ignore();
  }
}
