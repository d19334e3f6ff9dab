/**
 * A threshold alert's rule, as pure functions: which carbon rollup figure it watches (a
 * metric of one stage, summed over the organization's rows), over how many days ending on
 * the evaluated day, and which side of the threshold fires it. The evaluator
 * (alert-evaluator.ts) reads the sum; this file decides.
 */
import { CARBON_METRICS, type CarbonMetric } from "./rollup-rows.ts";
import { CARBON_STAGES } from "./compute.ts";

/** The figures an alert may watch: every carbon metric the rollups hold (not the deliveries and counts kept for the civic projection). */
export const ALERT_METRICS = Object.keys(CARBON_METRICS) as [CarbonMetric, ...CarbonMetric[]];
/** The three figures kept apart (DESIGN.md): an alert watches one of them. */
export const ALERT_STAGES = CARBON_STAGES;
/** Windows, in days ending on the evaluated day (today, the last week, month, year). */
export const ALERT_WINDOWS = [1, 7, 30, 365] as const;
export const ALERT_COMPARISONS = ["above", "below"] as const;
export const ALERT_CHANNELS = ["in_app", "webhook"] as const;

/** What is compared, and how. */
export interface AlertRule {
  readonly metric: CarbonMetric;
  readonly stage: (typeof ALERT_STAGES)[number];
  readonly windowDays: (typeof ALERT_WINDOWS)[number];
  readonly comparison: (typeof ALERT_COMPARISONS)[number];
  readonly threshold: number;
}

const DAY_MS = 86_400_000;

/** The inclusive days (YYYY-MM-DD) of a window of `windowDays` ending on `day`. */
export function windowOf(day: string, windowDays: number): { from: string; to: string } {
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - (windowDays - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to: day };
}

/**
 * Does `value` fire the rule? Strictly beyond the threshold: a figure sitting exactly on it
 * has not crossed it, so "above 0" does not fire on an organization with nothing yet.
 */
export function fires(rule: Pick<AlertRule, "comparison" | "threshold">, value: number): boolean {
  return rule.comparison === "above" ? value > rule.threshold : value < rule.threshold;
}
