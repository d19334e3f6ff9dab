/**
 * Why deals failed, by the closed catalogue of reason codes every ending carries
 * (DEAL_REASON_CODES in domain/schemas/deal.ts): every code is listed, with zero where
 * none ended so, so a chart shows the same bars from one period to the next.
 */
import { DEAL_REASON_CODES, type DealReasonCode } from "../schemas/deal.ts";
import type { MatchFacts } from "./facts.ts";

/** How many deals ended with one reason code, split by how they ended. */
export interface ReasonCount {
  readonly code: DealReasonCode;
  readonly failed: number;
  readonly cancelled: number;
}

/** Counts per reason code over every deal ending of the matches, in catalogue order. */
export function failureReasons(facts: readonly MatchFacts[]): ReasonCount[] {
  const counts = new Map<DealReasonCode, { failed: number; cancelled: number }>(DEAL_REASON_CODES.map((c) => [c, { failed: 0, cancelled: 0 }]));
  for (const f of facts) for (const e of f.endings) counts.get(e.code)![e.state] += 1;
  return DEAL_REASON_CODES.map((code) => ({ code, ...counts.get(code)! }));
}
