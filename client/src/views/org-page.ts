/**
 * The organization page: who may see it (confidential / public) and which facilitators
 * may act for it (mandates); who its members are and whom its administrators invited; its sites and flows (and forms to add them); its ranked
 * matches — anonymous until both parties said interested — with your decision on each
 * and the proposal form; and the proposals it sent or received with their next steps.
 * Live events refresh the matches and proposals only, so forms being filled stay.
 */
import { language, t } from "../i18n/index.ts";
import { get, send } from "../rest/http.ts";
import { currentUser, ownOrgIds } from "../rest/session.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import type { Flow, Match, Organization, Page, Proposal, Site } from "../rest/types.ts";
import { onLive } from "../live/socket.ts";
import { renderMatchList } from "../panel/match-list.ts";
import { matchOpener } from "../panel/match-opener.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { quantity } from "../ui/format.ts";
import { resourceName } from "../rest/resource-names.ts";
import { toast } from "../ui/toast.ts";
import { disclosureSection } from "./org-disclosure.ts";
import { flowForm, siteForm } from "./org-forms.ts";
import { mandatesSection } from "./org-mandates.ts";
import { membersSection } from "./org-members.ts";
import { invitationsSection } from "./org-invitations.ts";
import { asMember, proposalActions } from "./proposal-actions.ts";
import { proposalSummary } from "./proposal-summary.ts";
import { proposalLog } from "./proposal-log.ts";

