/** How sites leave the API. */
import { z } from "zod";
import type { Site } from "../../../domain/schemas/site.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";

export const SiteView = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  address: z.record(z.string(), z.string()).nullable(),
  lat: z.number(),
  lon: z.number(),
  region: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});

/** Present a site. */
export function presentSite(stored: StoredEntity<Site>) {
  const s = stored.doc;
  return {
    id: stored.id,
    orgId: s.businessId,
    name: s.name,
    address: s.address ?? null,
    lat: s.lat,
    lon: s.lon,
    region: s.region ?? null,
    version: stored.version,
    updatedAt: stored.updatedAt,
  };
}
