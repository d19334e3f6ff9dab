/**
 * The public civic dashboard (#/civic, #/civic/<region code>), without login: a municipality
 * picks its region and sees the k-anonymous heat map (H3 hexagons coloured by supply, demand
 * or matched potential in one unit; city or country resolution), a legend with units, the
 * totals, the top resource types as a chart, a paragraph in plain words, and the open-data
 * downloads. Everything comes from GET /public/regions/{code}/… — the same release the CSV
 * holds — so the page shows no figure the export does not, and no company at all.
 */
import { get } from "../rest/http.ts";
import { createMap, type MapApi } from "../map/engine.ts";
import { loadH3 } from "../map/cells.ts";
import { language, t } from "../i18n/index.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { quantity, quantityFigure, unitWord } from "../ui/format.ts";
import { barChart } from "./outcomes-charts.ts";
import "./outcomes.css";
import "./civic.css";

interface Region {
  readonly level: string;
  readonly code: string;
  readonly name: string;
}
interface TypeRow {
  readonly resourceType: string;
  readonly names: Readonly<Record<"en" | "da" | "de", string>>;
  readonly unit: string;
  readonly supply: number | null;
  readonly demand: number | null;
  readonly matched: number | null;
}
interface Summary {
  readonly region: Region;
  readonly generatedAt: string;
  readonly k: number;
  readonly resolutions: { readonly city: number; readonly country: number };
  readonly totals: Readonly<Record<string, number>>;
  readonly resourceTypes: readonly TypeRow[];
  readonly links: Readonly<Record<string, string>>;
}
interface Cell {
  readonly cell: string;
  readonly lat: number;
  readonly lon: number;
  readonly values: Readonly<Record<string, number>>;
  readonly withheld: number;
}

const KINDS = ["supply", "demand", "matched"] as const;
type Kind = (typeof KINDS)[number];
const UNITS = { mwh: "MWh/yr", t: "t/yr", m3: "m³/yr" } as const;
type UnitKey = keyof typeof UNITS;
/** Sequential ramps, light to dark, one per kind (colour-blind safe ColorBrewer ramps). */
const RAMPS: Readonly<Record<Kind, readonly string[]>> = {
  supply: ["#fff3d6", "#fdb863", "#e66101", "#8c2d04"],
  demand: ["#e3f0fb", "#92c5de", "#2b83ba", "#08306b"],
  matched: ["#e5f5e0", "#a1d99b", "#31a354", "#00441b"],
};
const SOURCE = "civic-cells";
const REGION_SOURCE = "civic-region";
export const CIVIC_LAYERS = { fill: "civic-cells-fill", outline: "civic-cells-outline", region: "civic-region-line" } as const;

/** A region's boundary as GET /public/regions/{code}/outline answers it. */
interface Outline {
  readonly type: "Feature";
  readonly geometry: { readonly type: "Polygon" | "MultiPolygon"; readonly coordinates: unknown[] };
}

/** Every [lon, lat] of a Polygon's or MultiPolygon's rings. */
const positionsOf = (coordinates: unknown): [number, number][] =>
  Array.isArray(coordinates) && typeof coordinates[0] === "number" ? [coordinates as [number, number]] : Array.isArray(coordinates) ? coordinates.flatMap(positionsOf) : [];
const DEFAULT_VIEW = { center: [10.5, 56.0] as [number, number], zoom: 6 };

const nf = (digits: number) => new Intl.NumberFormat(language(), { maximumFractionDigits: digits });
/** A figure as the page writes it: grouped, at most one decimal (the release's rounding). */
export const figure = (n: number) => nf(n >= 100 ? 0 : 1).format(n);
/** A figure and its unit through the one quantity formatter (ui/quantity-text.ts): "1.800 MWh/år". */
const withUnit = (n: number, unit: string) => quantity(n, unit);

