/**
 * Picking a site on the map: a small map (the same engine and offline basemap as the main
 * map) opened on request; a click there places the site — a marker, and the coordinates
 * handed to the form. Opened lazily: a map per form would cost every page render a WebGL
 * context.
 */
import { t } from "../i18n/index.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { createMap, type MapApi } from "./engine.ts";

/** Where the map opens without a site: Denmark and northern Germany. */
const DEFAULT_VIEW = { center: [10.4, 55.9] as [number, number], zoom: 5.6 };

const point = (lat: number, lon: number): GeoJSON.FeatureCollection => ({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [lon, lat] } }] });

/** The picker: a button that opens the map; `onPick` gets each clicked point. */
export function sitePicker(onPick: (lat: number, lon: number) => void, initial?: { lat: number; lon: number }): HTMLElement {
  const host = h("div", { class: "site-picker" });
  let map: MapApi | null = null;
  const open = h("button", {
    type: "button",
    "data-action": "pick-on-map",
    onclick: () => void show(),
  }, t("orgForms.pickOnMap"));
  replaceChildren(host, open);

  async function show(): Promise<void> {
    const container = h("div", { class: "site-picker-map", "data-testid": "site-picker-map" });
    replaceChildren(host, h("p", { class: "muted" }, t("orgForms.pickHint")), container);
    const view = initial ? { center: [initial.lon, initial.lat] as [number, number], zoom: 12 } : DEFAULT_VIEW;
    map = (await createMap(container, view)).map;
    // For the browser tests, as the main map is (views/map-view.ts).
    (window as unknown as { __turashPickerMap?: MapApi }).__turashPickerMap = map;
    map.addSource("picked", { type: "geojson", data: initial ? point(initial.lat, initial.lon) : { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "picked", type: "circle", source: "picked", paint: { "circle-radius": 8, "circle-color": "#c2410c", "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } });
    map.on("click", (e) => {
      (map!.getSource("picked") as { setData(d: GeoJSON.GeoJSON): void }).setData(point(e.lngLat.lat, e.lngLat.lng));
      host.dataset.picked = `${e.lngLat.lat},${e.lngLat.lng}`;
      onPick(e.lngLat.lat, e.lngLat.lng);
    });
    host.dataset.ready = "true";
  }

  return host;
}
