/**
 * Quality factor: how well temperature, purity and pressure of the supply fit the demand.
 * Each fit is in [0, 1]; the factor is their product (any one bad fit spoils the match).
 */

import { clamp01 } from "./clamp.ts";
import { part, reasonText, type CodedReason, type ReasonParts } from "../reasons.ts";

/**
 * Largest exergy penalty of a direct supply (supply 100 K or more hotter than needed):
 * its fit never falls below 1 − this. Mild, because a hotter supply still serves.
 */
const MAX_EXERGY_PENALTY = 0.15;
/** Fit of a thermal pair with an undeclared temperature (see temperatureFit). */
export const UNKNOWN_TEMPERATURE_FIT = 1 - MAX_EXERGY_PENALTY;

/**
 * Temperature fit. Unknown temperature on a thermal pair: UNKNOWN_TEMPERATURE_FIT, the
 * fit of the least good direct supply — missing data must not by itself push a heat
 * supply below a fuel that serves the same need, nor lift it above a supply that
 * declares a compatible temperature; the uncertainty goes to trust and the economics'
 * ranges instead (see factors/trust.ts).
 * Heat-pump pairs: 0.35 + 0.08·COP, at most 0.75 (works, but costs electricity and capex).
 * Direct supply: 1, minus up to MAX_EXERGY_PENALTY for wasting exergy (supply far hotter
 * than needed).
 * Non-thermal pairs: 1.
 */
export function temperatureFit(thermal: number, supplyC: number, demandC: number, marginK: number, cop: number): number {
  if (thermal === 0) return 1;
  if (Number.isNaN(supplyC) || Number.isNaN(demandC)) return UNKNOWN_TEMPERATURE_FIT;
  if (cop > 0) {
    const f = 0.35 + 0.08 * cop;
    return f > 0.75 ? 0.75 : f;
  }
  const excess = thermal === 1 ? supplyC - demandC - marginK : demandC - supplyC - marginK;
  const over = excess > 100 ? 1 : excess < 0 ? 0 : excess / 100;
  return 1 - MAX_EXERGY_PENALTY * over;
}

/**
 * Purity fit: 1 when the supply meets the demand's minimum; inside the relaxed
 * tolerance it falls linearly to 0.5; unknown on either side 0.85.
 */
export function purityFit(supplyPct: number, demandPct: number, tolerancePct: number): number {
  if (Number.isNaN(supplyPct) || Number.isNaN(demandPct)) return 0.85;
  const gap = demandPct - supplyPct;
  if (gap <= 0) return 1;
  if (tolerancePct <= 0) return 0.5;
  const f = 1 - (0.5 * gap) / tolerancePct;
  return f < 0.5 ? 0.5 : f;
}

/** Pressure fit: supply at or above the need's pressure 1, else the ratio; unknown 0.9. */
export function pressureFit(supplyBar: number, demandBar: number): number {
  if (Number.isNaN(supplyBar) || Number.isNaN(demandBar) || demandBar <= 0) return 0.9;
  if (supplyBar >= demandBar) return 1;
  return supplyBar <= 0 ? 0 : supplyBar / demandBar;
}

/** The quality factor: the product of the fits, the use fit (factors/use-fit.ts) included. */
export function qualityScore(tempFit: number, purFit: number, presFit: number, useFit = 1): number {
  return clamp01(tempFit * purFit * presFit * useFit);
}

/** One-line reason. */
export function explainQuality(
  supplyC: number,
  demandC: number,
  cop: number,
  supplyPct: number,
  demandPct: number,
  thermal = 0,
  useFit: ReasonParts = [],
): string {
  return reasonText(qualityParts(supplyC, demandC, cop, supplyPct, demandPct, thermal, useFit));
}

/** The quality reason's coded parts; `useFit` are the use fit's (factors/use-fit.ts useFitParts). */
export function qualityParts(supplyC: number, demandC: number, cop: number, supplyPct: number, demandPct: number, thermal = 0, useFit: ReasonParts = []): ReasonParts {
  const parts: CodedReason[] = [];
  if (thermal !== 0 && (Number.isNaN(supplyC) || Number.isNaN(demandC))) {
    parts.push(part(Number.isNaN(supplyC) ? "quality.supplyTemperatureUndeclared" : "quality.needTemperatureUndeclared"));
  } else if (!Number.isNaN(supplyC) && !Number.isNaN(demandC)) {
    parts.push(
      cop > 0
        ? part("quality.heatPump", { fromC: Math.round(supplyC), toC: Math.round(demandC), cop })
        : part("quality.temperature", { supplyC: Math.round(supplyC), needC: Math.round(demandC) }),
    );
  }
  if (!Number.isNaN(supplyPct) && !Number.isNaN(demandPct)) parts.push(part("quality.purity", { supplyPct, needPct: demandPct }));
  parts.push(...useFit);
  return parts.length > 0 ? parts : [part("quality.none")];
}
