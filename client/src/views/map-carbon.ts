/**
 * The map's carbon layer control: a toggle beside the other layer toggles (off at first)
 * that draws the organization's own sites sized by the CO2 their matches avoid per year,
 * from GET /organizations/{id}/carbon/sites, with a legend of sizes and units. Only the
 * viewer's own sites are in it — counterparts are never placed (the route's rule).
 */
import type { CarbonSiteProperties } from "../../../contract/carbon.ts";
import type { MapApi } from "../map/engine.ts";
import { LAYERS, carbonRadius, setGeoJson } from "../map/layers.ts";
import { t } from "../i18n/index.ts";
import { get } from "../rest/http.ts";
import { h } from "../ui/dom.ts";
import { num } from "../ui/format.ts";
import { svg } from "../ui/svg.ts";

type CarbonSiteCollection = GeoJSON.FeatureCollection<GeoJSON.Point, CarbonSiteProperties>;

/** Legend sizes: round figures spanning what the layer shows. */
function samples(max: number): number[] {
  const top = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(1, max))));
  return [top / 100, top / 10, top].filter((v) => v >= 1);
}

/** The toggle and the legend; both go on the map. */
export function carbonLayerControl(map: MapApi, mapEl: HTMLElement, orgIds: readonly string[]): { toggle: HTMLElement; legend: HTMLElement } {
  const box = h("input", { type: "checkbox", id: "layer-carbon", "data-layer-toggle": "carbon" });
  const legend = h("div", { class: "carbon-legend", "data-testid": "carbon-legend", hidden: true });
  let loaded = false;
  async function load(): Promise<void> {
    const all = await Promise.all(orgIds.map((id) => get<CarbonSiteCollection>(`/organizations/${encodeURIComponent(id)}/carbon/sites`)));
    const features = all.flatMap((c) => c.features).map((f) => ({ ...f, properties: { ...f.properties, label: `${num(f.properties.co2TPerYear)} ${t("carbon.layerUnit")}` } }));
    setGeoJson(map, "carbon-sites", { type: "FeatureCollection", features });
    mapEl.dataset.carbonSites = String(features.length);
    const max = Math.max(0, ...features.map((f) => f.properties.co2TPerYear));
    const row = (v: number) => {
      const r = carbonRadius(v);
      const dot = svg("svg", { width: 2 * r + 4, height: 2 * r + 4, "aria-hidden": "true" });
      dot.append(svg("circle", { cx: r + 2, cy: r + 2, r, class: "carbon-legend-dot" }));
      return h("li", {}, dot, h("span", {}, `${num(v)} ${t("carbon.layerUnit")}`));
    };
    legend.replaceChildren(h("strong", {}, t("carbon.layerLegend")), features.length === 0 ? h("p", { class: "muted" }, t("carbon.layerEmpty")) : h("ul", {}, samples(max).map(row)));
    loaded = true;
  }
  box.addEventListener("change", () => {
    const visibility = box.checked ? "visible" : "none";
    for (const layer of [LAYERS.carbon, LAYERS.carbonLabels]) map.setLayoutProperty(layer, "visibility", visibility);
    legend.hidden = !box.checked;
    mapEl.dataset.carbon = box.checked ? "on" : "off";
    if (box.checked && !loaded) void load().catch((e: unknown) => legend.replaceChildren(h("p", {}, t("common.error", { message: String(e) }))));
  });
  return { toggle: h("label", { class: "layer-toggle layer-carbon", for: "layer-carbon" }, box, t("carbon.layer")), legend };
}
