/**
 * Map features as each caller may see them (DESIGN.md "Trust and disclosure"):
 * - the caller's own sites, and sites of organizations that chose to be public or with
 *   which the caller has a revealed match: points with the site's id and name;
 * - every other site (confidential organizations): only the H3 cell (res
 *   {@link MAP_CELL_RESOLUTION}) it lies in, with the resource types and roles of the sites
 *   in that cell and how many there are — no site id, no name, no exact point. The feature
 *   id is the cell, so nothing on the map joins with a match result or a site id.
 */
import { cellToLatLng, latLngToCell } from "h3-js";
import type { MapCellProps, MapFeature, MapSiteProps } from "../../../contract/map.ts";
import { externalOf } from "../../../domain/node-ref.ts";
import type { MapSiteRole, MapSiteRow } from "../../../spatial/map-sites.ts";
import type { NamedOrgHit } from "../../commands/map.ts";

/** Resolution of anonymized map cells (res 7 ≈ 5 km² a cell). */
export const MAP_CELL_RESOLUTION = 7;

/** A named site (own or public): the wire's (contract/map.ts). */
export type SiteFeature = MapFeature<MapSiteProps>;

/** Confidential sites of one H3 cell, shown at the cell's centre. */
export type CellFeature = MapFeature<MapCellProps>;

const orgName = (names: ReadonlyMap<string, string>, orgId: string): { orgName?: string } => {
  const name = names.get(orgId);
  return name === undefined ? {} : { orgName: name };
};

const merge = (a: MapSiteRole, b: MapSiteRole): MapSiteRole => (a === b || b === "none" ? a : a === "none" ? b : "both");

/**
 * The features of these rows for a caller of `ownOrgs`, given which other organizations are
 * named to it; a named site carries its organization's name from `orgNames` (when known) so
 * the map's search finds an organization by its name.
 */
export function mapFeatures(rows: readonly MapSiteRow[], ownOrgs: ReadonlySet<string>, namedOrgs: ReadonlySet<string>, orgNames: ReadonlyMap<string, string> = new Map()): (SiteFeature | CellFeature)[] {
  const named: SiteFeature[] = [];
  const cells = new Map<string, { role: MapSiteRole; types: Set<string>; sites: number }>();
  for (const r of rows) {
    const own = ownOrgs.has(r.orgId);
    if (own || namedOrgs.has(r.orgId)) {
      const id = own ? externalOf(r.siteId) : r.siteId;
      named.push({ type: "Feature", id, geometry: { type: "Point", coordinates: [r.lon, r.lat] }, properties: { kind: "site", id, role: r.role, resourceTypes: r.resourceTypes, own, name: r.name, ...orgName(orgNames, r.orgId) } });
      continue;
    }
    const cell = latLngToCell(r.lat, r.lon, MAP_CELL_RESOLUTION);
    const c = cells.get(cell) ?? { role: r.role, types: new Set<string>(), sites: 0 };
    c.role = merge(c.role, r.role);
    for (const t of r.resourceTypes) c.types.add(t);
    c.sites++;
    cells.set(cell, c);
  }
  const anonymous = [...cells].sort(([a], [b]) => a.localeCompare(b)).map(([cell, c]): CellFeature => {
    const [lat, lon] = cellToLatLng(cell);
    return {
      type: "Feature",
      id: `cell:${cell}`,
      geometry: { type: "Point", coordinates: [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5] },
      properties: { kind: "cell", id: `cell:${cell}`, cell, role: c.role, resourceTypes: [...c.types].sort(), own: false, sites: c.sites },
    };
  });
  return [...named, ...anonymous];
}

/** An organization found by the map's search: its name and its sites, with the ids the map's named points carry. */
export interface OrgSearchItem {
  readonly name: string;
  readonly own: boolean;
  readonly sites: { readonly id: string; readonly name: string; readonly lon: number; readonly lat: number }[];
}

/** The search's answer: site ids as on the map (your own by their external id), so a hit selects the drawn site. */
export function orgSearchItems(hits: readonly NamedOrgHit[]): OrgSearchItem[] {
  return hits.map((o) => ({ name: o.name, own: o.own, sites: o.sites.map((s) => ({ id: o.own ? externalOf(s.siteId) : s.siteId, name: s.name, lon: s.lon, lat: s.lat })) }));
}
