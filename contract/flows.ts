/** A resource flow on the wire (`/resource-flows`): as declared, plus the normalized quantity (api/routes/resource-flows/presenter.ts). */
export interface FlowView {
  readonly id: string;
  readonly siteId: string;
  readonly orgId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly ewcCode: string | null;
  readonly quantity: { readonly value: number; readonly unit: string };
  readonly normalized: { readonly annual: number; readonly unit: string; readonly peakKW: number | null; readonly hoursPerYear: number; readonly assumptions: readonly string[] };
  readonly quality: Readonly<Record<string, unknown>> | null;
  readonly availability: Readonly<Record<string, unknown>> | null;
  readonly price: { readonly eurPerUnit: number } | null;
  readonly disposalCost: { readonly eurPerUnit: number } | null;
  /** Need: hazard classes (HP1–HP15) it accepts; null = none declared, so it accepts no hazardous input. */
  readonly acceptedHazardClasses: readonly string[] | null;
  /** The farthest this party ships or fetches, km; null = the resource type's radius. */
  readonly maxDistanceKm: number | null;
  /** Need: the least it takes per year, in `normalized.unit`; null = any amount. */
  readonly minAnnualQuantity: number | null;
  readonly precision: "rough" | "estimated" | "measured";
  readonly description: string | null;
  readonly estimatedFields: readonly string[];
  readonly dataQuality: { readonly score: number; readonly gaps: readonly string[] };
  readonly version: number;
  readonly updatedAt: string;
}
