/**
 * From a flow's stored readings to its measured annual quantity (pure). The rule:
 *
 * 1. The window is the 365 days ending at the latest reading's period end (not at "now",
 *    so a meter that stopped reporting still yields its last year, and the result
 *    depends only on the readings).
 * 2. Readings are taken in order of their period start; time already covered by an
 *    earlier reading is not counted twice (a reading overlapping covered time counts
 *    only its uncovered part, pro rata), and a reading straddling the window's start
 *    counts only its part inside the window, pro rata.
 * 3. Covered ≥ 11 months (11/12 of 365 days): the annual quantity is the sum — the
 *    year is measured, and short gaps are taken as time the flow did not run.
 *    Covered less: the sum is extrapolated to a year (sum × 365 days / covered), since a
 *    part-year says nothing of the rest.
 * 4. Covered < 7 days: no estimate (one hour of data is not a measured year; a week at
 *    least spans the weekday/weekend cycle).
 * 5. The result is rounded to 3 significant digits: measured data is good to about
 *    ±10 % (matching's precision bands), and rounding keeps meter noise from rewriting
 *    (and re-matching) the flow on every reading.
 */

const DAY_MS = 24 * 3600 * 1000;
/** The annualization window. */
export const YEAR_MS = 365 * DAY_MS;
/** Coverage from which the window's sum is taken as the year's quantity. */
export const FULL_COVERAGE_MS = (YEAR_MS * 11) / 12;
/** Coverage below which there is no estimate. */
export const MIN_COVERAGE_MS = 7 * DAY_MS;

/** One stored reading: its period (epoch ms, end > start) and its canonical amount over it. */
export interface MeasuredSpan {
  readonly start: number;
  readonly end: number;
  readonly amount: number;
}

/** An annual quantity measured from readings, with how it was obtained. */
export interface AnnualEstimate {
  /** Canonical annual amount, rounded to 3 significant digits. */
  readonly annual: number;
  readonly method: "sum" | "extrapolated";
  /** Time the readings cover inside the window, in days. */
  readonly coveredDays: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Readings that contributed. */
  readonly readings: number;
}

/** Tunables of {@link annualize}; the defaults are the documented rule. */
export interface AnnualizeOptions {
  readonly minCoverageMs?: number;
  readonly fullCoverageMs?: number;
}

/** `x` rounded to `digits` significant digits (0 stays 0). */
export function roundSignificant(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/**
 * The measured annual quantity of a flow from its readings (in any order), or undefined
 * when they cover less than the minimum (see the rule above).
 */
export function annualize(spans: readonly MeasuredSpan[], options: AnnualizeOptions = {}): AnnualEstimate | undefined {
  const valid = spans.filter((s) => s.end > s.start && Number.isFinite(s.amount));
  if (valid.length === 0) return undefined;
  // A reduce, not Math.max(...spread): a year of 15-minute readings is 35,000 spans.
  const windowEnd = valid.reduce((max, s) => Math.max(max, s.end), -Infinity);
  const windowStart = windowEnd - YEAR_MS;
  const ordered = [...valid].sort((a, b) => a.start - b.start || a.end - b.end);

  let coveredUntil = windowStart;
  let covered = 0;
  let total = 0;
  let used = 0;
  for (const span of ordered) {
    const from = Math.max(span.start, coveredUntil);
    if (span.end <= from) continue;
    total += (span.amount * (span.end - from)) / (span.end - span.start);
    covered += span.end - from;
    coveredUntil = span.end;
    used++;
  }

  if (covered < (options.minCoverageMs ?? MIN_COVERAGE_MS)) return undefined;
  const full = covered >= (options.fullCoverageMs ?? FULL_COVERAGE_MS);
  const annual = full ? total : (total * YEAR_MS) / covered;
  return { annual: roundSignificant(annual), method: full ? "sum" : "extrapolated", coveredDays: covered / DAY_MS, windowStart, windowEnd, readings: used };
}
