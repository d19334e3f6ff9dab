/**
 * Capital and transport costs by mode and distance. Pure numeric functions; the
 * hot path calls them per pair, so they take numbers and return numbers.
 */
import type { EconomicParams } from "./parameters.ts";
import { Mode } from "./transport.ts";

/**
 * Nominal diameter (mm) of a water main carrying `m3PerYear` over `hoursPerYear` at the
 * design velocity: d = √(4Q / πv).
 */
export function waterPipeDnMm(m3PerYear: number, hoursPerYear: number, p: EconomicParams): number {
  const q = Math.max(0, m3PerYear) / (Math.max(1, hoursPerYear) * 3600);
  return 1000 * Math.sqrt((4 * q) / (Math.PI * p.waterVelocityMPerS));
}

/**
 * Water pipe €/m for `m3PerYear`: linear in the diameter through the two cited points
 * (DN150, DN300), never below the DN150 price because the trench costs the same.
 */
export function waterPipeEurPerM(m3PerYear: number, hoursPerYear: number, p: EconomicParams): number {
  const dn = waterPipeDnMm(m3PerYear, hoursPerYear, p);
  const slope = (p.waterPipeEurPerMAtDn300 - p.waterPipeEurPerMAtDn150) / 150;
  return p.waterPipeEurPerMAtDn150 + slope * Math.max(0, dn - 150);
}

/**
 * Capex of a dedicated line (pipe or cable) of `lengthKm` carrying `peakKw` (heat) or
 * `m3PerYear` (water). Heat pipe cost per metre grows with √capacity (pipe diameter ~
 * √flow at fixed velocity); a water main with its diameter at the design velocity.
 * Returns the truck set-up cost for Mode.Truck.
 */
export function lineCapexEur(mode: number, lengthKm: number, peakKw: number, p: EconomicParams, m3PerYear = 0): number {
  const m = lengthKm * 1000;
  switch (mode) {
    case Mode.HeatPipe:
    case Mode.SteamPipe: {
      const perM = p.heatPipeEurPerM + p.heatPipeEurPerMPerSqrtMW * Math.sqrt(Math.max(0, peakKw) / 1000);
      const f = mode === Mode.SteamPipe ? p.steamPipeFactor : 1;
      return p.heatPipeFixedEur + f * perM * m;
    }
    case Mode.WaterPipe:
      return p.waterPipeFixedEur + waterPipeEurPerM(m3PerYear, p.fullLoadHours, p) * m;
    case Mode.GasPipe:
      return p.gasPipeFixedEur + p.gasPipeEurPerM * m;
    case Mode.Cable:
      return p.cableFixedEur + p.cableEurPerM * m;
    default:
      return p.truckFixedCapexEur;
  }
}

/**
 * Set-up capex of a trucked exchange, sized on its buffer: a silo or tank holding
 * `bufferDays` of the yearly `tonnes`, scaled from the reference set-up by the
 * six-tenths rule (cost ∝ capacity^0.6; Williams 1947, Peters, Timmerhaus & West,
 * Plant Design and Economics for Chemical Engineers, 5th ed., ch. 6), never below it.
 */
export function bufferCapexEur(tonnes: number, p: EconomicParams): number {
  const buffer = (Math.max(0, tonnes) * p.truckBufferDays) / 365;
  const k = buffer / p.truckReferenceBufferT;
  return p.truckFixedCapexEur * (k > 1 ? Math.pow(k, 0.6) : 1);
}

/**
 * How each mode's capex is sized, with its source, shown beside the figure.
 * Indexed by Mode.
 */
export const CAPEX_BASIS: readonly string[] = [
  "heat pipe: fixed connection + (base + k·√peak MW) €/m over the route (Danish Energy Agency technology catalogue for district heating transmission, 2021: ~0.5–2.5 k€/m from DN100 to DN500)",
  "steam pipe: as a heat pipe ×1.5 for insulation and condensate return (Danish Energy Agency technology catalogue, 2021, order of magnitude)",
  "water pipe: fixed connection + HDPE main in trench over the route, €/m linear in the diameter from 150 €/m at DN150 to 400 €/m at DN300, the diameter sized at 1.5 m/s (rule of thumb for water mains: 1–2 m/s)",
  "gas pipe: fixed connection + €/m over the route (order of magnitude for PE distribution pipe)",
  "cable: fixed connection + €/m over the route (order of magnitude for a medium-voltage cable in trench)",
  "truck: a silo or tank holding two weeks of throughput, scaled from a 100 t reference set-up by the six-tenths rule (Williams 1947; Peters, Timmerhaus & West, 5th ed.); a rule of thumb",
];

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
