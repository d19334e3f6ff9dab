/**
 * The map page: filters, legend, your sites, the selected site's panel beside a map of
 * clustered named sites (yours, public organizations') and the H3 cells of confidential
 * ones. Sites load for the visible box; live matches toast and mark the map, a reveal
 * toasts the counterpart's name, a decline says only that.
 */
import { get } from "../rest/http.ts";
import { currentUser, ownOrgIds } from "../rest/session.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import { isAnonymous, type Match, type MapCellProps, type MapFeature, type MapSiteProps, type Page, type Site, type SiteCollection } from "../rest/types.ts";
import { createMap, type MapApi, type MapMouseEventApi } from "../map/engine.ts";
import { LAYERS, addOverlayLayers, highlightSite, setGeoJson, showMatchLine } from "../map/layers.ts";
import { cellGeoJson, loadH3 } from "../map/cells.ts";
import { defaultFilters, renderFilters, type Filters } from "../panel/filters.ts";
import { renderLegend } from "../panel/legend.ts";
import { renderSitePanel, type SitePanel } from "../panel/site-panel.ts";
import type { MatchEvent } from "../../../contract/realtime.ts";
import { onLive, sendViewport } from "../live/socket.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { pct } from "../ui/format.ts";
import { toast } from "../ui/toast.ts";
import { t } from "../i18n/index.ts";
import { resourceName } from "../rest/resource-names.ts";
import { renderSearch } from "../map/search.ts";
import type { MapRole } from "../../../contract/map.ts";
import { carbonLayerControl } from "./map-carbon.ts";

/** Which of the map's own layers are on (the toggles above the map). */
interface Shown {
  offers: boolean;
  needs: boolean;
  matches: boolean;
}

/** A site or cell passes the toggles when one of its roles is on; a site without flows shows while either is. */
function roleShown(role: MapRole | string, on: Shown): boolean {
  if (role === "supplier") return on.offers;
  if (role === "consumer") return on.needs;
  return on.offers || on.needs;
}

const DEFAULT_VIEW = { center: [10.4, 55.9] as [number, number], zoom: 6 };

