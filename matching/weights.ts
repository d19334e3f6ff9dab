/**
 * Per-organization factor weights: partial input, validated, normalized to sum 1.
 */
import { FACTOR_NAMES, type FactorName, type Weights } from "./types.ts";

/**
 * Defaults: economics and distance decide most exchanges in practice (a by-product
 * nobody can afford to move is no match); quality and quantity next; trust and the
 * graph only break ties.
 */
export const DEFAULT_WEIGHTS: Weights = Object.freeze({
  distance: 0.2,
  quality: 0.15,
  quantity: 0.15,
  temporal: 0.1,
  economics: 0.25,
  trust: 0.1,
  graph: 0.05,
});

/**
 * Completes partial weights from `base` (missing factors keep their base weight) and
 * scales them to sum exactly 1.
 *
 * @throws Error naming the offending key when a key is unknown, a weight is negative
 *   or not finite, or every weight is zero.
 */
export function normalizeWeights(partial: Partial<Record<string, number>> = {}, base: Weights = DEFAULT_WEIGHTS): Weights {
  for (const key of Object.keys(partial)) {
    if (!(FACTOR_NAMES as readonly string[]).includes(key)) {
      throw new Error(`weights: unknown factor "${key}" (expected one of ${FACTOR_NAMES.join(", ")})`);
    }
  }
  const raw = {} as Record<FactorName, number>;
  let sum = 0;
  for (const name of FACTOR_NAMES) {
    const v = partial[name] ?? base[name];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`weights: "${name}" must be a finite number, got ${String(v)}`);
    if (v < 0) throw new Error(`weights: "${name}" must not be negative, got ${v}`);
    raw[name] = v;
    sum += v;
  }
  if (sum <= 0) throw new Error("weights: at least one factor must have a positive weight");
  let acc = 0;
  for (const name of FACTOR_NAMES) {
    raw[name] = raw[name] / sum;
    acc += raw[name];
  }
  // Push the rounding residue onto the largest weight so the sum is 1 to the last bit
  // that matters for comparisons.
  const largest = FACTOR_NAMES.reduce((a, b) => (raw[b] > raw[a] ? b : a));
  raw[largest] += 1 - acc;
  return Object.freeze(raw);
}

/** Weights as a Float64Array in FACTOR_NAMES order, for the hot path. */
export function weightVector(w: Weights): Float64Array {
  return Float64Array.from(FACTOR_NAMES, (n) => w[n]);
}
