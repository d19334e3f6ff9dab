/** Deterministic identifiers and cache keys of the matching service. */
import { createHash } from "node:crypto";

/** The id of the match between a supply flow and a demand flow: `m_<24 hex>`, same pair → same id. */
export function matchId(supplyFlowId: string, demandFlowId: string): string {
  return `m_${createHash("sha256").update(`${supplyFlowId}|${demandFlowId}`).digest("hex").slice(0, 24)}`;
}

/** Redis key of a flow's cached result at a version (a new version is a new key). */
export const resultKey = (flowId: string, version: number) => `match:result:${flowId}:v${version}`;

/** Redis set of the result keys in which a flow appears (as source, match or near miss). */
export const dependentsKey = (flowId: string) => `match:deps:${flowId}`;