export async function mountMapView(root: HTMLElement): Promise<() => void> {
  const filters: Filters = defaultFilters();
  const sitesById = new Map<string, MapFeature<MapSiteProps>>();
  let cells: MapFeature<MapCellProps>[] = [];
  const on: Shown = { offers: true, needs: true, matches: true };
  const mapEl = h("div", { id: "map", class: "map", role: "region", "aria-label": t("map.region") });
  const panelEl = h("section", { id: "site-panel", class: "site-panel", "aria-live": "polite", "aria-labelledby": "site-title" }, h("p", { class: "muted" }, t("map.selectHint")));
  const ownList = h("ul", { class: "own-sites", "aria-label": t("map.yourSites") });
  const filtersHost = h("div");
  const status = h("p", { class: "map-status muted", id: "map-status" });
  const toggle = (key: keyof Shown, label: string) => {
    const box = h("input", { type: "checkbox", id: `layer-${key}`, checked: true, "data-layer-toggle": key });
    box.addEventListener("change", () => {
      on[key] = box.checked;
      applyToggles();
    });
    return h("label", { class: `layer-toggle layer-${key}`, for: `layer-${key}` }, box, label);
  };
  const toggles = h("fieldset", { class: "layer-toggles" }, h("legend", {}, t("map.layers")), toggle("offers", t("map.layerOffers")), toggle("needs", t("map.layerNeeds")), toggle("matches", t("map.layerMatches")));
  const sidebar = h("aside", { class: "sidebar", "aria-label": t("map.sidebar") }, filtersHost, renderLegend(), h("h2", {}, t("map.yourSites")), ownList, status, panelEl);
  const mapWrap = h("div", { class: "map-wrap" }, mapEl);
  replaceChildren(root, h("div", { class: "map-layout" }, mapWrap, sidebar));

  const [{ map, engine, labelFont }, types, h3] = await Promise.all([createMap(mapEl, DEFAULT_VIEW, { fullscreenContainer: mapWrap }), resourceTypes(), loadH3()]);
  mapEl.dataset.engine = engine;
  addOverlayLayers(map, labelFont);
  // An organization's members see its avoidable CO2 per own site (nobody else's).
  if (ownOrgIds().length) {
    const carbon = carbonLayerControl(map, mapEl, ownOrgIds());
    toggles.append(carbon.toggle);
    mapWrap.append(carbon.legend);
  }
  mapWrap.append(
    renderSearch({
      sites: () => [...sitesById.values()].filter((f) => f.properties.name).map((f) => ({ id: f.properties.id, name: f.properties.name!, orgName: f.properties.orgName, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] })),
      goToPlace: (p) => map.flyTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), 11), duration: 600 }),
      goToSite: (s) => {
        map.flyTo({ center: [s.lon, s.lat], zoom: Math.max(map.getZoom(), 12), duration: 600 });
        const f = sitesById.get(s.id);
        if (f) void selectSite(f.properties, f.geometry.coordinates);
        // A site found far from the view is selected once the map has loaded its surroundings.
        else selectWhenLoaded = s.id;
      },
    }),
    toggles,
  );
  (window as unknown as { __turashMap?: MapApi }).__turashMap = map;
  let panel: SitePanel | null = null;
  let selected: MapSiteProps | null = null;
  /** A site the search chose that the map had not loaded yet. */
  let selectWhenLoaded: string | null = null;
  /** The match whose two ends the view was last fitted to. */
  let framedMatchId: string | null = null;
  const liveMarks: GeoJSON.Feature[] = [];

  const categoryOf = (p: { readonly resourceTypes: readonly string[] }) => (p.resourceTypes[0] ? types.get(p.resourceTypes[0])?.category : undefined) ?? "other";
  const shown = (p: { readonly resourceTypes: readonly string[]; readonly role: string }) => roleShown(p.role, on) && (!filters.resourceType || p.resourceTypes.includes(filters.resourceType));
  function applyToggles(): void {
    renderSites();
    const visibility = on.matches ? "visible" : "none";
    for (const layer of [LAYERS.matchLine, LAYERS.counterpart, LAYERS.live]) map.setLayoutProperty(layer, "visibility", visibility);
    mapEl.dataset.layers = (Object.keys(on) as (keyof Shown)[]).filter((k) => on[k]).join(",");
  }

  function renderSites(): void {
    const features = [...sitesById.values()].filter((f) => shown(f.properties)).map((f) => ({ ...f, properties: { ...f.properties, category: categoryOf(f.properties) } }));
    setGeoJson(map, "sites", { type: "FeatureCollection", features });
    const visibleCells = cells.filter((c) => shown(c.properties));
    setGeoJson(map, "cells", cellGeoJson(visibleCells, h3));
    mapEl.dataset.sites = String(features.length);
    mapEl.dataset.cells = String(visibleCells.length);
  }

  let loadSeq = 0;
  async function loadSites(): Promise<void> {
    const b = map.getBounds();
    const box = { west: Math.max(-180, b.getWest()), south: Math.max(-90, b.getSouth()), east: Math.min(180, b.getEast()), north: Math.min(90, b.getNorth()) };
    const seq = ++loadSeq;
    const bbox = [box.west, box.south, box.east, box.north].map((n) => n.toFixed(5)).join(",");
    const data = await get<SiteCollection>(`/map/sites?bbox=${bbox}`);
    if (seq !== loadSeq) return;
    sitesById.clear();
    cells = [];
    for (const f of data.features) {
      if (f.properties.kind === "cell") cells.push(f as MapFeature<MapCellProps>);
      else sitesById.set(f.properties.id, f as MapFeature<MapSiteProps>);
    }
    renderSites();
    // The box these features are for: a test (or a person reading the DOM) knows the map has caught up.
    mapEl.dataset.bbox = bbox;
    const chosen = selectWhenLoaded ? sitesById.get(selectWhenLoaded) : undefined;
    if (chosen) {
      selectWhenLoaded = null;
      void selectSite(chosen.properties, chosen.geometry.coordinates);
    }
    const hidden = cells.reduce((n, c) => n + c.properties.sites, 0);
    status.textContent = t(data.truncated ? "quantities.mapStatusMore" : "quantities.mapStatus", { named: t("quantities.namedSites", { count: sitesById.size }), hidden: t("quantities.hiddenSites", { count: hidden }), areas: t("quantities.areas", { count: cells.length }) });
    sendViewport(box);
  }

  async function selectSite(props: MapSiteProps, coords?: [number, number]): Promise<void> {
    selected = props;
    highlightSite(map, props.id);
    const at = coords ?? sitesById.get(props.id)?.geometry.coordinates;
    panel = await renderSitePanel(panelEl, props, filters, {
      onMatchOpened: (m) => {
        // An anonymous counterpart has no location to draw: only its distance band is known.
        const to: [number, number] | null = m && !isAnonymous(m.counterpart) ? [m.counterpart.location.lon, m.counterpart.location.lat] : null;
        showMatchLine(map, m && at ? at : null, to);
        // Both ends in view when a match is opened; a live refresh that re-opens the same
        // match redraws its line but leaves the view where the user took it.
        const framed = framedMatchId;
        framedMatchId = m?.id ?? null;
        if (at && to && m && m.id !== framed) map.fitBounds([[Math.min(at[0], to[0]), Math.min(at[1], to[1])], [Math.max(at[0], to[0]), Math.max(at[1], to[1])]], { padding: 80, maxZoom: 13, duration: 400 });
      },
    });
    panelEl.querySelector<HTMLElement>("h2")?.focus?.();
  }

  // Your sites: the keyboard way into the map, and the initial view.
  const own: Site[] = [];
  for (const orgId of ownOrgIds()) own.push(...(await get<Page<Site>>(`/sites?org=${encodeURIComponent(orgId)}&limit=100`)).items);
  replaceChildren(
    ownList,
    own.length
      ? own.map((s) =>
          h("li", {}, h("button", { type: "button", class: "link", "data-site-id": s.id, onclick: () => {
            const props = sitesById.get(s.id)?.properties ?? { kind: "site" as const, id: s.id, role: "none", resourceTypes: [], own: true, name: s.name };
            // Past clusterMaxZoom, so the selected site stands on its own.
            map.easeTo({ center: [s.lon, s.lat], zoom: Math.max(map.getZoom(), 12) });
            void selectSite(props, [s.lon, s.lat]);
          } }, s.name)),
        )
      // Only someone with an organization has an Organization page to add sites on.
      : h("li", { class: "muted" }, currentUser()?.organizations.length ? t("map.noSitesOwner") : t("map.noSitesOther")),
  );
  if (own.length) {
    const lons = own.map((s) => s.lon);
    const lats = own.map((s) => s.lat);
    const pad = 1.2; // the surroundings too: the region, its coast, the clusters
    map.fitBounds([[Math.min(...lons) - pad, Math.min(...lats) - pad], [Math.max(...lons) + pad, Math.max(...lats) + pad]], { duration: 0, maxZoom: 8 });
  }

  replaceChildren(filtersHost, renderFilters(types, filters, (next) => {
    Object.assign(filters, next);
    renderSites();
    if (panel && selected) void panel.refresh();
  }));

  let timer: ReturnType<typeof setTimeout> | undefined;
  map.on("moveend", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void loadSites().catch((e: unknown) => (status.textContent = t("map.loadFailed", { message: String(e) }))), 150);
  });
  map.on("click", LAYERS.sites, (e: MapMouseEventApi) => {
    // Only named sites are in this layer; cells (confidential sites) are not selectable.
    const id = e.features?.[0]?.properties?.id;
    const f = typeof id === "string" ? sitesById.get(id) : undefined;
    if (f) void selectSite(f.properties, f.geometry.coordinates);
  });
  map.on("click", LAYERS.clusters, (e: MapMouseEventApi) => map.easeTo({ center: [e.lngLat.lng, e.lngLat.lat], zoom: map.getZoom() + 2 }));
  applyToggles();
  for (const layer of [LAYERS.sites, LAYERS.clusters, LAYERS.clusterCounts]) {
    map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
  }
  await loadSites();
  mapEl.dataset.ready = "true";

  // Live: a new match concerning one of our organizations.
  const mine = new Set(ownOrgIds());
  const seenMatches = new Set<string>();
  const revealed = new Set<string>();
  const concernsPanel = (m: MatchEvent) =>
    !!panel && (panel.matchIds.has(m.matchId) || (m.supplyFlowId !== null && panel.flowIds.has(m.supplyFlowId)) || (m.demandFlowId !== null && panel.flowIds.has(m.demandFlowId)));
  const offs = [
    onLive<MatchEvent>("match:created", (m) => {
      if (seenMatches.has(m.matchId)) return; // a reconnect may replay it
      seenMatches.add(m.matchId);
      const weSupply = m.supplyOrgId !== null && mine.has(m.supplyOrgId);
      const ours = weSupply ? m.supply : m.demand;
      const theirs = weSupply ? m.demand : m.supply;
      for (const p of [theirs, ours]) {
        if (p.lat !== null && p.lon !== null) liveMarks.push({ type: "Feature", properties: { matchId: m.matchId }, geometry: { type: "Point", coordinates: [p.lon, p.lat] } });
      }
      setGeoJson(map, "live-marks", { type: "FeatureCollection", features: liveMarks.slice(-40) });
      const what = `${resourceName(m.supply.resourceType)} → ${resourceName(m.demand.resourceType)}`;
      const shown = toast(m.score === null ? t("map.newMatch", { what }) : t("map.newMatchScore", { what, score: pct(m.score) }), {
        kind: "match",
        action: theirs.lat !== null && theirs.lon !== null ? { label: t("map.show"), run: () => map.easeTo({ center: [theirs.lon!, theirs.lat!], zoom: Math.max(map.getZoom(), 10) }) } : undefined,
      });
      shown.dataset.matchId = m.matchId;
      mapEl.dataset.liveMarks = String(liveMarks.length);
      if (concernsPanel(m)) void panel?.refresh();
    }),
    onLive<MatchEvent>("match:withdrawn", (m) => {
      if (m.reason === "declined") toast(t("map.declined"), { kind: "info" }).dataset.matchId = m.matchId;
      if (concernsPanel(m)) void panel?.refresh();
    }),
    onLive<MatchEvent>("match:revealed", (m) => {
      if (revealed.has(m.matchId)) return;
      revealed.add(m.matchId);
      // The event names organizations by id; the match, read again, names the counterpart.
      void get<Match | { counterpart: null }>(`/matches/${encodeURIComponent(m.matchId)}`)
        .then((match) => {
          const name = match.counterpart && !isAnonymous(match.counterpart) ? match.counterpart.orgName : t("map.yourCounterpart");
          toast(t("map.revealed", { name }), { kind: "match" }).dataset.matchId = m.matchId;
        })
        .catch(() => toast(t("map.revealedSomeone"), { kind: "match" }));
      if (concernsPanel(m)) void panel?.refresh();
    }),
    onLive("map:activity", () => void loadSites().catch(() => undefined)),
  ];
  return () => {
    offs.forEach((off) => off());
    map.remove();
  };
}
