/** Deterministic identifiers and cache keys of the matching service. */
import { createHmac } from "node:crypto";

/**
 * The id of the match between a supply flow and a demand flow: `m_<24 hex>`, same pair →
 * same id. Keyed (HMAC-SHA256 with ID_SECRET) so the id is opaque: a party who knows its
 * own flow cannot test guesses of the counterpart's flow id against a match id.
 */
export function matchId(supplyFlowId: string, demandFlowId: string, idSecret: string): string {
  return `m_${createHmac("sha256", idSecret).update(`${supplyFlowId}|${demandFlowId}`).digest("hex").slice(0, 24)}`;
}

/** Redis key of a flow's cached result at a version (a new version is a new key). */
export const resultKey = (flowId: string, version: number) => `match:result:${flowId}:v${version}`;

/** Redis set of the result keys in which a flow appears (as source, match or near miss). */
export const dependentsKey = (flowId: string) => `match:deps:${flowId}`;

/** Redis key of the fingerprint of a flow's last persisted result (persist-if-changed.ts). */
export const fingerprintKey = (flowId: string) => `match:fp:${flowId}`;

/**
 * The id of the heat cluster around a supply flow: `cl_<24 hex>`, keyed like {@link matchId}
 * so a member cannot read the supplier's flow id out of it.
 */
export function clusterId(supplyFlowId: string, idSecret: string): string {
  return `cl_${createHmac("sha256", idSecret).update(`cluster|${supplyFlowId}`).digest("hex").slice(0, 24)}`;
}
