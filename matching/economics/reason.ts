/**
 * The one-line money reason of a match, written from the reported economics (not from
 * separate hot-path figures) so that the text and the numbers beside it cannot disagree:
 * the saving, capex, payback (capex ÷ net yearly saving) and IRR quoted are the fields.
 */
import { irrText, paybackText, part, reasonText, unitPriceText, type CodedReason, type ReasonParts } from "../reasons.ts";
import type { MatchEconomics } from "../types.ts";

export { irrText, paybackText };

/** A price in words: "€40/MWh natural gas". */
export function priceText(e: Pick<MatchEconomics, "pricePerUnit" | "unit" | "displaces">): string {
  return `€${unitPriceText(e.pricePerUnit)}/${e.unit} ${e.displaces}`;
}

/** The economics factor's reason, from the reported figures. */
export function moneyReason(e: MatchEconomics): string {
  return reasonText(moneyParts(e));
}

/** The economics reason's coded parts. */
export function moneyParts(e: MatchEconomics): ReasonParts {
  const valued = part("economics.valuedAt", { unitPrice: e.pricePerUnit, unit: e.unit, displaces: e.displaces }, ", ");
  if (!(e.annualSavingsEur > 0)) return [part("economics.loss", { opexEur: e.annualOpexEur, grossEur: e.annualGrossEur }), valued];
  const parts: CodedReason[] = [part("economics.saves", { savingsEur: e.annualSavingsEur, capexEur: e.capexEur })];
  if (e.paybackYears !== null && e.irr !== null) parts.push(part("economics.paybackIrr", { paybackYears: e.paybackYears, irr: e.irr }, ""));
  else if (e.paybackYears !== null) parts.push(part("economics.payback", { paybackYears: e.paybackYears }, ""));
  else if (e.irr !== null) parts.push(part("economics.irr", { irr: e.irr }, ""));
  return [...parts, valued];
}
