/**
 * Confidential organizations' sites arrive only as H3 cells (`kind: "cell"`, the cell's
 * centre as a point, no name, no site id). On the map each becomes its hexagon and a halo
 * at the centre, so nobody mistakes it for a site's exact spot. h3-js loads with the map.
 */
import type { MapCellProps, MapFeature } from "../rest/types.ts";

type H3 = typeof import("h3-js");

let h3: Promise<H3> | null = null;
/** h3-js, loaded once (it is only needed where cells are drawn). */
export const loadH3 = (): Promise<H3> => (h3 ??= import("h3-js"));

/** The hexagon and the centre halo of each cell, carrying its role and resource types. */
export function cellGeoJson(cells: readonly MapFeature<MapCellProps>[], lib: H3): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  for (const c of cells) {
    const props = { kind: "cell", cell: c.properties.cell, role: c.properties.role, sites: c.properties.sites, resourceTypes: c.properties.resourceTypes.join(",") };
    const ring = lib.cellToBoundary(c.properties.cell, true);
    features.push({ type: "Feature", properties: props, geometry: { type: "Polygon", coordinates: [ring] } });
    features.push({ type: "Feature", properties: props, geometry: c.geometry });
  }
  return { type: "FeatureCollection", features };
}
