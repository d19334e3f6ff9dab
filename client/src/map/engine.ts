/**
 * The one place that knows which map library renders. Everything else speaks the shared
 * mapbox-gl map API through `MapApi` (GeoJSON sources, layers, events, camera).
 * MapLibre GL JS by default — no token, no network, the project's own offline style;
 * mapbox-gl with Mapbox Streets when GET /api/v1/client-config returns a token; MapLibre on
 * the deployment's own style (streets, buildings) when it returns a `mapStyleUrl`.
 * Navigation (zoom, compass), scale and full-screen controls on either engine, their
 * tooltips and labels in the user's language.
 */
import type { StyleSpecification } from "maplibre-gl";
import { FONTS, attachOfflineBasemap, offlineStyle } from "./style.ts";
import { t } from "../i18n/index.ts";

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
  addControl(control: unknown, position?: string): unknown;
  flyTo(options: Record<string, unknown>): unknown;
  setLayoutProperty(layer: string, name: string, value: unknown): unknown;
  setLayerZoomRange(layer: string, minzoom: number, maxzoom: number): unknown;
  resize(): unknown;
  remove(): void;
}

export type EngineName = "maplibre" | "mapbox";

export interface CreatedMap {
  readonly map: MapApi;
  readonly engine: EngineName;
  /** The font stack of the client's own labels (cluster counts): one the basemap's glyph server has. */
  readonly labelFont: readonly string[];
}

interface ClientConfig {
  readonly mapboxAccessToken: string | null;
  readonly mapStyleUrl?: string | null;
}

let clientConfig: Promise<ClientConfig> | null = null;

/** GET /api/v1/client-config, once. A failure means "no token, offline basemap". */
export function loadClientConfig(): Promise<ClientConfig> {
  clientConfig ??= fetch("/api/v1/client-config")
    .then((r) => (r.ok ? (r.json() as Promise<ClientConfig>) : { mapboxAccessToken: null }))
    .catch(() => ({ mapboxAccessToken: null }));
  return clientConfig;
}

interface ControlLibrary {
  NavigationControl: new (o?: object) => unknown;
  ScaleControl: new (o?: object) => unknown;
  FullscreenControl: new (o?: object) => unknown;
}

/**
 * The engines' own UI strings (control tooltips and aria-labels) in the current language:
 * both take this table as the map's `locale`; the ids are the engines' (MapLibre's
 * default_locale, which mapbox-gl shares for these).
 */
export function controlLocale(): Record<string, string> {
  return {
    "NavigationControl.ZoomIn": t("mapClusters.zoomIn"),
    "NavigationControl.ZoomOut": t("mapClusters.zoomOut"),
    "NavigationControl.ResetBearing": t("mapClusters.resetBearing"),
    "FullscreenControl.Enter": t("mapClusters.enterFullscreen"),
    "FullscreenControl.Exit": t("mapClusters.exitFullscreen"),
    "AttributionControl.ToggleAttribution": t("mapClusters.toggleAttribution"),
    "Map.Title": t("mapClusters.mapTitle"),
  };
}

/** Options of {@link createMap}. */
export interface CreateMapOptions {
  /** What full screen shows: the map with its search box and toggles around it (default: the map alone). */
  readonly fullscreenContainer?: HTMLElement;
}

function addControls(map: MapApi, lib: ControlLibrary, options: CreateMapOptions): void {
  map.addControl(new lib.NavigationControl({ visualizePitch: false }), "top-right");
  map.addControl(new lib.FullscreenControl(options.fullscreenContainer ? { container: options.fullscreenContainer } : {}), "top-right");
  // Metric: the users are in Denmark and Germany.
  map.addControl(new lib.ScaleControl({ unit: "metric", maxWidth: 120 }), "bottom-left");
}

/** Create a map in `container`; resolves once its style has loaded. */
export async function createMap(container: HTMLElement, view: { center: [number, number]; zoom: number }, options: CreateMapOptions = {}): Promise<CreatedMap> {
  const { mapboxAccessToken, mapStyleUrl } = await loadClientConfig();
  let map: MapApi;
  let engine: EngineName;
  let labelFont: readonly string[] = FONTS.bold;
  if (mapboxAccessToken) {
    const [{ default: mapboxgl }] = await Promise.all([import("mapbox-gl"), import("mapbox-gl/dist/mapbox-gl.css")]);
    mapboxgl.accessToken = mapboxAccessToken;
    map = new mapboxgl.Map({ container, style: "mapbox://styles/mapbox/streets-v12", center: view.center, zoom: view.zoom, attributionControl: true, locale: controlLocale() }) as unknown as MapApi;
    engine = "mapbox";
    labelFont = ["DIN Pro Medium", "Arial Unicode MS Bold"];
    addControls(map, mapboxgl as unknown as ControlLibrary, options);
  } else {
    const [{ default: maplibregl }, style] = await Promise.all([import("maplibre-gl"), mapStyleUrl ? mapStyleUrl : offlineStyle(), import("maplibre-gl/dist/maplibre-gl.css")]);
    map = new maplibregl.Map({
      container,
      style: style as StyleSpecification | string,
      center: view.center,
      zoom: view.zoom,
      attributionControl: { compact: true },
      locale: controlLocale(),
      // Keeps the canvas readable for screenshots and tests (toDataURL).
      canvasContextAttributes: { preserveDrawingBuffer: true },
    }) as unknown as MapApi;
    engine = "maplibre";
    addControls(map, maplibregl as unknown as ControlLibrary, options);
  }
  await new Promise<void>((resolve) => {
    if (map.isStyleLoaded()) resolve();
    else map.once("load", () => resolve());
  });
  if (engine === "maplibre" && !mapStyleUrl) attachOfflineBasemap(map);
  // A view's fetches and live events can settle after it left and removed its map; the
  // engines then throw from getSource (their style is gone). A removed map has no sources.
  const remove = map.remove.bind(map);
  const getSource = map.getSource.bind(map);
  let removed = false;
  map.remove = () => {
    removed = true;
    remove();
  };
  map.getSource = (id: string) => (removed ? undefined : getSource(id));
  return { map, engine, labelFont };
}
