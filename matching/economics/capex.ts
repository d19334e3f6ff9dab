/**
 * Capital and transport costs by mode and distance. Pure numeric functions; the
 * hot path calls them per pair, so they take numbers and return numbers.
 */
import type { EconomicParams } from "./parameters.ts";
import { Mode } from "./transport.ts";

/**
 * Capex of a dedicated line (pipe or cable) of `lengthKm` carrying `peakKw`.
 * Heat pipe cost per metre grows with √capacity (pipe diameter ~ √flow at fixed velocity).
 * Returns the truck set-up cost for Mode.Truck.
 */
export function lineCapexEur(mode: number, lengthKm: number, peakKw: number, p: EconomicParams): number {
  const m = lengthKm * 1000;
  switch (mode) {
    case Mode.HeatPipe:
    case Mode.SteamPipe: {
      const perM = p.heatPipeEurPerM + p.heatPipeEurPerMPerSqrtMW * Math.sqrt(Math.max(0, peakKw) / 1000);
      const f = mode === Mode.SteamPipe ? p.steamPipeFactor : 1;
      return p.heatPipeFixedEur + f * perM * m;
    }
    case Mode.WaterPipe:
      return p.waterPipeFixedEur + p.waterPipeEurPerM * m;
    case Mode.GasPipe:
      return p.gasPipeFixedEur + p.gasPipeEurPerM * m;
    case Mode.Cable:
      return p.cableFixedEur + p.cableEurPerM * m;
    default:
      return p.truckFixedCapexEur;
  }
}

/** Yearly cost of trucking `tonnes` over `roadKm` (handling + €/t·km). */
export function truckingOpexEur(tonnes: number, roadKm: number, p: EconomicParams): number {
  return tonnes * (p.truckHandlingEurPerT + p.truckEurPerTKm * roadKm);
}

/** Heat-pump capex for `kw` of delivered heat capacity. */
export function heatPumpCapexEur(kw: number, p: EconomicParams): number {
  return Math.max(0, kw) * p.heatPumpEurPerKw;
}

/** Fraction of heat lost along a line of `lengthKm` (capped: nobody builds a line losing more). */
export function lineLossFraction(mode: number, lengthKm: number, p: EconomicParams): number {
  if (mode === Mode.HeatPipe) return Math.min(0.3, p.heatLossPerKm * lengthKm);
  if (mode === Mode.SteamPipe) return Math.min(0.4, p.steamLossPerKm * lengthKm);
  return 0;
}
