/**
 * Persisting a flow's ranked matches only when its result changed. A fingerprint of the
 * rows — ids, scores, routes and both flows' versions, in rank order — is kept in Redis
 * for a day per flow (`match:fp:<flow>`, ids.ts): the same fingerprint again means the
 * graph and the ledger already hold these rows, so recomputing an unchanged flow (a cache
 * expiry, a counterpart's refresh) writes nothing and adds no ledger row. Invalidating a
 * flow drops its fingerprint (service.ts), so the next computation persists again.
 */
import { createHash } from "node:crypto";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import { fingerprintKey } from "./ids.ts";
import { persistMatches } from "./store.ts";
import type { StoredMatch } from "./stored-match.ts";

const FINGERPRINT_TTL_SECONDS = 24 * 3600;

/** The fingerprint of a flow's rows: what decides whether persisting would change anything. */
export function fingerprintOf(rows: readonly StoredMatch[]): string {
  return createHash("sha1")
    .update(rows.map((r) => `${r.id}:${r.score}:${r.route}:${r.supplyVersion}:${r.demandVersion}`).join(","))
    .digest("hex");
}

/** Persist `rows` as the matches of `flowId` unless they are what was persisted last; true when it wrote. */
export async function persistIfChanged(stores: { readonly neo4j: Driver; readonly knex: Knex; readonly redis: Redis }, flowId: string, rows: readonly StoredMatch[]): Promise<boolean> {
  const key = fingerprintKey(flowId);
  const fingerprint = fingerprintOf(rows);
  if ((await stores.redis.get(key)) === fingerprint) return false;
  await persistMatches(stores.neo4j, stores.knex, rows);
  await stores.redis.set(key, fingerprint, "EX", FINGERPRINT_TTL_SECONDS);
  return true;
}
