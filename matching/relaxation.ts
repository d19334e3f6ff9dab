/**
 * Fallback relaxation: when nothing passes the strict constraints, widen the radius
 * and loosen the quality margins step by step, stopping at the first step that yields
 * a match. The result says exactly what was relaxed.
 *
 * Steps (radius factor, temperature margin, purity tolerance):
 * strict (×1, m, t) → (×1.5, 0.6m, t+2) → (×2, 0.2m, t+5) → (×3, 0, t+10).
 */
import type { Relaxation } from "./types.ts";

export interface RelaxationStep {
  readonly radiusFactor: number;
  readonly temperatureMarginK: number;
  readonly purityTolerancePct: number;
}

/** The steps, starting with the strict one. */
export function relaxationSteps(marginK: number, purityTolerancePct: number): RelaxationStep[] {
  return [
    { radiusFactor: 1, temperatureMarginK: marginK, purityTolerancePct },
    { radiusFactor: 1.5, temperatureMarginK: marginK * 0.6, purityTolerancePct: purityTolerancePct + 2 },
    { radiusFactor: 2, temperatureMarginK: marginK * 0.2, purityTolerancePct: purityTolerancePct + 5 },
    { radiusFactor: 3, temperatureMarginK: 0, purityTolerancePct: purityTolerancePct + 10 },
  ];
}

/** What `step` relaxes relative to `strict`; empty for the strict step. */
export function describeRelaxation(strict: RelaxationStep, step: RelaxationStep): Relaxation[] {
  const out: Relaxation[] = [];
  if (step.radiusFactor !== strict.radiusFactor) out.push({ parameter: "radius", from: strict.radiusFactor, to: step.radiusFactor });
  if (step.temperatureMarginK !== strict.temperatureMarginK) {
    out.push({ parameter: "temperatureMarginK", from: strict.temperatureMarginK, to: step.temperatureMarginK });
  }
  if (step.purityTolerancePct !== strict.purityTolerancePct) {
    out.push({ parameter: "purityTolerancePct", from: strict.purityTolerancePct, to: step.purityTolerancePct });
  }
  return out;
}
