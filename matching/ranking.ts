/**
 * Top-N selection with diversity: no single counterpart organization may take more
 * than `maxShare` of the N slots (at least one slot each), so a supplier with twenty
 * similar flows cannot crowd out everyone else.
 *
 * The cap is strict: when only a few organizations qualify, fewer than N matches come
 * back rather than breaking the cap.
 *
 * The order is total and independent of input order: score (higher first), then whether
 * the counterpart's plant usually has such a flow (by its NACE class, typical first: a
 * by-product from a plant that usually produces it is likelier to be real than a generic
 * listing), then the yearly net value (higher first), then distance (closer first), then
 * the counterpart flow id (code-unit order). Identical runs, and the same candidates in
 * any order, give the same rank 1. Scores are compared at 1e-6: two pairs whose factors
 * sum to the same score by different paths (a capped score, say) differ by float noise
 * (~1e-16), which must not decide ahead of the tie-breaks — it ranked a supply 6 km away
 * above its 0.8 km twin.
 */

/** Tie-break keys per candidate, aligned with the scores. */
export interface TieBreakKeys {
  /** 1 when the counterpart's NACE class usually has this flow (MatchContext.typicalFlows), else 0; absent = unknown for all. */
  readonly typical?: Uint8Array;
  /** Yearly net value of the pair (€/yr). */
  readonly valueEur: Float64Array;
  readonly distanceKm: Float64Array;
  /** Counterpart flow id: the last key, unique per candidate. */
  readonly ids: readonly string[];
}

/** Scores equal to six decimals are a tie: shown as percentages, a millionth is no difference an engineer sees. */
const SCORE_GRAIN = 1e6;

/** Slots one counterpart organization may take among N: max(1, ⌈maxShare·N⌉). */
export function diversityCap(topN: number, maxShare: number): number {
  return Math.max(1, Math.ceil(maxShare * topN - 1e-9));
}

/** Compares two candidates by the documented key; negative when `a` ranks first. */
export function compareCandidates(scores: Float64Array, keys: TieBreakKeys | undefined, a: number, b: number): number {
  // Quantized (not |Δ| < ε) so the order stays transitive.
  const ds = Math.round(scores[b]! * SCORE_GRAIN) - Math.round(scores[a]! * SCORE_GRAIN);
  if (ds !== 0) return ds;
  if (keys) {
    if (keys.typical) {
      const dt = keys.typical[b]! - keys.typical[a]!;
      if (dt !== 0) return dt;
    }
    const dv = keys.valueEur[b]! - keys.valueEur[a]!;
    if (dv !== 0 && dv === dv) return dv;
    const dd = keys.distanceKm[a]! - keys.distanceKm[b]!;
    if (dd !== 0 && dd === dd) return dd;
    const ia = keys.ids[a]!;
    const ib = keys.ids[b]!;
    if (ia !== ib) return ia < ib ? -1 : 1;
  }
  return a - b;
}

/**
 * Positions of the selected candidates, best first.
 * @param scores per candidate; negative = rejected
 * @param orgOf counterpart organization (any integer id) per candidate
 * @param keys tie-break keys; without them ties fall back to candidate position
 */
export function rankTopN(scores: Float64Array, orgOf: Int32Array, topN: number, maxShare: number, keys?: TieBreakKeys): Int32Array {
  const passed: number[] = [];
  for (let k = 0; k < scores.length; k++) if (scores[k]! >= 0) passed.push(k);
  passed.sort((a, b) => compareCandidates(scores, keys, a, b));
  const cap = diversityCap(topN, maxShare);
  const taken = new Map<number, number>();
  const out: number[] = [];
  for (const k of passed) {
    if (out.length >= topN) break;
    const org = orgOf[k]!;
    const c = taken.get(org) ?? 0;
    if (c >= cap) continue;
    taken.set(org, c + 1);
    out.push(k);
  }
  return Int32Array.from(out);
}