/** The paragraph in plain words. */
function potentialText(s: Summary): string {
  const tot = s.totals;
  const companies = tot.organizations ?? 0;
  if (companies === 0) return t("civic.tooFew", { region: s.region.name, k: s.k });
  const amounts = (kind: Kind) =>
    (Object.keys(UNITS) as UnitKey[])
      .filter((u) => (tot[`${kind}_${u}`] ?? 0) > 0)
      .map((u) => withUnit(tot[`${kind}_${u}`]!, UNITS[u]))
      .join(t("civic.and"));
  const parts = [t("civic.textCompanies", { region: s.region.name, count: companies, n: figure(companies) })];
  const supply = amounts("supply");
  const demand = amounts("demand");
  if (supply && demand) parts.push(t("civic.textFlows", { supply, demand }));
  else if (supply) parts.push(t("civic.textSupplyOnly", { supply }));
  else if (demand) parts.push(t("civic.textDemandOnly", { demand }));
  const matched = amounts("matched");
  parts.push(matched ? t("civic.textMatched", { matched }) : t("civic.textNoMatched"));
  if ((tot.co2_avoided_t ?? 0) > 0) parts.push(t("civic.textCo2", { co2: figure(tot.co2_avoided_t!) }));
  if ((tot.partnerships ?? 0) > 0) parts.push(t("civic.textPartnerships", { count: tot.partnerships, n: figure(tot.partnerships!) }));
  const top = s.resourceTypes.find((r) => (r.matched ?? 0) > 0) ?? s.resourceTypes[0];
  if (top) parts.push(t("civic.textTop", { type: top.names[language()] }));
  parts.push(t("civic.textRule", { k: s.k }));
  return parts.join(" ");
}

