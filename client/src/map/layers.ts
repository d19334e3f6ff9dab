/**
 * The client's own sources and layers on top of any basemap: confidential organizations'
 * sites as H3 cells (a hexagon outline with a faint role fill, and a halo dot at the
 * cell's centre so it shows when zoomed out — never clickable, no name), clustered named
 * sites (your own, public organizations'), the selected site, the line from a site to a
 * named counterpart, marks of live (new) matches, and the carbon layer (the organization's
 * own sites sized by the CO2 their matches avoid, off until toggled).
 * Cluster counts are text in the basemap's label font (`labelFont`, from the engine).
 */
import type { GeoJsonSourceApi, MapApi } from "./engine.ts";
import { CATEGORY_COLORS, OTHER_CATEGORY, ROLE_COLORS, matchExpression } from "./palette.ts";

export const LAYERS = {
  cellFill: "cells-fill",
  cellOutline: "cells-outline",
  cellDots: "cells-dots",
  clusters: "site-clusters",
  clusterCounts: "site-cluster-counts",
  sites: "sites",
  selected: "site-selected",
  matchLine: "match-line",
  counterpart: "match-counterpart",
  live: "live-marks",
  carbon: "carbon-sites",
  carbonLabels: "carbon-site-labels",
} as const;

/** The carbon layer's circle radius (px) for tCO2/yr: by area, so twice the CO2 is twice the ink. */
export const CARBON_RADIUS_STOPS = [
  [0, 6],
  [10, 14],
  [40, 30],
] as const;

/** The radius the carbon layer draws for `t` tCO2/yr (the legend draws its samples with it). */
export function carbonRadius(t: number): number {
  const x = Math.sqrt(Math.max(0, t));
  for (let i = 1; i < CARBON_RADIUS_STOPS.length; i++) {
    const [x0, r0] = CARBON_RADIUS_STOPS[i - 1]!;
    const [x1, r1] = CARBON_RADIUS_STOPS[i]!;
    if (x <= x1) return r0 + ((x - x0) / (x1 - x0)) * (r1 - r0);
  }
  return CARBON_RADIUS_STOPS[CARBON_RADIUS_STOPS.length - 1]![1];
}

/** Layers of the anonymous cells (for queries and tests). */
export const CELL_LAYERS = [LAYERS.cellFill, LAYERS.cellOutline, LAYERS.cellDots] as const;

const empty: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

