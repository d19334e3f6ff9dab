/**
 * Operating hours per year from a flow's declared availability, so that a rate (kW,
 * t/h, m3/h) is annualized with the hours the plant actually runs rather than a default.
 */
import type { Availability } from "./schemas/resource-flow.ts";

const HOURS_PER_YEAR = 8_760;
const WEEKS_PER_YEAR = 365 / 7;

/**
 * Hours per year the flow exists: schedule × share of months in season. Returns
 * undefined when the availability says nothing about time, so callers fall back to
 * the unit defaults. Months are counted as equal twelfths.
 */
export function operatingHoursPerYear(availability: Availability | undefined): number | undefined {
  if (!availability || (availability.schedule === undefined && availability.seasonality === undefined)) return undefined;
  const schedule = availability.schedule;
  const base =
    schedule === undefined || schedule === "24/7" ? HOURS_PER_YEAR : schedule.hoursPerWeek * WEEKS_PER_YEAR;
  const seasonShare = availability.seasonality ? availability.seasonality.length / 12 : 1;
  return base * seasonShare;
}
