/**
 * The numeric core of a match's economics, shared by the hot path (economics factor)
 * and the full explanation, so the score and the reported figures never disagree.
 */
import {
  RULE_CO2,
  RULE_CONVERSION_COST,
  RULE_EFFICIENCY,
} from "../compatibility.ts";
import { monthCount } from "../factors/temporal.ts";
import { heatPumpMultiplier } from "../heat-pump.ts";
import { Slot } from "../slots.ts";
import type { FlowTable } from "../table.ts";
import { bufferCapexEur, heatPumpCapexEur, lineCapexEur, lineLossFraction, truckingOpexEur } from "./capex.ts";
import { co2AvoidedT } from "./co2.ts";
import type { EconomicParams } from "./parameters.ts";
import { Mode, TYPE_MODE } from "./transport.ts";
import { RULE_VALUE_EUR } from "./value.ts";

/**
 * Quantities, capex, yearly gross value, opex, net saving and CO2 of supply `s` →
 * demand `d`, reading Rule, Cop and DistanceKm from `out` (written by checkConstraints)
 * and writing the Slot.Supplied … Slot.PerUnit figures back.
 *
 * Quantities count only the common months and hours. Value: the consumer's current cost
 * (or, when it declares none, the price of what the by-product displaces times its
 * substitution ratio, value.ts) per need unit plus the supplier's avoided disposal per
 * supply unit; the supplier's asking price is a transfer between the two and cancels out.
 */
export function computeExchange(t: FlowTable, s: number, d: number, p: EconomicParams, out: Float64Array): void {
  const r = out[Slot.Rule]! | 0;
  const cop = out[Slot.Cop]!;
  const mode = TYPE_MODE[t.type[s]!]!;
  const truck = mode === Mode.Truck;
  const len = out[Slot.DistanceKm]! * (truck ? p.routeFactorRoad : p.routeFactorPipe);
  const loss = lineLossFraction(mode, len, p);
  const perUnit = RULE_EFFICIENCY[r]! * (1 - loss) * (cop > 0 ? heatPumpMultiplier(cop) : 1);

  const common = monthCount(t.months[s]! & t.months[d]!);
  const hs = t.hours[s]!;
  const hd = t.hours[d]!;
  const supplyWin = ((t.qty[s]! * common) / (t.monthCount[s]! || 1)) * (hd >= hs ? 1 : hd / hs);
  const demandWin = ((t.qty[d]! * common) / (t.monthCount[d]! || 1)) * (hs >= hd ? 1 : hs / hd);
  const supplyNU = supplyWin * perUnit;
  const delivered = supplyNU < demandWin ? supplyNU : demandWin;
  const supplied = perUnit > 0 ? delivered / perUnit : 0;

  // Size the line on declared peaks when there are any, else on full-load hours.
  const ps = t.peakKw[s]! * perUnit;
  const pd = t.peakKw[d]!;
  let peak = ps < pd ? ps : pd; // NaN-aware below
  if (peak !== peak) peak = ps === ps ? ps : pd;
  if (peak !== peak) peak = (delivered * 1000) / p.fullLoadHours;

  let capex = truck ? bufferCapexEur(supplied, p) : lineCapexEur(mode, len, peak, p, supplied);
  let opex = 0;
  let elec = 0;
  let tkm = 0;
  if (truck) {
    opex += truckingOpexEur(supplied, len, p);
    tkm = supplied * len;
  } else {
    opex += capex * p.pipeMaintenanceShare;
    if (mode === Mode.HeatPipe || mode === Mode.SteamPipe) elec += delivered * p.pumpingMWhElPerMWhKm * len;
    else if (mode === Mode.WaterPipe) elec += (supplied * p.waterPumpingKWhPerM3Km * len) / 1000;
  }
  if (cop > 0) {
    const hp = heatPumpCapexEur(peak, p);
    capex += hp;
    opex += hp * p.heatPumpMaintenanceShare;
    elec += delivered / cop;
  }
  opex += elec * p.electricityEurPerMWh + supplied * RULE_CONVERSION_COST[r]!;
  const cc = t.currentCost[d]!;
  const disp = t.disposal[s]!;
  const gross = delivered * (cc === cc ? cc : RULE_VALUE_EUR[r]!) + supplied * (disp === disp ? disp : 0);

  out[Slot.SupplyAsNeedUnits] = supplyNU;
  out[Slot.SupplyAsNeedUnitsAtSource] = loss < 1 ? supplyNU / (1 - loss) : supplyNU;
  out[Slot.DemandInWindow] = demandWin;
  out[Slot.Supplied] = supplied;
  out[Slot.Delivered] = delivered;
  out[Slot.CapexEur] = capex;
  out[Slot.GrossEur] = gross;
  out[Slot.OpexEur] = opex;
  out[Slot.NetEur] = gross - opex;
  out[Slot.Co2T] = co2AvoidedT(delivered, RULE_CO2[r]!, tkm, elec, p);
  out[Slot.ElectricityMWh] = elec;
  out[Slot.TruckTKm] = tkm;
  out[Slot.PeakKw] = peak;
  out[Slot.Mode] = mode;
  out[Slot.PerUnit] = perUnit;
}
