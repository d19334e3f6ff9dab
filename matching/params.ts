/**
 * Numeric parameters of one scoring pass (strict or relaxed).
 */
import { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./economics/parameters.ts";
import { DEFAULT_WEIGHTS, weightVector } from "./weights.ts";

export interface ScoringParams {
  /** Heat supply must be at least demand + margin (K) to feed without a heat pump. */
  readonly temperatureMarginK: number;
  readonly allowHeatPump: boolean;
  /** Largest lift (demand − supply, K) a heat pump is costed for. */
  readonly maxHeatPumpLiftK: number;
  /** Hottest output a standard industrial heat pump delivers. */
  readonly maxHeatPumpOutputC: number;
  /** Supply purity may fall this many points below the demand's minimum. */
  readonly purityTolerancePct: number;
  /** Multiplier on the resource radius (1 strict; the fallback raises it). */
  readonly radiusFactor: number;
  /** Bitmask (1 << Rejection code) of constraints to ignore; counterfactual probing only. */
  readonly lifted: number;
  /** Weights in FACTOR_NAMES order, summing to 1. */
  readonly weights: Float64Array;
  readonly economics: EconomicParams;
}

export const DEFAULT_SCORING_PARAMS: ScoringParams = Object.freeze({
  temperatureMarginK: 5,
  allowHeatPump: true,
  maxHeatPumpLiftK: 45,
  maxHeatPumpOutputC: 100,
  purityTolerancePct: 0,
  radiusFactor: 1,
  lifted: 0,
  weights: weightVector(DEFAULT_WEIGHTS),
  economics: DEFAULT_ECONOMIC_PARAMS,
});