/** Mount the dashboard; `code` preselects a region. Returns the cleanup. */
export async function mountCivic(root: HTMLElement, code: string | null): Promise<() => void> {
  const regions = (await get<{ items: Region[] }>("/public/regions")).items;
  const levels = [...new Set(regions.map((r) => r.level))];
  const picker = h(
    "select",
    { id: "civic-region", "aria-describedby": "civic-region-hint" },
    h("option", { value: "" }, t("civic.pickRegion")),
    levels.map((level) => {
      const group = document.createElement("optgroup");
      group.label = t(`civic.levels.${level}`, { defaultValue: level });
      group.append(...regions.filter((r) => r.level === level).map((r) => h("option", { value: `${r.level}:${r.code}` }, `${r.name} (${r.code})`)));
      return group;
    }),
  );
  const state: { kind: Kind; unit: UnitKey; resolution: "city" | "country" } = { kind: "supply", unit: "mwh", resolution: "city" };
  const radio = <V extends string>(name: string, value: V, label: string, checked: boolean, onPick: (v: V) => void) => {
    const input = h("input", { type: "radio", name, value, id: `civic-${name}-${value}`, checked });
    input.addEventListener("change", () => input.checked && onPick(value));
    return h("label", { for: `civic-${name}-${value}`, class: "civic-radio" }, input, label);
  };
  const layerToggles = h(
    "fieldset",
    { class: "civic-toggles" },
    h("legend", {}, t("civic.colourBy")),
    KINDS.map((k) => radio("kind", k, t(`civic.kinds.${k}`), k === state.kind, (v) => ((state.kind = v), draw()))),
  );
  const unitToggles = h(
    "fieldset",
    { class: "civic-toggles" },
    h("legend", {}, t("civic.unit")),
    (Object.keys(UNITS) as UnitKey[]).map((u) => radio("unit", u, unitWord(UNITS[u]), u === state.unit, (v) => ((state.unit = v), draw()))),
  );
  const resolutionToggles = h(
    "fieldset",
    { class: "civic-toggles" },
    h("legend", {}, t("civic.hexagons")),
    radio("resolution", "city", t("civic.city"), true, (v) => ((state.resolution = v), draw(true))),
    radio("resolution", "country", t("civic.country"), false, (v) => ((state.resolution = v), draw(true))),
  );
  const legend = h("div", { class: "civic-legend", "data-testid": "civic-legend", "aria-live": "polite" });
  const mapEl = h("div", { id: "civic-map", class: "civic-map", role: "region", "aria-label": t("civic.mapLabel") });
  const totalsEl = h("section", { class: "civic-totals", "data-testid": "civic-totals", "aria-label": t("civic.totals") });
  const textEl = h("p", { class: "civic-text", "data-testid": "civic-text" });
  const chartsEl = h("section", { class: "civic-charts card" });
  const downloads = h("section", { class: "civic-downloads card", "aria-labelledby": "civic-open-data" });
  const status = h("p", { class: "muted", role: "status" });
  replaceChildren(
    root,
    h(
      "div",
      { class: "civic-page" },
      h("header", { class: "civic-head" }, h("h1", {}, t("civic.title")), h("p", { class: "muted" }, t("civic.intro"))),
      h("div", { class: "field civic-pick" }, h("label", { for: "civic-region" }, t("civic.region")), picker, h("small", { id: "civic-region-hint", class: "muted" }, t("civic.regionHint"))),
      status,
      h("div", { class: "civic-grid" }, h("div", { class: "civic-map-wrap" }, mapEl, legend), h("aside", { class: "civic-side" }, layerToggles, unitToggles, resolutionToggles, textEl)),
      totalsEl,
      chartsEl,
      downloads,
    ),
  );

  const [{ map }, h3] = await Promise.all([createMap(mapEl, DEFAULT_VIEW), loadH3()]);
  (window as unknown as { __turashCivicMap?: MapApi }).__turashCivicMap = map;
  map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: CIVIC_LAYERS.fill, type: "fill", source: SOURCE, paint: { "fill-color": ["get", "colour"], "fill-opacity": 0.72 } });
  map.addLayer({ id: CIVIC_LAYERS.outline, type: "line", source: SOURCE, paint: { "line-color": "#37474f", "line-width": 0.6, "line-opacity": 0.6 } });
  // The picked region's boundary over the hexagons, so a municipality sees where it ends.
  map.addSource(REGION_SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: CIVIC_LAYERS.region, type: "line", source: REGION_SOURCE, paint: { "line-color": "#1a237e", "line-width": 2, "line-dasharray": [2, 1] } });
  mapEl.dataset.ready = "true";

  let summary: Summary | null = null;
  let outline: Outline | null = null;
  const cells: Record<"city" | "country", Cell[]> = { city: [], country: [] };
  let seq = 0;

  function colourOf(value: number, max: number, ramp: readonly string[]): string {
    const i = Math.min(ramp.length - 1, Math.floor((value / max) * ramp.length));
    return ramp[Math.max(0, i)]!;
  }

  /** Colour the hexagons by the chosen layer; `fit` moves the camera to them. */
  function draw(fit = false): void {
    const metric = `${state.kind}_${state.unit}`;
    const ramp = RAMPS[state.kind];
    const list = cells[state.resolution].filter((c) => (c.values[metric] ?? 0) > 0);
    const max = Math.max(0, ...list.map((c) => c.values[metric]!));
    const features = list.map((c) => {
      const ring = h3.cellToBoundary(c.cell, true);
      return {
        type: "Feature" as const,
        id: c.cell,
        properties: { cell: c.cell, value: c.values[metric]!, colour: colourOf(c.values[metric]!, max, ramp) },
        geometry: { type: "Polygon" as const, coordinates: [[...ring, ring[0]!]] },
      };
    });
    (map.getSource(SOURCE) as { setData(d: unknown): void } | undefined)?.setData({ type: "FeatureCollection", features });
    mapEl.dataset.cells = String(features.length);
    const unit = unitWord(UNITS[state.unit]);
    const steps = ramp.map((colour) => h("span", { class: "civic-swatch", style: `background:${colour}` }));
    replaceChildren(
      legend,
      h("strong", {}, `${t(`civic.kinds.${state.kind}`)} (${unit})`),
      list.length
        ? h("div", { class: "civic-ramp" }, steps, h("div", { class: "civic-ramp-labels" }, h("span", {}, figure(0)), h("span", {}, `${quantityFigure(max)} ${unit}`)))
        : h("p", { class: "muted" }, t("civic.noCells")),
      h("small", { class: "muted" }, t("civic.legendRule", { k: summary?.k ?? 3, size: state.resolution === "city" ? "5 km²" : "250 km²" })),
    );
    // The camera takes in the hexagons and the region's boundary (a region with no published hexagon still shows where it is).
    const all = [...cells.city, ...cells.country].map((c) => [c.lon, c.lat] as [number, number]).concat(outline ? positionsOf(outline.geometry.coordinates) : []);
    if (fit && all.length) {
      const lats = all.map(([, lat]) => lat);
      const lons = all.map(([lon]) => lon);
      map.fitBounds([[Math.min(...lons) - 0.1, Math.min(...lats) - 0.06], [Math.max(...lons) + 0.1, Math.max(...lats) + 0.06]], { padding: 30, duration: 0, maxZoom: 11 });
    }
  }

  function renderTotals(s: Summary): void {
    const tot = s.totals;
    const tile = (id: string, label: string, value: string) => h("div", { class: "civic-tile", "data-testid": `civic-total-${id}` }, h("span", { class: "muted" }, label), h("strong", {}, value));
    const flows = KINDS.flatMap((k) =>
      (Object.keys(UNITS) as UnitKey[]).filter((u) => (tot[`${k}_${u}`] ?? 0) > 0).map((u) => tile(`${k}_${u}`, `${t(`civic.kinds.${k}`)}`, withUnit(tot[`${k}_${u}`]!, UNITS[u]))),
    );
    replaceChildren(
      totalsEl,
      h("h2", {}, t("civic.totalsIn", { region: s.region.name })),
      h(
        "div",
        { class: "civic-tiles" },
        tile("organizations", t("civic.companies"), figure(tot.organizations ?? 0)),
        tile("partnerships", t("civic.partnerships"), figure(tot.partnerships ?? 0)),
        tile("co2_avoided_t", t("civic.co2"), withUnit(tot.co2_avoided_t ?? 0, "t CO₂/yr")),
        flows,
      ),
    );
    const rows = s.resourceTypes.slice(0, 6);
    replaceChildren(
      chartsEl,
      h("h2", {}, t("civic.topTypes")),
      rows.length
        ? KINDS.filter((k) => rows.some((r) => (r[k] ?? 0) > 0)).map((k) =>
            h(
              "div",
              { class: "civic-chart" },
              h("h3", {}, t(`civic.kinds.${k}`)),
              barChart(
                t(`civic.kinds.${k}`),
                rows.filter((r) => (r[k] ?? 0) > 0).map((r) => ({ label: r.names[language()], value: r[k], text: withUnit(r[k]!, r.unit) })),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("civic.noTypes")),
    );
    textEl.textContent = potentialText(s);
    const link = (href: string, label: string, download: boolean) => h("a", { href: `/api/v1${href}`, download: download ? "" : null, class: "civic-download" }, label);
    replaceChildren(
      downloads,
      h("h2", { id: "civic-open-data" }, t("civic.openData")),
      h("p", {}, t("civic.openDataText")),
      h(
        "ul",
        {},
        h("li", {}, link(s.links.csv!, t("civic.csv"), true)),
        h("li", {}, link(s.links.geojson!, t("civic.geojson"), true)),
        h("li", {}, link(s.links.dataset!, t("civic.dataset"), false)),
        h("li", {}, link(s.links.dictionary!, t("civic.dictionary"), false)),
      ),
      h("p", { class: "muted" }, t("civic.licence"), " ", h("a", { href: "https://creativecommons.org/licenses/by/4.0/", rel: "license" }, "CC BY 4.0"), "."),
    );
  }

  async function load(value: string): Promise<void> {
    const mine = ++seq;
    if (!value) return;
    const [level, ...rest] = value.split(":");
    const regionCode = rest.join(":");
    const q = `level=${encodeURIComponent(level!)}`;
    status.textContent = t("civic.loading");
    const base = `/public/regions/${encodeURIComponent(regionCode)}`;
    const [s, city, country, boundary] = await Promise.all([
      get<Summary>(`${base}/summary?${q}`),
      get<{ items: Cell[] }>(`${base}/cells?${q}&resolution=city`),
      get<{ items: Cell[] }>(`${base}/cells?${q}&resolution=country`),
      // The boundary is decoration: the figures show without it.
      get<Outline>(`${base}/outline?${q}`).catch(() => null),
    ]);
    if (mine !== seq) return;
    summary = s;
    outline = boundary;
    (map.getSource(REGION_SOURCE) as { setData(d: unknown): void } | undefined)?.setData({ type: "FeatureCollection", features: boundary ? [{ ...boundary, properties: {} }] : [] });
    mapEl.dataset.outline = boundary ? "true" : "false";
    cells.city = city.items;
    cells.country = country.items;
    status.textContent = t("civic.asOf", { time: new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(s.generatedAt)) });
    renderTotals(s);
    draw(true);
    history.replaceState(null, "", `#/civic/${encodeURIComponent(regionCode)}`);
  }
  picker.addEventListener("change", () => void load(picker.value).catch((e: unknown) => (status.textContent = t("common.error", { message: e instanceof Error ? e.message : String(e) }))));
  draw();
  const preset = code ? regions.find((r) => r.code === code) : undefined;
  if (preset) {
    picker.value = `${preset.level}:${preset.code}`;
    await load(picker.value);
  }
  return () => {
    seq++;
    map.remove();
  };
}
