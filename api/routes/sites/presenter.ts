/** How sites leave the API. */
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import type { Site } from "../../../domain/schemas/site.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";
import { presentedId } from "../../../domain/node-ref.ts";
import type { SiteView as SiteWire } from "../../../contract/sites.ts";

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
}) satisfies z.ZodType<SiteWire>;

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
  } satisfies SiteWire;
}
