/** How organizations leave the API. */
import { z } from "zod";
import { disclosureOf, type Business } from "../../../domain/schemas/business.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";

/** Response schema (for OpenAPI). */
export const OrganizationView = z.object({
  id: z.string(),
  name: z.string(),
  naceCode: z.string(),
  size: z.string().nullable(),
  disclosure: z.enum(["confidential", "public"]).describe("confidential: others see the organization only as an anonymous listing until both parties of a match said interested"),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string().optional() }).nullable().describe("members only"),
  version: z.number(),
  updatedAt: z.string(),
});

/** Present an organization; `full` includes private contact data. */
export function presentOrganization(stored: StoredEntity<Business>, full: boolean) {
  const b = stored.doc;
  return {
    id: stored.id,
    name: b.name,
    naceCode: b.naceCode,
    size: b.size ?? null,
    disclosure: disclosureOf(b),
    contact: full ? (b.contact ?? null) : null,
    version: stored.version,
    updatedAt: stored.updatedAt,
  };
}
