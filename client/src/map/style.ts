/**
 * The offline basemap, all from the api itself (api/routes/map/basemap.ts): water as the
 * background, land and country borders from Natural Earth (world-atlas TopoJSON → GeoJSON in
 * the browser; 1:50m for the world, 1:10m loaded once the map is zoomed to a region), town
 * and city names from the GeoNames gazetteer for the box in view, and label glyphs of Noto
 * Sans. No tiles and no outside server: it works with no network.
 */
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { MapApi } from "./engine.ts";

export const BASEMAP_COLORS = { water: "#cfe3ef", land: "#f4f1ea", border: "#8c8479", coast: "#7fa6bf", label: "#3a3530", halo: "#ffffff" } as const;

/** The fonts the api serves glyphs for (spatial/glyph-ranges.ts). */
export const FONTS = { regular: ["Noto Sans Regular"], bold: ["Noto Sans Bold"] } as const;

/** From this zoom on, the 1:10m outlines replace the 1:50m ones. */
export const DETAIL_ZOOM = 5;

type Atlas = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
const ATLAS = (name: string) => `/api/v1/map/atlas/${name}.json`;
const empty: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

async function outlines(detail: "50m" | "10m"): Promise<{ land: GeoJSON.GeoJSON; borders: GeoJSON.GeoJSON }> {
  const [landTopo, countriesTopo] = await Promise.all([ATLAS(`land-${detail}`), ATLAS(`countries-${detail}`)].map(async (u) => (await fetch(u)).json() as Promise<Atlas>));
  return {
    land: feature(landTopo!, landTopo!.objects.land),
    borders: { type: "Feature", properties: {}, geometry: mesh(countriesTopo!, countriesTopo!.objects.countries, (a, b) => a !== b) },
  };
}

/** The basemap as a MapLibre style object (version 8). */
export async function offlineStyle(): Promise<Record<string, unknown>> {
  const coarse = await outlines("50m");
  const natural = "Natural Earth · GeoNames (CC BY 4.0)";
  const landPaint = { "fill-color": BASEMAP_COLORS.land };
  const coastPaint = { "line-color": BASEMAP_COLORS.coast, "line-width": ["interpolate", ["linear"], ["zoom"], 4, 0.6, 12, 1.6] };
  const borderPaint = { "line-color": BASEMAP_COLORS.border, "line-width": ["interpolate", ["linear"], ["zoom"], 3, 0.8, 10, 2], "line-dasharray": [3, 2] };
  return {
    version: 8,
    name: "turash-offline",
    glyphs: `${location.origin}/api/v1/map/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      land: { type: "geojson", data: coarse.land, attribution: natural },
      borders: { type: "geojson", data: coarse.borders },
      "land-detail": { type: "geojson", data: empty, tolerance: 0.2 },
      "borders-detail": { type: "geojson", data: empty },
      places: { type: "geojson", data: empty },
    },
    layers: [
      { id: "water", type: "background", paint: { "background-color": BASEMAP_COLORS.water } },
      // The coarse outlines show at every zoom until the 1:10m ones have loaded (attachOfflineBasemap).
      { id: "land", type: "fill", source: "land", paint: landPaint },
      { id: "coast", type: "line", source: "land", paint: coastPaint },
      { id: "land-detail", type: "fill", source: "land-detail", minzoom: DETAIL_ZOOM, paint: landPaint },
      { id: "coast-detail", type: "line", source: "land-detail", minzoom: DETAIL_ZOOM, paint: coastPaint },
      { id: "borders", type: "line", source: "borders", paint: borderPaint },
      { id: "borders-detail", type: "line", source: "borders-detail", minzoom: DETAIL_ZOOM, paint: borderPaint },
      {
        id: "place-dots",
        type: "circle",
        source: "places",
        minzoom: 5,
        paint: { "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 1.5, 12, 3], "circle-color": BASEMAP_COLORS.label, "circle-opacity": 0.6 },
      },
      {
        id: "place-labels",
        type: "symbol",
        source: "places",
        layout: {
          "text-field": ["get", "name"],
          "text-font": ["case", [">=", ["get", "population"], 100000], ["literal", FONTS.bold], ["literal", FONTS.regular]],
          // Bigger places, bigger names; at a region's zoom a town is readable.
          "text-size": ["interpolate", ["linear"], ["get", "population"], 1000, 11, 50000, 13, 500000, 15, 2000000, 17],
          "symbol-sort-key": ["-", 0, ["get", "population"]],
          "text-variable-anchor": ["top", "bottom", "left", "right"],
          "text-radial-offset": 0.5,
          "text-max-width": 8,
          "text-padding": 4,
        },
        paint: { "text-color": BASEMAP_COLORS.label, "text-halo-color": BASEMAP_COLORS.halo, "text-halo-width": 1.6, "text-halo-blur": 0.5 },
      },
    ],
  };
}

interface Place {
  readonly id: string;
  readonly name: string;
  readonly population: number;
  readonly lon: number;
  readonly lat: number;
}

/**
 * Keeps the offline basemap filled as the map moves: the 1:10m outlines once a region is
 * in view, and the names of the largest places in view.
 */
export function attachOfflineBasemap(map: MapApi): void {
  let detail: Promise<unknown> | null = null;
  let seq = 0;
  const setData = (source: string, data: GeoJSON.GeoJSON) => (map.getSource(source) as { setData(d: GeoJSON.GeoJSON): void } | undefined)?.setData(data);
  async function update(): Promise<void> {
    if (!detail && map.getZoom() >= DETAIL_ZOOM - 0.5) {
      detail = outlines("10m").then((o) => {
        setData("land-detail", o.land);
        setData("borders-detail", o.borders);
        // Only once the detail is drawn may the coarse outlines step aside: a region's zoom is
        // never all water, even on a slow machine where the 1:10m GeoJSON takes seconds to tile.
        map.once("idle", () => {
          for (const id of ["land", "coast", "borders"]) map.setLayerZoomRange(id, 0, DETAIL_ZOOM);
        });
      });
    }
    const b = map.getBounds();
    const bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((n) => n.toFixed(4)).join(",");
    const mine = ++seq;
    const res = await fetch(`/api/v1/map/places?bbox=${bbox}&limit=${map.getZoom() >= 9 ? 400 : 250}`);
    if (!res.ok || mine !== seq) return;
    const { items } = (await res.json()) as { items: Place[] };
    setData("places", {
      type: "FeatureCollection",
      features: items.map((p) => ({ type: "Feature", id: Number(p.id), properties: { name: p.name, population: p.population }, geometry: { type: "Point", coordinates: [p.lon, p.lat] } })),
    });
  }
  map.on("moveend", () => void update().catch(() => undefined));
  void update().catch(() => undefined);
}
