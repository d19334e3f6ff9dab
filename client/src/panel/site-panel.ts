/**
 * The selected site: for your own site its flows and the ranked matches of all of them
 * (filtered), each opening into its explanation; for another organization's site only
 * what the map may reveal (role, resource types).
 */
import { get } from "../rest/http.ts";
import type { Flow, FlowMatches, Match, MapSiteProps, Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { humanize } from "../ui/format.ts";
import { ROLE_LABELS } from "../map/palette.ts";
import type { Filters } from "./filters.ts";
import { renderMatchDetail } from "./match-detail.ts";
import { renderMatchList } from "./match-list.ts";
import { renderProposeForm } from "./propose.ts";

export interface SitePanelHooks {
  /** A match was opened: draw the line to its counterpart. */
  onMatchOpened(match: Match | null): void;
}

export interface SitePanel {
  readonly siteId: string;
  readonly flowIds: ReadonlySet<string>;
  refresh(): Promise<void>;
}

export async function renderSitePanel(host: HTMLElement, site: MapSiteProps, filters: Filters, hooks: SitePanelHooks): Promise<SitePanel> {
  const flowIds = new Set<string>();
  const panel: SitePanel = { siteId: site.id, flowIds, refresh: () => load() };
  const title = site.own ? (site.name ?? site.id) : "Site of another organization";
  const header = h("header", {}, h("h2", { id: "site-title" }, title), h("p", { class: "muted" }, `${ROLE_LABELS[site.role]} · ${site.resourceTypes.map(humanize).join(", ") || "no flows"}`));

  async function load(): Promise<void> {
    hooks.onMatchOpened(null);
    if (!site.own) {
      replaceChildren(host, header, h("p", {}, "Names and quantities of other organizations' sites are private. Matches with them appear on your own sites."));
      return;
    }
    replaceChildren(host, header, h("p", { class: "loading", "aria-busy": "true" }, "Loading flows and matches…"));
    const flows = (await get<Page<Flow>>(`/resource-flows?site=${encodeURIComponent(site.id)}&limit=100`)).items;
    flowIds.clear();
    flows.forEach((f) => flowIds.add(f.id));
    const results = await Promise.all(
      flows.map((f) => get<FlowMatches>(`/resource-flows/${encodeURIComponent(f.id)}/matches?limit=25&min_score=${filters.minScore}`).catch(() => ({ flowId: f.id, matches: [] as Match[] }))),
    );
    const seen = new Set<string>();
    const matches = results
      .flatMap((r) => r.matches)
      .filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)))
      .filter((m) => filters.radiusKm <= 0 || m.distanceKm <= filters.radiusKm)
      .filter((m) => !filters.resourceType || m.counterpart.resourceType === filters.resourceType || flows.some((f) => f.resourceType === filters.resourceType && (f.id === m.supplyFlowId || f.id === m.demandFlowId)))
      .sort((a, b) => b.score - a.score);
    const detail = h("div", { class: "detail-host", id: "match-detail" });
    const open = (m: Match) => {
      const ownFlow = flows.find((f) => f.id === m.supplyFlowId || f.id === m.demandFlowId);
      replaceChildren(detail, renderMatchDetail(m, renderProposeForm(m, ownFlow?.orgId)));
      hooks.onMatchOpened(m);
    };
    replaceChildren(
      host,
      header,
      h("h3", {}, `Flows (${flows.length})`),
      h(
        "ul",
        { class: "flows" },
        flows.map((f) => h("li", {}, `${f.direction === "offer" ? "Offers" : "Needs"} ${humanize(f.resourceType)} — ${f.quantity.value.toLocaleString("en")} ${f.quantity.unit}`)),
      ),
      h("h3", { id: "matches-title" }, `Matches (${matches.length})`),
      renderMatchList(matches, open),
      detail,
    );
  }

  await load();
  return panel;
}
