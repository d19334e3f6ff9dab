/**
 * Layout of the per-pair scratch buffer: the hot path writes intermediate numbers
 * here instead of allocating result objects; explanations read them back.
 */
export const Slot = {
  DistanceKm: 0,
  /** Factor scores in FACTOR_NAMES order occupy Factor0 … Factor0 + 6. */
  Factor0: 1,
  Rule: 8,
  Cop: 9,
  RadiusKm: 10,
  BaseRadiusKm: 11,
  TimeCoverage: 12,
  DateCoverage: 13,
  SupplyAsNeedUnits: 14,
  DemandInWindow: 15,
  Supplied: 16,
  Delivered: 17,
  CapexEur: 18,
  GrossEur: 19,
  OpexEur: 20,
  NetEur: 21,
  Co2T: 22,
  ElectricityMWh: 23,
  TruckTKm: 24,
  PeakKw: 25,
  Mode: 26,
  PerUnit: 27,
  /** Yearly cost of moving the resource (factors/distance.ts transportCostEur). */
  TransportEur: 28,
  /** The supply in need units before line losses: what share of it finds use (losses are not use). */
  SupplyAsNeedUnitsAtSource: 29,
} as const;

/** Scratch size. */
export const SLOT_COUNT = 30;

/** A fresh scratch buffer (allocate once per batch, reuse per pair). */
export function newScratch(): Float64Array {
  return new Float64Array(SLOT_COUNT);
}
