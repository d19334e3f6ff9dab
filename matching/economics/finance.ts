/**
 * Discounted cash-flow arithmetic for a project with one up-front capex and a constant
 * yearly saving: NPV, simple payback, IRR by bisection.
 */

/** Present value of 1 €/yr for `years` at `rate` (the annuity factor). */
export function annuityFactor(rate: number, years: number): number {
  if (years <= 0) return 0;
  if (rate === 0) return years;
  // expm1/log1p keep full precision for rates near zero, where 1 − (1+r)^−n cancels.
  return -Math.expm1(-years * Math.log1p(rate)) / rate;
}

/** NPV = −capex + annual · annuityFactor(rate, years). */
export function npv(capexEur: number, annualEur: number, rate: number, years: number): number {
  return -capexEur + annualEur * annuityFactor(rate, years);
}

/** Simple payback in years, or null when the saving never repays the capex. */
export function paybackYears(capexEur: number, annualEur: number): number | null {
  if (annualEur <= 0) return capexEur <= 0 ? 0 : null;
  return Math.max(0, capexEur) / annualEur;
}

/**
 * Internal rate of return: the rate where NPV = 0, by bisection. Defined whenever the
 * payback is finite and there is something to repay (capex > 0, annual > 0, years > 0):
 * NPV then falls monotonically from +∞ at a rate of −100 % to −capex + annual/rate for
 * large rates, so exactly one root exists. Null otherwise: no capex (an infinite return)
 * or savings that never come.
 */
export function irr(capexEur: number, annualEur: number, years: number): number | null {
  if (!(capexEur > 0) || !(annualEur > 0) || !(years > 0)) return null;
  let lo = -1 + 1e-9;
  let hi = 1;
  // The bracket grows until NPV turns negative: a quick payback has an IRR of many 100 %.
  while (npv(capexEur, annualEur, hi, years) > 0 && hi < 1e12) hi *= 2;
  if (npv(capexEur, annualEur, lo, years) < 0) return lo;
  // Halve to float resolution: near −100 % the NPV is steep, so a fixed tolerance would not do.
  for (let i = 0; i < 2100; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (npv(capexEur, annualEur, mid, years) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
