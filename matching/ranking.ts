/**
 * Top-N selection with diversity: no single counterpart organization may take more
 * than `maxShare` of the N slots (at least one slot each), so a supplier with twenty
 * similar flows cannot crowd out everyone else.
 *
 * The cap is strict: when only a few organizations qualify, fewer than N matches come
 * back rather than breaking the cap. Ties are broken by candidate position so results
 * are deterministic.
 */

/** Slots one counterpart organization may take among N: max(1, ⌈maxShare·N⌉). */
export function diversityCap(topN: number, maxShare: number): number {
  return Math.max(1, Math.ceil(maxShare * topN - 1e-9));
}

/**
 * Positions of the selected candidates, best first.
 * @param scores per candidate; negative = rejected
 * @param orgOf counterpart organization (any integer id) per candidate
 */
export function rankTopN(scores: Float64Array, orgOf: Int32Array, topN: number, maxShare: number): Int32Array {
  const passed: number[] = [];
  for (let k = 0; k < scores.length; k++) if (scores[k]! >= 0) passed.push(k);
  passed.sort((a, b) => scores[b]! - scores[a]! || a - b);
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