/** A coordinate with four decimals, in the current language (a decimal comma in Danish and German). */
const coordinate = (x: number) => new Intl.NumberFormat(language(), { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(x);

type Membership = { orgId: string; name: string | null; role: string };

export async function mountOrgPage(root: HTMLElement): Promise<() => void> {
  const orgs = (await get<{ items: Membership[] }>("/users/me/organizations")).items;
  const types = await resourceTypes();
  let orgId = orgs[0]?.orgId;
  const body = h("div");
  const picker = h("select", { id: "org-picker" }, orgs.map((o) => h("option", { value: o.orgId }, o.name ?? o.orgId)));
  picker.addEventListener("change", () => {
    orgId = picker.value;
    void render();
  });
  replaceChildren(root, h("div", { class: "page" }, h("h1", {}, t("orgForms.page.title")), orgs.length > 1 ? [h("label", { for: "org-picker" }, t("orgForms.page.picker")), picker] : null, body));

  const matchesHost = h("section", { "aria-labelledby": "org-matches-h" });
  const proposalsHost = h("section", { "aria-labelledby": "proposals-h" });
  let openMatch: string | null = null;
  /** Open a match (by id) in the matches section; set by the newest renderMatches. */
  let showMatch: (matchId: string) => void = () => undefined;
  const orgNames = new Map(orgs.map((o) => [o.orgId, o.name ?? o.orgId]));

  // Live events may start loads faster than they finish: only the newest one is shown.
  const seqs = { matches: 0, proposals: 0 };
  async function renderMatches(current: string): Promise<void> {
    const seq = ++seqs.matches;
    const matches = await get<{ matches: Match[] }>(`/organizations/${encodeURIComponent(current)}/matching/direct?limit=25`).then((r) => r.matches).catch(() => [] as Match[]);
    if (seq !== seqs.matches) return;
    const detail = h("div", { id: "org-match-detail" });
    const listHost = h("div");
    const renderList = () => replaceChildren(listHost, renderMatchList(matches, open, t("orgForms.page.matchList")));
    const opener = matchOpener({ detail, matches, renderList, onProposed: () => void renderProposals(current) }, openMatch);
    function open(m: Match): void {
      opener.open(m);
      openMatch = opener.openId;
    }
    showMatch = (matchId) => {
      const listed = matches.find((m) => m.id === matchId);
      const opened = listed ? Promise.resolve(listed) : get<Match>(`/matches/${encodeURIComponent(matchId)}`).then((m) => (m.counterpart === null ? undefined : m)).catch(() => undefined);
      void opened.then((m) => {
        if (!m) return replaceChildren(detail, h("p", { class: "muted" }, t("propose.summary.matchGone")));
        if (!listed) matches.push(m);
        open(m);
        detail.scrollIntoView({ block: "nearest" });
      });
    };
    renderList();
    replaceChildren(matchesHost, h("h2", { id: "org-matches-h" }, t("orgForms.page.matches", { count: matches.length })), h("div", { class: "grid2" }, listHost, detail));
    const again = openMatch ? matches.find((m) => m.id === openMatch) : undefined;
    if (again) open(again);
  }

  async function renderProposals(current: string): Promise<void> {
    const seq = ++seqs.proposals;
    const proposals = await get<Page<Proposal>>(`/proposals?limit=50`).then((p) => p.items).catch(() => [] as Proposal[]);
    const own = new Set([current]);
    // Counterparts named to you (accepted, revealed or public) are readable by id: show their names.
    const unknown = new Set(proposals.flatMap((p) => [p.fromOrg, p.toOrg]).filter((o): o is string => o !== null && !orgNames.has(o)));
    await Promise.all([...unknown].map((o) => get<Organization>(`/organizations/${encodeURIComponent(o)}`).then((org) => orgNames.set(o, org.name)).catch(() => undefined)));
    const names = orgNames;
    if (seq !== seqs.proposals) return;
    replaceChildren(
      proposalsHost,
      h("h2", { id: "proposals-h" }, t("propose.summary.title", { count: proposals.length })),
      proposals.length
        ? h("ul", { class: "proposals" }, proposals.map((p) =>
              h(
                "li",
                { class: "queue-item", "data-proposal-id": p.id, "data-counterpart": p.counterpart ?? "named" },
                proposalSummary(p, own, names),
                h("p", {}, p.message),
                p.matchId ? h("button", { type: "button", class: "link", "data-action": "show-match", onclick: () => showMatch(p.matchId!) }, t("propose.summary.showMatch")) : null,
                proposalActions(p, () => void renderProposals(current), asMember(ownOrgIds())),
                proposalLog(p, own),
              ),
            ))
        : h("p", { class: "muted" }, t("propose.summary.none")),
    );
  }

  async function render(): Promise<void> {
    if (!orgId) return replaceChildren(body, h("p", {}, t("orgForms.page.notMember")));
    const current = orgId;
    const id = encodeURIComponent(current);
    const isAdmin = orgs.find((o) => o.orgId === current)?.role === "org_admin";
    const [sites, flows, disclosure, mandates, members, invitations] = await Promise.all([
      get<Page<Site>>(`/sites?org=${id}&limit=100`).then((p) => p.items),
      get<Page<Flow>>(`/resource-flows?org=${id}&limit=100`).then((p) => p.items),
      disclosureSection(current, isAdmin),
      mandatesSection(current, isAdmin),
      membersSection(current, isAdmin, currentUser()?.id ?? null, () => location.reload()),
      invitationsSection(current, isAdmin),
      renderMatches(current),
      renderProposals(current),
    ]);
    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    // One edit form at a time, prefilled, above the forms that add.
    const editHost = h("div", { id: "edit-host" });
    const closeEdit = () => replaceChildren(editHost);
    const editButton = (form: () => HTMLFormElement) =>
      h("button", {
        type: "button",
        class: "link",
        "data-action": "edit",
        onclick: () => {
          replaceChildren(editHost, form());
          editHost.scrollIntoView({ block: "nearest" });
        },
      }, t("orgForms.edit"));
    /** A delete button for a row (members who may write; the server still decides), with the version seen. */
    const deleteButton = (path: string, version: number, question: string, done: string) =>
      h("button", {
        type: "button",
        class: "link",
        "data-action": "delete",
        onclick: async () => {
          if (!window.confirm(question)) return;
          try {
            await send("DELETE", `${path}?version=${version}`);
            toast(done);
            void render();
          } catch (error) {
            toast(error instanceof Error ? error.message : String(error), { kind: "error" });
          }
        },
      }, t("orgForms.page.delete"));
    replaceChildren(
      body,
      h("h2", { id: "org-name" }, orgs.find((o) => o.orgId === current)?.name ?? current),
      h("div", { class: "grid2" }, disclosure, mandates),
      members,
      invitations,
      h(
        "section",
        { "aria-labelledby": "sites-h" },
        h("h2", { id: "sites-h" }, t("orgForms.page.sites", { count: sites.length })),
        h("table", { "aria-labelledby": "sites-h" }, h("thead", {}, h("tr", {}, h("th", {}, t("orgForms.page.name")), h("th", {}, t("orgForms.page.location")), h("th", {}, t("orgForms.page.flowCount")), h("th", {}, t("orgForms.page.actions")))), h("tbody", {}, sites.map((s) => h("tr", { "data-site-id": s.id }, h("td", {}, s.name), h("td", {}, `${coordinate(s.lat)}, ${coordinate(s.lon)}`), h("td", {}, String(flows.filter((f) => f.siteId === s.id).length)), h("td", {}, editButton(() => siteForm(current, () => void render(), s, closeEdit)), " ", deleteButton(`/sites/${encodeURIComponent(s.id)}`, s.version, t("orgForms.page.deleteSite", { name: s.name }), t("orgForms.page.deletedSite", { name: s.name }))))))),
      ),
      h(
        "section",
        { "aria-labelledby": "flows-h" },
        h("h2", { id: "flows-h" }, t("orgForms.page.flows", { count: flows.length })),
        h("table", { "aria-labelledby": "flows-h" }, h("thead", {}, h("tr", {}, h("th", {}, t("orgForms.page.site")), h("th", {}, t("orgForms.page.direction")), h("th", {}, t("orgForms.page.resource")), h("th", {}, t("orgForms.page.quantity")), h("th", {}, t("orgForms.page.precision")), h("th", {}, t("orgForms.page.actions")))), h("tbody", {}, flows.map((f) => h("tr", { "data-flow-id": f.id }, h("td", {}, siteName.get(f.siteId) ?? f.siteId), h("td", {}, t(`orgForms.direction.${f.direction}`)), h("td", {}, resourceName(f.resourceType)), h("td", {}, quantity(f.quantity.value, f.quantity.unit)), h("td", {}, t(`orgForms.precisionValue.${f.precision}`)), h("td", {}, editButton(() => flowForm(sites, types, () => void render(), f, closeEdit)), " ", deleteButton(`/resource-flows/${encodeURIComponent(f.id)}`, f.version, t("orgForms.page.deleteFlow"), t("orgForms.page.deletedFlow"))))))),
      ),
      editHost,
      h("div", { class: "grid2" }, siteForm(current, () => void render()), sites.length ? flowForm(sites, types, () => void render()) : h("p", { class: "card" }, t("orgForms.page.addSiteFirst"))),
      matchesHost,
      proposalsHost,
    );
  }

  await render();
  const refreshLive = () => {
    if (orgId) void Promise.all([renderMatches(orgId), renderProposals(orgId)]).catch(() => undefined);
  };
  const offs = [onLive("proposal:changed", refreshLive), onLive("match:created", refreshLive), onLive("match:revealed", refreshLive), onLive("match:withdrawn", refreshLive)];
  return () => offs.forEach((off) => off());
}
