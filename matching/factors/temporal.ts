/**
 * Temporal factor: share of the demand's time that the supply is there for
 * (months, weekly hours) and how long both flows coexist (dates).
 */

import { clamp01 } from "./clamp.ts";
import { part, reasonText, type CodedReason, type ReasonParts } from "../reasons.ts";

/** Number of set bits of a 12-bit month mask. */
export function monthCount(mask: number): number {
  let c = 0;
  for (let x = mask & 0xfff; x; x &= x - 1) c++;
  return c;
}

/** Share of the demand's months and hours covered by the supply, in [0, 1]. */
export function timeCoverage(monthsS: number, monthsD: number, hoursS: number, hoursD: number): number {
  const md = monthCount(monthsD);
  if (md === 0) return 0;
  const h = hoursD <= 0 ? 1 : hoursS >= hoursD ? 1 : hoursS / hoursD;
  return (monthCount(monthsS & monthsD) / md) * h;
}

/**
 * Share of the investment horizon during which both flows exist. 1 when either
 * window is open-ended at the start or neither ends (nothing to say).
 */
export function dateCoverage(lo: number, hi: number, horizonDays: number): number {
  if (!Number.isFinite(hi) || !Number.isFinite(lo)) return 1;
  const f = (hi - lo) / horizonDays;
  return f <= 0 ? 0 : f > 1 ? 1 : f;
}

/** The temporal factor. */
export function temporalScore(coverage: number, dates: number): number {
  return clamp01(coverage * dates);
}

/** One-line reason. */
export function explainTemporal(monthsS: number, monthsD: number, coverage: number, dates: number): string {
  return reasonText(temporalParts(monthsS, monthsD, coverage, dates));
}

/** The temporal reason's coded parts (months as indices 0–11). */
export function temporalParts(monthsS: number, monthsD: number, coverage: number, dates: number): ReasonParts {
  const both = monthsS & monthsD & 0xfff;
  const missing = monthsD & ~monthsS & 0xfff;
  const parts: CodedReason[] = [both === 0xfff ? part("temporal.allYear") : part("temporal.overlap", { overlapMonths: monthCount(both), demandMonths: monthCount(monthsD) })];
  if (missing) parts.push(part("temporal.noSupplyIn", { missingMonths: [...Array(12).keys()].filter((i) => missing & (1 << i)) }, ""));
  if (coverage < 1 && both === (monthsD & 0xfff)) parts.push(part("temporal.hours", { hoursPct: Math.round(coverage * 100) }, ", "));
  if (dates < 1) parts.push(part("temporal.horizon", { horizonPct: Math.round(dates * 100) }, ", "));
  return parts;
}
