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
 * Internal rate of return by bisection on [−0.99, 10]: the rate where NPV = 0. Null when
 * undefined: no capex (infinite return) or the savings never repay the capex
 * (no sign change in the bracket).
 */
export function irr(capexEur: number, annualEur: number, years: number): number | null {
  if (capexEur <= 0 || annualEur <= 0 || years <= 0) return null;
  let lo = -0.99;
  let hi = 10;
  if (npv(capexEur, annualEur, lo, years) < 0 || npv(capexEur, annualEur, hi, years) > 0) return null;
  // NPV falls monotonically in the rate for this cash-flow shape, so bisection converges.
  for (let i = 0; i < 100 && hi - lo > 1e-9; i++) {
    const mid = (lo + hi) / 2;
    if (npv(capexEur, annualEur, mid, years) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
