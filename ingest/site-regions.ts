/**
 * A site's region and country, derived from its point on every write (REST, imports,
 * seeds, `npm run regions:assign`), so civic aggregates can count on every site having
 * them once boundaries are loaded.
 *
 * The rule: the most specific loaded boundary containing the point (or within
 * {@link SITE_REGION_MARGIN_M} of it) is the site's `region`, and the `country` boundary it
 * lies in is its `address.country`. What the writer declared is kept only where no boundary
 * covers the point: a region code must name a loaded boundary, or the aggregates of the
 * region would miss the site, and a declared country contradicting the point would put the
 * site on another country's grid factor. The derivation is deterministic, so replaying a
 * write still changes nothing.
 */
import type { Knex } from "knex";
import type { Site } from "../domain/schemas/site.ts";
import { locatePoints, type PointRegions } from "../spatial/regions.ts";

/** The site with the located region and country applied (see the module comment). */
export function withPlace<S extends Site>(site: S, place: PointRegions | null): S {
  if (!place) return site;
  const region = place.region?.code ?? site.region;
  const country = place.country ?? site.address?.country;
  const address = country === undefined ? site.address : { ...site.address, country };
  return {
    ...site,
    ...(region === undefined ? {} : { region }),
    ...(address === undefined ? {} : { address }),
  };
}

/** Every site with its region and country located, in one batch of PostGIS lookups. */
export async function placeSites<S extends Site>(knex: Knex, sites: readonly S[]): Promise<S[]> {
  const places = await locatePoints(knex, sites.map((s) => ({ lat: s.lat, lon: s.lon })));
  return sites.map((s, i) => withPlace(s, places[i] ?? null));
}
