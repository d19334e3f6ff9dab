/**
 * Trust factor: how reliable the numbers are (data precision of both flows) and
 * whether the organizations have delivered before (history).
 */

import { clamp01 } from "./clamp.ts";
import { part, reasonText, type CodedReason, type ReasonParts } from "../reasons.ts";

/** Reliability by precision code (0 rough, 1 estimated, 2 measured). */
export const PRECISION_TRUST: Float64Array = Float64Array.of(0.4, 0.7, 1);

/**
 * 0.75·√(pS·pD) + 0.25·(1 − e^(−h/3)), h = past successful exchanges of both orgs.
 * The geometric mean makes one rough side drag the pair down; history saturates after
 * a handful of exchanges.
 */
export function trustScore(precisionS: number, precisionD: number, historyS: number, historyD: number): number {
  const p = Math.sqrt(PRECISION_TRUST[precisionS]! * PRECISION_TRUST[precisionD]!);
  return clamp01(0.75 * p + 0.25 * (1 - Math.exp(-clamp01((historyS + historyD) / 30) * 10)));
}

/**
 * Precision of a side as the score and the economics' ranges read it: one step lower
 * (measured → estimated → rough) when a figure the pair hinges on is missing (a heat
 * pair without that side's temperature), so missing data widens the uncertainty and
 * lowers trust instead of flipping the quality ranking.
 */
export function effectivePrecision(precision: number, missingKeyFigure: boolean): number {
  return missingKeyFigure && precision > 0 ? precision - 1 : precision;
}

const NAMES = ["rough", "estimated", "measured"];

/** What a heat pair misses, for the trust reason. */
export type MissingTemperatures = "" | "supply" | "need" | "both";

const MISSING_CODE = { supply: "trust.noSupplyTemperature", need: "trust.noNeedTemperature", both: "trust.noTemperatures" } as const;

/**
 * One-line reason, naming the precision the score used and what lowered it.
 * @param missing which declared temperatures a heat pair misses, "" when nothing
 */
export function explainTrust(precisionS: number, precisionD: number, historyS: number, historyD: number, missing: MissingTemperatures = ""): string {
  return reasonText(trustParts(precisionS, precisionD, historyS, historyD, missing));
}

/** The trust reason's coded parts. */
export function trustParts(precisionS: number, precisionD: number, historyS: number, historyD: number, missing: MissingTemperatures = ""): ReasonParts {
  const h = historyS + historyD;
  const parts: CodedReason[] = [part("trust.precision", { supplyPrecision: NAMES[precisionS]!, demandPrecision: NAMES[precisionD]! })];
  if (missing !== "") parts.push(part(MISSING_CODE[missing], {}, ""));
  parts.push(h === 0 ? part("trust.noHistory") : part("trust.history", { count: h }));
  return parts;
}
