/**
 * Distance factor: what moving the resource over the distance costs against the value
 * it delivers; the great-circle kernel the constraints and the factor measure with.
 */

import { EARTH_RADIUS_KM } from "../../domain/geodesy.ts";
import { lineCapexEur, truckingOpexEur } from "../economics/capex.ts";
import { annuityFactor } from "../economics/finance.ts";
import type { EconomicParams } from "../economics/parameters.ts";
import { Mode } from "../economics/transport.ts";
import { clamp01 } from "./clamp.ts";
import { part, reasonText, type ReasonParts } from "../reasons.ts";

/**
 * Haversine distance in km between two points given in radians, with the cosines of
 * their latitudes precomputed (the table stores them, so the hot path skips two cos()).
 * The engine's kernel of domain/geodesy.ts's `distanceKm` (turf): same sphere, same
 * formula without turf's per-call arrays; distance.test.ts holds the two together.
 */
export function haversineKm(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const s1 = Math.sin((lat2 - lat1) * 0.5);
  const s2 = Math.sin((lon2 - lon1) * 0.5);
  const h = s1 * s1 + cos1 * cos2 * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h < 1 ? h : 1));
}

/**
 * How much of the value an exchange delivers is eaten by moving it: the yearly cost of
 * the line or the trucks (connection and distance-dependent capex as an annuity, plus
 * maintenance, pumping or haulage) against the yearly value delivered, as a score
 * 1 / (1 + (burden / 0.5)²) with burden = transport ÷ value: 1 when moving it is free,
 * 0.5 when transport takes half the value, 0.2 when it takes all of it.
 *
 * Scoring distance through cost, not against each resource's own radius, is what lets
 * one need compare different offer types like with like: a gas pipe over 0.5 km and a
 * steam pipe over 1.3 km are compared by what they cost against what they deliver.
 * The half is this engine's calibration (a scoring constant, not a sourced figure),
 * mild because the economics factor already charges the same cost against the net value.
 */
export function transportScore(transportEurPerYear: number, valueEurPerYear: number): number {
  if (!(valueEurPerYear > 0)) return 0;
  const x = (transportEurPerYear > 0 ? transportEurPerYear : 0) / (0.5 * valueEurPerYear);
  return clamp01(1 / (1 + x * x));
}

/**
 * Yearly cost of moving supply to demand over `distanceKm` (great circle; the route
 * factors of the economics parameters give the line or road length): the line's capex
 * (connection included) as an annuity over the lifetime plus its maintenance and
 * pumping, or the haulage of the tonnes supplied. Reads the same capex and haulage
 * functions as the economics, so the score and the reported figures agree.
 */
export function transportCostEur(mode: number, distanceKm: number, peakKw: number, supplied: number, delivered: number, p: EconomicParams): number {
  if (mode === Mode.Truck) {
    const road = distanceKm * p.routeFactorRoad;
    return truckingOpexEur(supplied, road, p) + p.truckFixedCapexEur / annuityFactor(p.discountRate, p.lifetimeYears);
  }
  const len = distanceKm * p.routeFactorPipe;
  const capex = lineCapexEur(mode, len, peakKw, p);
  let pumpingMWh = 0;
  if (mode === Mode.HeatPipe || mode === Mode.SteamPipe) pumpingMWh = delivered * p.pumpingMWhElPerMWhKm * len;
  else if (mode === Mode.WaterPipe) pumpingMWh = (supplied * p.waterPumpingKWhPerM3Km * len) / 1000;
  return capex / annuityFactor(p.discountRate, p.lifetimeYears) + capex * p.pipeMaintenanceShare + pumpingMWh * p.electricityEurPerMWh;
}

/**
 * One-line reason. Names the radius the pair was judged against: the resource's own,
 * or, after the fallback relaxed it, both (a pair 64 km apart is never said to be
 * "within the 50 km radius").
 */
export function explainDistance(distanceKm: number, baseRadiusKm: number, usedRadiusKm: number, transportEurPerYear: number, valueEurPerYear: number): string {
  return reasonText(distanceParts(distanceKm, baseRadiusKm, usedRadiusKm, transportEurPerYear, valueEurPerYear));
}

/** The distance reason's coded parts (explainDistance's sentence is rendered from them). */
export function distanceParts(distanceKm: number, baseRadiusKm: number, usedRadiusKm: number, transportEurPerYear: number, valueEurPerYear: number): ReasonParts {
  const where =
    distanceKm <= baseRadiusKm
      ? part("distance.withinRadius", { distanceKm, radiusKm: baseRadiusKm })
      : part("distance.relaxedRadius", { distanceKm, radiusKm: baseRadiusKm, relaxedKm: usedRadiusKm });
  const cost =
    valueEurPerYear > 0
      ? part("distance.transportShare", { costEur: transportEurPerYear, sharePct: Math.round((100 * transportEurPerYear) / valueEurPerYear), valueEur: valueEurPerYear })
      : part("distance.transport", { costEur: transportEurPerYear });
  return [where, cost];
}
