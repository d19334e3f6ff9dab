/**
 * The one-line money reason of a match, written from the reported economics (not from
 * separate hot-path figures) so that the text and the numbers beside it cannot disagree:
 * the saving, capex, payback (capex ÷ net yearly saving) and IRR quoted are the fields.
 */
import { eur as eurShort } from "../factors/economics.ts";
import type { MatchEconomics } from "../types.ts";

/** A payback in words: months below a year (never "0.0 years"), else years to one decimal. */
export function paybackText(years: number): string {
  if (years < 1) return `${Math.max(1, Math.round(years * 12))} months`;
  return `${years.toFixed(1)} yr`;
}

/** An IRR in words ("23 %", "over 1,000 %"). */
export function irrText(irr: number): string {
  return irr >= 10 ? "over 1,000 %" : `${Math.round(irr * 100)} %`;
}

/** A price in words: "€40/MWh natural gas". */
export function priceText(e: Pick<MatchEconomics, "pricePerUnit" | "unit" | "displaces">): string {
  const p = e.pricePerUnit >= 100 ? Math.round(e.pricePerUnit).toString() : e.pricePerUnit.toPrecision(2).replace(/\.0+$/, "");
  return `€${p}/${e.unit} ${e.displaces}`;
}

/** The economics factor's reason, from the reported figures. */
export function moneyReason(e: MatchEconomics): string {
  const valued = `valued at ${priceText(e)}`;
  if (!(e.annualSavingsEur > 0)) {
    return `transport and conversion (€${eurShort(e.annualOpexEur)}/yr) cost more than the €${eurShort(e.annualGrossEur)}/yr the exchange is worth, ${valued}`;
  }
  const payback = e.paybackYears === null ? "" : `payback ${paybackText(e.paybackYears)}`;
  const irr = e.irr === null ? "" : `IRR ${irrText(e.irr)}`;
  const terms = [payback, irr].filter((x) => x !== "").join(", ");
  return `saves €${eurShort(e.annualSavingsEur)}/yr for €${eurShort(e.capexEur)} capex${terms ? ` (${terms})` : ""}, ${valued}`;
}
