/**
 * CO2 avoided per year by an exchange: the displaced product's emissions (factor per
 * need unit from compatibility.json, sources cited there) minus what the exchange
 * itself emits (trucking, pumping and heat-pump electricity).
 */
import type { EconomicParams } from "./parameters.ts";

/**
 * tCO2/yr avoided.
 * @param deliveredUnits need units delivered per year
 * @param co2PerUnit tCO2 avoided per need unit (e.g. 0.224 t/MWh for heat replacing a
 *   gas boiler: 0.202 t/MWh (IPCC 2006) / 0.9; 0.8 t/t for fly ash replacing clinker (GCCA))
 * @param truckTKm tonne-kilometres trucked per year
 * @param electricityMWh electricity used per year (pumps, heat pump)
 */
export function co2AvoidedT(
  deliveredUnits: number,
  co2PerUnit: number,
  truckTKm: number,
  electricityMWh: number,
  p: EconomicParams,
): number {
  return deliveredUnits * co2PerUnit - truckTKm * p.truckTCo2PerTKm - electricityMWh * p.gridTCo2PerMWh;
}
