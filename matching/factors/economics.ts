/**
 * Economics factor: does the value created pay for moving and converting the resource?
 */

import { clamp01 } from "./clamp.ts";

/**
 * 1 / (1 + payback / 4 years): immediate payback 1, four years 0.5, nothing when the
 * exchange loses money every year. Four years is a common industrial payback ceiling.
 */
export function economicsScore(annualNetEur: number, capexEur: number): number {
  if (!(annualNetEur > 0)) return 0;
  const payback = capexEur > 0 ? capexEur / annualNetEur : 0;
  return clamp01(1 / (1 + payback / 4));
}

/** One-line reason. */
export function explainEconomics(annualNetEur: number, capexEur: number): string {
  if (!(annualNetEur > 0)) return `transport and conversion cost more than the €${eur(-annualNetEur)}/yr the exchange is worth`;
  const payback = capexEur > 0 ? capexEur / annualNetEur : 0;
  return `saves €${eur(annualNetEur)}/yr for €${eur(capexEur)} capex (payback ${payback.toFixed(1)} yr)`;
}

/** Compact euro amount: 12.3k, 4.5M. */
export function eur(x: number): string {
  const a = Math.abs(x);
  const s = a >= 1e6 ? `${(a / 1e6).toFixed(1)}M` : a >= 1e3 ? `${(a / 1e3).toFixed(0)}k` : a.toFixed(0);
  return x < 0 ? `-${s}` : s;
}