export function addOverlayLayers(map: MapApi, labelFont: readonly string[]): void {
  map.addSource("cells", { type: "geojson", data: empty });
  map.addSource("sites", { type: "geojson", data: empty, cluster: true, clusterRadius: 40, clusterMaxZoom: 11, promoteId: "id" });
  map.addSource("match-line", { type: "geojson", data: empty });
  map.addSource("live-marks", { type: "geojson", data: empty });
  map.addSource("carbon-sites", { type: "geojson", data: empty });

  const roleColor = matchExpression("role", ROLE_COLORS, ROLE_COLORS.none);
  map.addLayer({
    id: LAYERS.cellFill,
    type: "fill",
    source: "cells",
    filter: ["==", ["geometry-type"], "Polygon"],
    paint: { "fill-color": roleColor, "fill-opacity": 0.18 },
  });
  map.addLayer({
    id: LAYERS.cellOutline,
    type: "line",
    source: "cells",
    filter: ["==", ["geometry-type"], "Polygon"],
    paint: { "line-color": roleColor, "line-width": 1.5, "line-opacity": 0.8, "line-dasharray": [2, 1] },
  });
  map.addLayer({
    id: LAYERS.cellDots,
    type: "circle",
    source: "cells",
    filter: ["==", ["geometry-type"], "Point"],
    paint: {
      // A hollow halo: reads as "somewhere in this area", unlike the solid site dots.
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 5, 10, 9, 13, 4],
      "circle-color": "rgba(255,255,255,0.35)",
      "circle-stroke-color": roleColor,
      "circle-stroke-width": 2.5,
      "circle-blur": 0.15,
    },
  });
  map.addLayer({
    id: LAYERS.clusters,
    type: "circle",
    source: "sites",
    filter: ["has", "point_count"],
    paint: {
      "circle-color": "#2b8c8c",
      "circle-opacity": 0.75,
      "circle-radius": ["step", ["get", "point_count"], 12, 10, 16, 50, 22, 200, 28],
      "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 2,
    },
  });
  map.addLayer({
    id: LAYERS.sites,
    type: "circle",
    source: "sites",
    filter: ["!", ["has", "point_count"]],
    paint: {
      "circle-color": matchExpression("role", ROLE_COLORS, ROLE_COLORS.none),
      "circle-radius": ["case", ["==", ["get", "own"], true], 9, 6],
      "circle-stroke-color": matchExpression("category", CATEGORY_COLORS, OTHER_CATEGORY),
      "circle-stroke-width": ["case", ["==", ["get", "own"], true], 3.5, 2],
    },
  });
  map.addLayer({
    id: LAYERS.selected,
    type: "circle",
    source: "sites",
    filter: ["==", ["get", "id"], "__none__"],
    paint: { "circle-radius": 15, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#111111", "circle-stroke-width": 3 },
  });
  map.addLayer({
    id: LAYERS.matchLine,
    type: "line",
    source: "match-line",
    filter: ["==", ["geometry-type"], "LineString"],
    paint: { "line-color": "#111111", "line-width": 3, "line-dasharray": [2, 1.5] },
  });
  map.addLayer({
    id: LAYERS.counterpart,
    type: "circle",
    source: "match-line",
    filter: ["==", ["geometry-type"], "Point"],
    paint: { "circle-radius": 10, "circle-color": "#ffd92f", "circle-stroke-color": "#111111", "circle-stroke-width": 2.5 },
  });
  map.addLayer({
    id: LAYERS.live,
    type: "circle",
    source: "live-marks",
    paint: { "circle-radius": 18, "circle-color": "rgba(255,217,47,0.35)", "circle-stroke-color": "#e6ab02", "circle-stroke-width": 3 },
  });
  // Above the match line and the live marks: a cluster's number stays readable under them.
  map.addLayer({
    id: LAYERS.clusterCounts,
    type: "symbol",
    source: "sites",
    filter: ["has", "point_count"],
    layout: { "text-field": ["get", "point_count_abbreviated"], "text-font": labelFont, "text-size": 13, "text-allow-overlap": true, "text-ignore-placement": true },
    paint: { "text-color": "#ffffff", "text-halo-color": "#1d6464", "text-halo-width": 1 },
  });
  map.addLayer({
    id: LAYERS.carbon,
    type: "circle",
    source: "carbon-sites",
    layout: { visibility: "none" },
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "co2TPerYear"]], ...CARBON_RADIUS_STOPS.flat()],
      "circle-color": "rgba(46,139,87,0.45)",
      "circle-stroke-color": "#1e6b43",
      "circle-stroke-width": 2,
    },
  });
  map.addLayer({
    id: LAYERS.carbonLabels,
    type: "symbol",
    source: "carbon-sites",
    layout: { visibility: "none", "text-field": ["get", "label"], "text-font": labelFont, "text-size": 12, "text-offset": [0, 1.6], "text-anchor": "top", "text-allow-overlap": true },
    paint: { "text-color": "#14492d", "text-halo-color": "#ffffff", "text-halo-width": 1.5 },
  });
}

export function setGeoJson(map: MapApi, source: string, data: GeoJSON.GeoJSON): void {
  (map.getSource(source) as GeoJsonSourceApi | undefined)?.setData(data);
}

export function highlightSite(map: MapApi, siteId: string | null): void {
  map.setFilter(LAYERS.selected, ["==", ["get", "id"], siteId ?? "__none__"]);
}

/** Draw the line from a site to a match's counterpart (or clear it with null). */
export function showMatchLine(map: MapApi, from: [number, number] | null, to: [number, number] | null): void {
  if (!from || !to) return setGeoJson(map, "match-line", empty);
  setGeoJson(map, "match-line", {
    type: "FeatureCollection",
    features: [
      { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [from, to] } },
      { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: to } },
    ],
  });
}
