/**
 * Uncertainty from data precision: each flow's relative error by precision, combined
 * root-sum-square (independent errors of supplier and consumer figures).
 */
import type { Precision, Range } from "../types.ts";

/** Relative ± error of a figure of this precision. */
export const PRECISION_ERROR: Readonly<Record<Precision, number>> = Object.freeze({
  measured: 0.1,
  estimated: 0.3,
  rough: 0.6,
});

/**
 * Combined relative half-width for a result computed from both flows:
 * √(a² + b²), capped at 0.9 so a low bound keeps the sign information of the mid value.
 */
export function combinedUncertainty(a: Precision, b: Precision): number {
  const ea = PRECISION_ERROR[a];
  const eb = PRECISION_ERROR[b];
  return Math.min(0.9, Math.sqrt(ea * ea + eb * eb));
}

/** [mid·(1−u), mid, mid·(1+u)], ordered so low ≤ high also for negative mids. */
export function symmetricRange(mid: number, u: number): Range {
  const a = mid * (1 - u);
  const b = mid * (1 + u);
  return { low: Math.min(a, b), mid, high: Math.max(a, b) };
}
