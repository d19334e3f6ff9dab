/** How organizations leave the API. */
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import { disclosureOf, type Business } from "../../../domain/schemas/business.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";
import type { OrganizationView as OrganizationWire } from "../../../contract/organizations.ts";

/** Response schema (for OpenAPI), held to the wire contract. */
export const OrganizationView = z.object({
  id: wire.id(),
  name: wire.name(),
  naceCode: wire.code(),
  size: wire.code().nullable(),
  disclosure: z.enum(["confidential", "public"]).describe("confidential: others see the organization only as an anonymous listing until both parties of a match said interested"),
  contact: z.object({ name: wire.name(), email: wire.name(), phone: wire.code().optional() }).nullable().describe("members only"),
  version: z.number(),
  updatedAt: wire.time(),
}) satisfies z.ZodType<OrganizationWire>;

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
  } satisfies OrganizationWire;
}
