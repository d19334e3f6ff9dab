/**
 * The one place that knows which map library renders. Everything else speaks the shared
 * mapbox-gl map API through `MapApi` (GeoJSON sources, layers, events, camera).
 * MapLibre GL JS by default — no token, no network, the project's own offline style;
 * mapbox-gl with Mapbox Streets when GET /api/v1/client-config returns a token.
 */
import type { StyleSpecification } from "maplibre-gl";
import { offlineStyle } from "./style.ts";

/** A GeoJSON source as both engines expose it. */
export interface GeoJsonSourceApi {
  setData(data: GeoJSON.GeoJSON): unknown;
}

/** A rendered feature as both engines return it. */
export interface RenderedFeature {
  readonly id?: string | number;
  readonly geometry: GeoJSON.Geometry;
  readonly properties: Record<string, unknown> | null;
  readonly layer?: { id: string };
}

export interface LngLatBoundsApi {
  getWest(): number;
  getSouth(): number;
  getEast(): number;
  getNorth(): number;
}

export interface MapMouseEventApi {
  readonly point: { x: number; y: number };
  readonly lngLat: { lng: number; lat: number };
  readonly features?: RenderedFeature[];
}

/** The subset of the mapbox-gl Map API the client uses (MapLibre implements the same). */
export interface MapApi {
  on(type: string, listener: (e: MapMouseEventApi) => void): unknown;
  on(type: string, layer: string, listener: (e: MapMouseEventApi) => void): unknown;
  once(type: string, listener: () => void): unknown;
  addSource(id: string, source: Record<string, unknown>): unknown;
  getSource(id: string): unknown;
  addLayer(layer: Record<string, unknown>, before?: string): unknown;
  getLayer(id: string): unknown;
  setFilter(layer: string, filter: unknown[] | null): unknown;
  setPaintProperty(layer: string, name: string, value: unknown): unknown;
  getBounds(): LngLatBoundsApi;
  getZoom(): number;
  getCenter(): { lng: number; lat: number };
  easeTo(options: Record<string, unknown>): unknown;
  fitBounds(bounds: [[number, number], [number, number]], options?: Record<string, unknown>): unknown;
  project(lngLat: [number, number]): { x: number; y: number };
  queryRenderedFeatures(point?: unknown, options?: { layers?: string[] }): RenderedFeature[];
  getCanvas(): HTMLCanvasElement;
  isStyleLoaded(): boolean | void;
  resize(): unknown;
  remove(): void;
}

export type EngineName = "maplibre" | "mapbox";

export interface CreatedMap {
  readonly map: MapApi;
  readonly engine: EngineName;
}

let clientConfig: Promise<{ mapboxAccessToken: string | null }> | null = null;

/** GET /api/v1/client-config, once. A failure means "no token". */
export function loadClientConfig(): Promise<{ mapboxAccessToken: string | null }> {
  clientConfig ??= fetch("/api/v1/client-config")
    .then((r) => (r.ok ? (r.json() as Promise<{ mapboxAccessToken: string | null }>) : { mapboxAccessToken: null }))
    .catch(() => ({ mapboxAccessToken: null }));
  return clientConfig;
}

/** Create a map in `container`; resolves once its style has loaded. */
export async function createMap(container: HTMLElement, view: { center: [number, number]; zoom: number }): Promise<CreatedMap> {
  const { mapboxAccessToken } = await loadClientConfig();
  let map: MapApi;
  let engine: EngineName;
  if (mapboxAccessToken) {
    const [{ default: mapboxgl }] = await Promise.all([import("mapbox-gl"), import("mapbox-gl/dist/mapbox-gl.css")]);
    mapboxgl.accessToken = mapboxAccessToken;
    map = new mapboxgl.Map({ container, style: "mapbox://styles/mapbox/streets-v12", center: view.center, zoom: view.zoom, attributionControl: true }) as unknown as MapApi;
    engine = "mapbox";
  } else {
    const [{ default: maplibregl }, style] = await Promise.all([import("maplibre-gl"), offlineStyle(), import("maplibre-gl/dist/maplibre-gl.css")]);
    map = new maplibregl.Map({
      container,
      style: style as StyleSpecification,
      center: view.center,
      zoom: view.zoom,
      attributionControl: { compact: true },
      // Keeps the canvas readable for screenshots and tests (toDataURL).
      canvasContextAttributes: { preserveDrawingBuffer: true },
    }) as unknown as MapApi;
    engine = "maplibre";
  }
  await new Promise<void>((resolve) => {
    if (map.isStyleLoaded()) resolve();
    else map.once("load", () => resolve());
  });
  return { map, engine };
}
