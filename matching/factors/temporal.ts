/**
 * Temporal factor: share of the demand's time that the supply is there for
 * (months, weekly hours) and how long both flows coexist (dates).
 */

import { clamp01 } from "./clamp.ts";

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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** One-line reason. */
export function explainTemporal(monthsS: number, monthsD: number, coverage: number, dates: number): string {
  const both = monthsS & monthsD & 0xfff;
  const missing = monthsD & ~monthsS & 0xfff;
  let s = both === 0xfff ? "both run all year" : `overlap in ${monthCount(both)} of the demand's ${monthCount(monthsD)} months`;
  if (missing) s += ` (no supply in ${MONTHS.filter((_, i) => missing & (1 << i)).join(", ")})`;
  if (coverage < 1 && both === (monthsD & 0xfff)) s += `, ${Math.round(coverage * 100)}% of the demand's hours`;
  if (dates < 1) s += `, coexisting ${Math.round(dates * 100)}% of the investment horizon`;
  return s;
}
