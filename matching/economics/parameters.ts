/**
 * Cost and emission parameters of the economics model. Orders of magnitude from public
 * sources, cited beside each value; every value can be overridden per call.
 */

export interface EconomicParams {
  /** Real discount rate for NPV (6 %: typical industrial hurdle for energy projects). */
  readonly discountRate: number;
  /** Investment horizon in years (district-heating pipes last 30+, contracts ~15). */
  readonly lifetimeYears: number;
  /** Industrial electricity incl. grid tariffs (Eurostat nrg_pc_205, DK/DE 2023: 0.10–0.20 €/kWh). */
  readonly electricityEurPerMWh: number;
  /** Grid emission factor (Energinet DK environmental declaration 2022 order of magnitude; EEA EU-27 ~0.25). */
  readonly gridTCo2PerMWh: number;
  /** Heat transmission pipe: fixed connection (substation, heat exchanger, metering). */
  readonly heatPipeFixedEur: number;
  /** Heat pipe €/m = base + perSqrtMW·√(peak MW); Danish Energy Agency technology catalogue for DH distribution/transmission, 2021: ~0.5–2.5 k€/m from DN100 to DN500. */
  readonly heatPipeEurPerM: number;
  readonly heatPipeEurPerMPerSqrtMW: number;
  /** Steam lines cost more than hot-water lines (insulation, condensate return). */
  readonly steamPipeFactor: number;
  /** Heat loss per km of pre-insulated pipe (DEA: 1–2 %/km for transmission lines). */
  readonly heatLossPerKm: number;
  readonly steamLossPerKm: number;
  /** Pumping electricity per MWh of heat per km (district heating pumping ~1 % of heat over ~5 km). */
  readonly pumpingMWhElPerMWhKm: number;
  /** Water pipe (HDPE DN150–300 in trench: 150–400 €/m), €/m linear in the diameter between the two. */
  readonly waterPipeFixedEur: number;
  readonly waterPipeEurPerMAtDn150: number;
  readonly waterPipeEurPerMAtDn300: number;
  /** Design velocity of a water main: a rule of thumb of distribution-main design (1–2 m/s); no single published reference checked. Sized on fullLoadHours, which errs towards a larger pipe for continuous flows. */
  readonly waterVelocityMPerS: number;
  /** Water pumping ~0.05 kWh/m³/km at moderate head. */
  readonly waterPumpingKWhPerM3Km: number;
  readonly gasPipeFixedEur: number;
  readonly gasPipeEurPerM: number;
  readonly cableFixedEur: number;
  readonly cableEurPerM: number;
  /** Bulk trucking incl. empty return (ITF/Eurostat road freight ~0.08–0.15 €/t·km). */
  readonly truckEurPerTKm: number;
  /** Loading, weighing, paperwork per tonne. */
  readonly truckHandlingEurPerT: number;
  /** Storage/silo/contract set-up for a bulk exchange of the reference buffer size. */
  readonly truckFixedCapexEur: number;
  /** Buffer the reference set-up holds (judgement: a small silo or two tanks). */
  readonly truckReferenceBufferT: number;
  /** Days of throughput a trucked exchange buffers (rule of thumb: two weeks of deliveries). */
  readonly truckBufferDays: number;
  /** Truck emissions ~60 g CO2/t·km (GLEC framework v3, articulated truck, average load). */
  readonly truckTCo2PerTKm: number;
  /** Pipes and roads do not run straight: detour factors on the great-circle distance. */
  readonly routeFactorPipe: number;
  readonly routeFactorRoad: number;
  /** Large electric heat pumps (DEA technology catalogue 2021: 0.5–0.9 M€/MW heat). */
  readonly heatPumpEurPerKw: number;
  /** Share of the Carnot COP a real industrial heat pump reaches (0.45–0.55 typical). */
  readonly heatPumpCarnotEfficiency: number;
  readonly pipeMaintenanceShare: number;
  readonly heatPumpMaintenanceShare: number;
  /** Full-load hours used to size peak capacity when no peak is given. */
  readonly fullLoadHours: number;
}

export const DEFAULT_ECONOMIC_PARAMS: EconomicParams = Object.freeze({
  discountRate: 0.06,
  lifetimeYears: 15,
  electricityEurPerMWh: 120,
  gridTCo2PerMWh: 0.15,
  heatPipeFixedEur: 80_000,
  heatPipeEurPerM: 250,
  heatPipeEurPerMPerSqrtMW: 400,
  steamPipeFactor: 1.5,
  heatLossPerKm: 0.015,
  steamLossPerKm: 0.03,
  pumpingMWhElPerMWhKm: 0.002,
  waterPipeFixedEur: 30_000,
  waterPipeEurPerMAtDn150: 150,
  waterPipeEurPerMAtDn300: 400,
  waterVelocityMPerS: 1.5,
  waterPumpingKWhPerM3Km: 0.05,
  gasPipeFixedEur: 40_000,
  gasPipeEurPerM: 150,
  cableFixedEur: 50_000,
  cableEurPerM: 120,
  truckEurPerTKm: 0.12,
  truckHandlingEurPerT: 3,
  truckFixedCapexEur: 25_000,
  truckReferenceBufferT: 100,
  truckBufferDays: 14,
  truckTCo2PerTKm: 0.00006,
  routeFactorPipe: 1.2,
  routeFactorRoad: 1.3,
  heatPumpEurPerKw: 700,
  heatPumpCarnotEfficiency: 0.5,
  pipeMaintenanceShare: 0.01,
  heatPumpMaintenanceShare: 0.02,
  fullLoadHours: 4000,
});
