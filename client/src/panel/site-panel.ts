/**
 * The selected site: for your own site its flows and the ranked matches of all of them
 * (filtered), each opening into its explanation with your decision on it; for a public
 * organization's site only what the map may show (name, role, resource types).
 * Confidential organizations' sites are never selectable: the map shows them as cells.
 */
import { get } from "../rest/http.ts";
import { isAnonymous, type Flow, type FlowMatches, type Match, type MapSiteProps, type Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { quantity } from "../ui/format.ts";
import { roleLabel } from "../map/palette.ts";
import { resourceName } from "../rest/resource-names.ts";
import { t } from "../i18n/index.ts";
import type { Filters } from "./filters.ts";
import { renderMatchList } from "./match-list.ts";
import { matchOpener } from "./match-opener.ts";

export interface SitePanelHooks {
  /** A match was opened: draw the line to its counterpart (when its site may be shown). */
  onMatchOpened(match: Match | null): void;
}

export interface SitePanel {
  readonly siteId: string;
  readonly flowIds: ReadonlySet<string>;
  /** The match ids listed, so live events can tell whether they concern this panel. */
  readonly matchIds: ReadonlySet<string>;
  refresh(): Promise<void>;
}

/** Within the distance filter: exact once named, else the band's near edge. */
const withinRadius = (m: Match, radiusKm: number) => {
  if (radiusKm <= 0) return true;
  if (m.distanceKm !== null) return m.distanceKm <= radiusKm;
  const b = isAnonymous(m.counterpart) ? m.counterpart.distance : m.distance;
  return !b || b.low < radiusKm;
};

export async function renderSitePanel(host: HTMLElement, site: MapSiteProps, filters: Filters, hooks: SitePanelHooks): Promise<SitePanel> {
  const flowIds = new Set<string>();
  const matchIds = new Set<string>();
  let openId: string | null = null;
  let loads = 0;
  const lastResults = new Map<string, Pick<FlowMatches, "flowId" | "matches">>();
  const panel: SitePanel = { siteId: site.id, flowIds, matchIds, refresh: () => load() };
  const title = site.own ? (site.name ?? site.id) : (site.name ?? t("site.otherOrg"));
  const header = h(
    "header",
    {},
    h("h2", { id: "site-title", tabindex: -1 }, title),
    h("p", { class: "muted" }, `${site.own ? "" : `${t("site.publicOrg")} · `}${roleLabel(site.role)} · ${site.resourceTypes.map(resourceName).join(", ") || t("site.noFlows")}`),
  );

  async function load(): Promise<void> {
    if (!site.own) {
      hooks.onMatchOpened(null);
      replaceChildren(host, header, h("p", {}, t("site.publicNote")));
      return;
    }
    const seq = ++loads;
    if (!openId) hooks.onMatchOpened(null);
    if (!host.querySelector(".match-list")) replaceChildren(host, header, h("p", { class: "loading", "aria-busy": "true" }, t("site.loading")));
    const flows = (await get<Page<Flow>>(`/resource-flows?site=${encodeURIComponent(site.id)}&limit=100`)).items;
    flowIds.clear();
    flows.forEach((f) => flowIds.add(f.id));
    const results = await Promise.all(
      flows.map((f) =>
        get<FlowMatches>(`/resource-flows/${encodeURIComponent(f.id)}/matches?limit=25&min_score=${filters.minScore}`).then(
          (r) => (lastResults.set(f.id, r), r),
          // A refresh that fails (a busy server, a dropped connection) keeps what the flow showed.
          () => lastResults.get(f.id) ?? { flowId: f.id, matches: [] as Match[] },
        ),
      ),
    );
    if (seq !== loads) return; // a newer refresh (a live event) is on its way
    const seen = new Set<string>();
    const matches = results
      .flatMap((r) => r.matches)
      .filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)))
      .filter((m) => withinRadius(m, filters.radiusKm))
      .filter((m) => !filters.resourceType || m.counterpart.resourceType === filters.resourceType || flows.some((f) => f.resourceType === filters.resourceType && (f.id === m.supplyFlowId || f.id === m.demandFlowId)))
      .sort((a, b) => b.score - a.score);
    matchIds.clear();
    matches.forEach((m) => matchIds.add(m.id));
    const detail = h("div", { class: "detail-host", id: "match-detail" });
    const listHost = h("div", { class: "list-host" });
    const renderList = () => replaceChildren(listHost, renderMatchList(matches, open));
    const opener = matchOpener({ detail, matches, renderList: () => renderList(), onOpened: (m) => hooks.onMatchOpened(m) }, openId);
    const open = (m: Match) => {
      opener.open(m);
      openId = opener.openId;
    };
    renderList();
    replaceChildren(
      host,
      header,
      h("h3", {}, t("site.flows", { count: flows.length })),
      h(
        "ul",
        { class: "flows" },
        flows.map((f) => h("li", {}, `${t(f.direction === "offer" ? "site.offers" : "site.needs")} ${resourceName(f.resourceType)} — ${quantity(f.quantity.value, f.quantity.unit)}`)),
      ),
      h("h3", { id: "matches-title" }, t("site.matches", { count: matches.length })),
      listHost,
      detail,
    );
    // A refresh (a reveal, a new match) keeps the match you had open.
    const reopen = openId ? matches.find((m) => m.id === openId) : undefined;
    if (reopen) open(reopen);
    else openId = null;
  }

  await load();
  return panel;
}
