/**
 * The organization page: its sites and flows (and forms to add them), its ranked matches
 * (propose from any), and the proposals it sent or received with their next steps.
 */
import { get } from "../rest/http.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import type { Flow, Match, Page, Proposal, Site } from "../rest/types.ts";
import { onLive } from "../live/socket.ts";
import { renderMatchDetail } from "../panel/match-detail.ts";
import { renderMatchList } from "../panel/match-list.ts";
import { renderProposeForm } from "../panel/propose.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { humanize } from "../ui/format.ts";
import { flowForm, siteForm } from "./org-forms.ts";
import { proposalActions } from "./proposal-actions.ts";

export async function mountOrgPage(root: HTMLElement): Promise<() => void> {
  const orgs = (await get<{ items: { orgId: string; name: string | null; role: string }[] }>("/users/me/organizations")).items;
  const types = await resourceTypes();
  let orgId = orgs[0]?.orgId;
  const body = h("div");
  const picker = h("select", { id: "org-picker" }, orgs.map((o) => h("option", { value: o.orgId }, o.name ?? o.orgId)));
  picker.addEventListener("change", () => {
    orgId = picker.value;
    void render();
  });
  replaceChildren(root, h("div", { class: "page" }, h("h1", {}, "Organization"), orgs.length > 1 ? [h("label", { for: "org-picker" }, "Organization "), picker] : null, body));

  async function render(): Promise<void> {
    if (!orgId) return replaceChildren(body, h("p", {}, "You are not a member of any organization."));
    const id = encodeURIComponent(orgId);
    const [sites, flows, matches, proposals] = await Promise.all([
      get<Page<Site>>(`/sites?org=${id}&limit=100`).then((p) => p.items),
      get<Page<Flow>>(`/resource-flows?org=${id}&limit=100`).then((p) => p.items),
      get<{ matches: Match[] }>(`/organizations/${id}/matching/direct?limit=25`).then((r) => r.matches).catch(() => [] as Match[]),
      get<Page<Proposal>>(`/proposals?limit=50`).then((p) => p.items).catch(() => [] as Proposal[]),
    ]);
    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    const detail = h("div", { id: "org-match-detail" });
    const current = orgId;
    replaceChildren(
      body,
      h("h2", { id: "org-name" }, orgs.find((o) => o.orgId === current)?.name ?? current),
      h(
        "section",
        { "aria-labelledby": "sites-h" },
        h("h2", { id: "sites-h" }, `Sites (${sites.length})`),
        h("table", { "aria-labelledby": "sites-h" }, h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Location"), h("th", {}, "Flows"))), h("tbody", {}, sites.map((s) => h("tr", { "data-site-id": s.id }, h("td", {}, s.name), h("td", {}, `${s.lat.toFixed(4)}, ${s.lon.toFixed(4)}`), h("td", {}, String(flows.filter((f) => f.siteId === s.id).length)))))),
      ),
      h(
        "section",
        { "aria-labelledby": "flows-h" },
        h("h2", { id: "flows-h" }, `Flows (${flows.length})`),
        h("table", { "aria-labelledby": "flows-h" }, h("thead", {}, h("tr", {}, h("th", {}, "Site"), h("th", {}, "Direction"), h("th", {}, "Resource"), h("th", {}, "Quantity"), h("th", {}, "Precision"))), h("tbody", {}, flows.map((f) => h("tr", { "data-flow-id": f.id }, h("td", {}, siteName.get(f.siteId) ?? f.siteId), h("td", {}, f.direction), h("td", {}, types.get(f.resourceType)?.label ?? humanize(f.resourceType)), h("td", {}, `${f.quantity.value.toLocaleString("en")} ${f.quantity.unit}`), h("td", {}, f.precision))))),
      ),
      h("div", { class: "grid2" }, siteForm(current, () => void render()), sites.length ? flowForm(sites, types, () => void render()) : h("p", { class: "card" }, "Add a site first to add flows.")),
      h(
        "section",
        { "aria-labelledby": "org-matches-h" },
        h("h2", { id: "org-matches-h" }, `Matches (${matches.length})`),
        h("div", { class: "grid2" }, renderMatchList(matches, (m) => replaceChildren(detail, renderMatchDetail(m, renderProposeForm(m, current, () => void render()))), "Organization matches"), detail),
      ),
      h(
        "section",
        { "aria-labelledby": "proposals-h" },
        h("h2", { id: "proposals-h" }, `Proposals (${proposals.length})`),
        proposals.length
          ? h("ul", { class: "proposals" }, proposals.map((p) => h("li", { class: "queue-item", "data-proposal-id": p.id }, h("strong", {}, p.fromOrg === current ? `To ${p.toOrg}` : `From ${p.fromOrg}`), ` — ${p.resourceType ? humanize(p.resourceType) : ""} · status ${p.status} · deal ${p.deal.state}`, h("p", {}, p.message), proposalActions(p, () => void render()))))
          : h("p", { class: "muted" }, "No proposals yet."),
      ),
    );
  }

  await render();
  const offs = [onLive("proposal:changed", () => void render()), onLive("match:created", () => void render())];
  return () => offs.forEach((off) => off());
}
