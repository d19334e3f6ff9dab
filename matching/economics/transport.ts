/**
 * How each resource type travels: heat and water by pipe, bulk by truck. Decided by
 * what is carried (the offer's type), compiled to a numeric table for the hot path.
 */
import { RESOURCE_TYPES } from "../../domain/taxonomy.ts";
import type { TransportMode } from "../types.ts";

/** Numeric codes of TransportMode, index into TRANSPORT_MODES. */
export const Mode = { HeatPipe: 0, SteamPipe: 1, WaterPipe: 2, GasPipe: 3, Cable: 4, Truck: 5 } as const;

export const TRANSPORT_MODES: readonly TransportMode[] = ["heat_pipe", "steam_pipe", "water_pipe", "gas_pipe", "cable", "truck"];

/** The transport mode for a resource type id (unknown types go by truck). */
export function transportModeFor(typeId: string): number {
  switch (typeId) {
    case "steam":
      return Mode.SteamPipe;
    case "waste_heat_low":
    case "waste_heat_high":
    case "process_heat":
    case "cooling":
      return Mode.HeatPipe;
    case "electricity":
      return Mode.Cable;
    case "biogas":
      return Mode.GasPipe;
  }
  const t = RESOURCE_TYPES.find((r) => r.id === typeId);
  // Water-like volumes go by pipe; everything measured in tonnes (CO2 liquefied,
  // hydrogen in tube trailers, bulk solids, sludges) by road.
  if (t?.quantityKind === "volume") return Mode.WaterPipe;
  return Mode.Truck;
}

/** Mode code per taxonomy type index. */
export const TYPE_MODE: Uint8Array = Uint8Array.from(RESOURCE_TYPES, (t) => transportModeFor(t.id));

/** True for modes that need a dedicated line (capex grows with distance). */
export function isLineMode(mode: number): boolean {
  return mode !== Mode.Truck;
}
