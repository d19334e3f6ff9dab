/** How sites leave the API. */
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import type { Site } from "../../../domain/schemas/site.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";

export const SiteView = z.object({
  id: wire.id(),
  orgId: wire.id(),
  name: wire.name(),
  address: z.record(wire.code(), wire.text()).nullable(),
  lat: z.number(),
  lon: z.number(),
  region: wire.name().nullable(),
  version: z.number(),
  updatedAt: wire.time(),
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
