/**
 * The offline basemap: water as the background, land and country outlines from the
 * world-atlas the project ships (Natural Earth 1:50m, TopoJSON → GeoJSON in the browser).
 * No tiles, no glyphs, no sprites: nothing is fetched but the bundled atlas file.
 */
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlasUrl from "world-atlas/countries-50m.json?url";

export const BASEMAP_COLORS = { water: "#cfe3ef", land: "#f4f1ea", border: "#a9a39a", coast: "#8fb3c9" } as const;

type Atlas = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** The basemap as a MapLibre style object (version 8). */
export async function offlineStyle(): Promise<Record<string, unknown>> {
  const atlas = (await (await fetch(atlasUrl)).json()) as Atlas;
  const land = feature(atlas, atlas.objects.land);
  const borders = mesh(atlas, atlas.objects.countries, (a, b) => a !== b);
  return {
    version: 8,
    name: "turash-offline",
    sources: {
      land: { type: "geojson", data: land, attribution: "Natural Earth (world-atlas)" },
      borders: { type: "geojson", data: { type: "Feature", properties: {}, geometry: borders } },
    },
    layers: [
      { id: "water", type: "background", paint: { "background-color": BASEMAP_COLORS.water } },
      { id: "land", type: "fill", source: "land", paint: { "fill-color": BASEMAP_COLORS.land, "fill-outline-color": BASEMAP_COLORS.coast } },
      { id: "coast", type: "line", source: "land", paint: { "line-color": BASEMAP_COLORS.coast, "line-width": 0.8 } },
      { id: "borders", type: "line", source: "borders", paint: { "line-color": BASEMAP_COLORS.border, "line-width": 1, "line-dasharray": [3, 2] } },
    ],
  };
}
