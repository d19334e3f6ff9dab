/**
 * Energy, water and CO2 of one flow: its yearly energy (MWh) or water (m³), and the CO2
 * its quantity stands for — for a need, what supplying it the usual way emits (the
 * displacement factor of its type); for an offer, what it would avoid if all of it were
 * used by the first need the compatibility table feeds it to (times that pair's
 * efficiency). Figures are per year, with the factor used.
 */
import compatibility from "../../matching/compatibility.json" with { type: "json" };
import { displacementFactor, gridFactorId, type GridLocation, type Overrides } from "../../domain/carbon/factors.ts";
import type { FlowCarbon } from "../../contract/carbon.ts";

/** A flow as the figure needs it. */
export interface FlowForCarbon extends GridLocation {
  readonly flowId: string;
  readonly siteId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly annualQuantity: number;
  readonly canonicalUnit: string | null;
}

export type { FlowCarbon } from "../../contract/carbon.ts";

const PAIRS = compatibility.pairs as readonly { offer: string; need: string; efficiency?: number }[];

/** The flow's figures with the organization's `overrides`. */
export function flowCarbon(f: FlowForCarbon, overrides: Overrides = new Map()): FlowCarbon {
  const grid = gridFactorId(f);
  let factor = displacementFactor(f.resourceType, grid, overrides) ?? null;
  let efficiency = 1;
  let assumedUse: string | undefined;
  if (f.direction === "offer") {
    const pair = PAIRS.find((p) => p.offer === f.resourceType && displacementFactor(p.need, grid, overrides) !== undefined);
    if (pair) {
      factor = displacementFactor(pair.need, grid, overrides)!;
      efficiency = pair.efficiency ?? 1;
      assumedUse = pair.need;
    }
  }
  const unit = (f.canonicalUnit ?? "").replace(/\/yr$/, "");
  const round = (x: number) => Number(x.toPrecision(10));
  return {
    flowId: f.flowId,
    siteId: f.siteId,
    direction: f.direction,
    resourceType: f.resourceType,
    annualQuantity: f.annualQuantity,
    unit,
    energyMWh: unit === "MWh" ? f.annualQuantity : 0,
    waterM3: unit === "m3" || unit === "m³" ? f.annualQuantity : 0,
    co2TPerYear: round(f.annualQuantity * efficiency * (factor?.value ?? 0)),
    factor,
    ...(assumedUse ? { assumedUse } : {}),
  };
}
