/**
 * A reading's value as an amount in its flow's canonical unit (MWh, t or m3) over the
 * reading's period, using the one unit catalogue (domain/units.ts):
 *
 * - a rate unit of the catalogue (`kW`, `t/h`, `MWh/day`…) is the mean rate over the
 *   period: amount = the rate's canonical annual amount at continuous operation
 *   (8,760 h) × period / 8,760 h — a meter's mean power over an hour is its energy;
 * - an amount unit (`MWh`, `GJ`, `t`, `m3`, `Nm3`…: any `<u>` whose `<u>/yr` is in the
 *   catalogue) is a total over the period: amount = the canonical amount of one `<u>/yr`
 *   × value. Resource-specific factors (steam t → MWh, CO2 Nm3 → t) apply as for flows.
 */
import { errors } from "../../domain/errors.ts";
import { acceptedUnits, checkUnit, CONTINUOUS_HOURS, findUnit, normalizeQuantity, type CanonicalUnit } from "../../domain/units.ts";

const PER_YEAR = "/yr";

/** True when `unit` is a rate of the catalogue or an amount whose per-year form is. */
export function isReadingUnit(unit: string): boolean {
  return findUnit(unit) !== undefined || findUnit(`${unit}${PER_YEAR}`) !== undefined;
}

/** Units a reading of this resource type may use: its amounts, then its rates. */
export function acceptedReadingUnits(resourceTypeId: string): string[] {
  const rates = acceptedUnits(resourceTypeId);
  const amounts = rates.filter((u) => u.endsWith(PER_YEAR)).map((u) => u.slice(0, -PER_YEAR.length));
  return [...amounts, ...rates];
}

/**
 * Convert a reading to its canonical amount over its period.
 * @param reading value (≥ 0) and unit as sent
 * @param periodSeconds length of the period the reading covers
 * @param resourceTypeId the flow's resource type, which decides the canonical unit
 * @throws UNKNOWN_UNIT / UNIT_MISMATCH naming `unit`, listing the accepted units
 */
export function readingAmount(reading: { value: number; unit: string }, periodSeconds: number, resourceTypeId: string): { amount: number; unit: CanonicalUnit } {
  const rate = findUnit(reading.unit);
  const spelling = rate ? reading.unit : `${reading.unit}${PER_YEAR}`;
  const check = checkUnit(spelling, resourceTypeId);
  if (!check.ok) {
    if (check.code === "UNKNOWN_RESOURCE_TYPE") throw errors.unknownResourceType("resourceType", resourceTypeId);
    if (check.code === "UNKNOWN_UNIT") throw errors.unknownUnit("unit", reading.unit, acceptedReadingUnits(resourceTypeId));
    throw errors.unitMismatch("unit", reading.unit, resourceTypeId, acceptedReadingUnits(resourceTypeId));
  }
  // Value 1, because normalizeQuantity refuses 0 and a zero reading is a real measurement.
  const perOne = normalizeQuantity({ value: 1, unit: spelling }, resourceTypeId, { hoursPerYear: CONTINUOUS_HOURS, field: "reading" });
  const factor = rate ? (perOne.annual * periodSeconds) / (CONTINUOUS_HOURS * 3600) : perOne.annual;
  return { amount: reading.value * factor, unit: perOne.unit };
}
