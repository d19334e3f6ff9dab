/** How flow suggestions for an organization leave the API. */
import { z } from "zod";
import { wire, MAX_LISTED } from "../../http/wire.ts";
import type { Business } from "../../../domain/schemas/business.ts";
import type { FlowExpectations } from "../../../domain/flow-expectations.ts";
import { getResourceType } from "../../../domain/taxonomy.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";
import type { SuggestedFlowsView as SuggestedFlowsWire } from "../../../contract/organizations.ts";

/** Response schema (for OpenAPI), held to the wire contract. */
export const SuggestedFlowsView = z.object({
  organizationId: wire.id(),
  naceCode: wire.code(),
  matchedOn: z.enum(["class", "group", "division"]).nullable().describe("how closely the NACE code was matched; null when nothing is known for it"),
  items: z
    .array(
      z.object({
        direction: z.enum(["offer", "need"]),
        resourceType: wire.code(),
        label: wire.name(),
        typicalAnnual: z.object({ low: z.number(), high: z.number(), unit: wire.code() }).nullable().describe("typical annual amount in the canonical unit; null when the source gives no per-plant figure"),
        likelihood: z.number().describe("share of such plants that have the flow"),
        plant: wire.name(),
        nace: wire.code(),
        basis: wire.text(),
        source: wire.text(),
      }),
    )
    .max(MAX_LISTED),
}) satisfies z.ZodType<SuggestedFlowsWire>;

/** Present the expectations for an organization's NACE code. */
export function presentSuggestedFlows(stored: StoredEntity<Business>, expectations: FlowExpectations) {
  return {
    organizationId: stored.id,
    naceCode: stored.doc.naceCode,
    matchedOn: expectations.matchedOn,
    items: expectations.flows.map((f) => ({
      direction: f.direction,
      resourceType: f.resourceType,
      label: getResourceType(f.resourceType).label,
      typicalAnnual: f.typicalAnnual,
      likelihood: f.likelihood,
      plant: f.plant,
      nace: f.nace,
      basis: f.basis,
      source: f.source,
    })),
  } satisfies SuggestedFlowsWire;
}
