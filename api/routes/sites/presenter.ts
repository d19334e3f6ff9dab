/** How sites leave the API. */
import { z } from "zod";
import type { Site } from "../../../domain/schemas/site.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";
import { presentedId } from "../../../domain/node-ref.ts";

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

/** Present a site to a viewer belonging to `viewerOrgIds` (its members see the id they gave). */
export function presentSite(stored: StoredEntity<Site>, viewerOrgIds: readonly string[]) {
  const s = stored.doc;
  return {
    id: presentedId(stored.id, stored.orgId, viewerOrgIds),
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
