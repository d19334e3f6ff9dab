/**
 * A data-quality score per flow, 0–100: how much a match built on this flow can be
 * trusted as stated. It rewards what a plant engineer would check first — is the
 * quantity measured, is the temperature known for heat, when is it available, what does
 * it cost, is the waste coded — and discounts every field the platform filled in itself
 * (NACE defaults, coding help). Pure; the same score is shown in the API and stored on
 * the graph node.
 */
import { findResourceType } from "./taxonomy.ts";
import type { ResourceFlow } from "./schemas/resource-flow.ts";

const THERMAL = new Set(["waste_heat_low", "waste_heat_high", "steam", "process_heat", "cooling", "cooling_water"]);
const PRECISION_POINTS = { measured: 35, estimated: 22, rough: 8 } as const;

/** The score and what would raise it. */
export interface DataQuality {
  readonly score: number;
  /** What is missing or only estimated, worst first, as field paths. */
  readonly gaps: readonly string[];
}

type FlowFacts = Pick<ResourceFlow, "precision" | "resourceType" | "quality" | "availability" | "price" | "disposalCost" | "ewcCode" | "description" | "estimatedFields">;

/** Score one flow. */
export function dataQuality(flow: FlowFacts): DataQuality {
  const estimated = new Set(flow.estimatedFields ?? []);
  const gaps: string[] = [];
  let score = PRECISION_POINTS[flow.precision];
  if (flow.precision !== "measured") gaps.push("precision");
  // Quantity: 15 when declared, nothing when filled from a NACE default.
  if (estimated.has("quantity")) gaps.push("quantity");
  else score += 15;
  const thermal = THERMAL.has(flow.resourceType);
  if (thermal) {
    if (flow.quality?.temperatureC === undefined) gaps.push("quality.temperatureC");
    else if (estimated.has("temperatureC")) {
      score += 3;
      gaps.push("quality.temperatureC");
    } else score += 10;
  } else if (flow.quality?.purityPct !== undefined || flow.quality?.hazardClass !== undefined) score += 10;
  else gaps.push("quality");
  if (flow.availability?.schedule !== undefined && !estimated.has("schedule")) score += 10;
  else gaps.push("availability.schedule");
  if (flow.availability?.seasonality !== undefined || flow.availability?.start !== undefined || flow.availability?.schedule === "24/7") score += 5;
  else gaps.push("availability.seasonality");
  if (flow.price !== undefined || flow.disposalCost !== undefined) score += 10;
  else gaps.push("price");
  // Energy is identified by its type; materials and wastes by their EWC code.
  const needsCode = findResourceType(flow.resourceType)?.category !== "energy";
  if (!needsCode || (flow.ewcCode !== undefined && !estimated.has("ewcCode"))) score += 10;
  else gaps.push("ewcCode");
  if (flow.description !== undefined) score += 5;
  else gaps.push("description");
  if (estimated.has("resourceType")) {
    score -= 10;
    gaps.unshift("resourceType");
  }
  return { score: Math.max(0, Math.min(100, score)), gaps };
}
