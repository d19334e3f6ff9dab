/**
 * The facilitator workbench: the queue of matches routed to humans (open / claimed / all),
 * claim or release one, and — under the mandates the parties granted — say interested for
 * a party, propose for one, and move proposals through their statuses and deal states.
 * A step the facilitator holds no mandate for is not offered; the workbench says which
 * mandate it needs and from whom. The matches routed to the facilitator's own queue come
 * first, then the shared queue; every card says where it was routed and why. Refreshes on
 * queue:changed, proposal:changed and match:revealed.
 */
import "./marketplace.css";
import { get, newId, post } from "../rest/http.ts";
import { currentUser } from "../rest/session.ts";
import type { DecisionResult, Mandate, MandateAct, Organization, Page, Proposal } from "../rest/types.ts";
import { onLive } from "../live/socket.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { daysAgo, eurRange, km, pct, years } from "../ui/format.ts";
import { t } from "../i18n/index.ts";
import { resourceName } from "../rest/resource-names.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import { createMap, type MapApi, type MapMouseEventApi } from "../map/engine.ts";
import { defaultTriage, isMine, reasonKey, regionsOf, triage, type QueueCard, type QueueItem, type QueueSide, type QueueSort } from "./queue-triage.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { proposalActions, type Acting } from "./proposal-actions.ts";
import { proposalSummary } from "./proposal-summary.ts";

/** The facilitator's live mandates, by organization, and names of the organizations seen. */
class Mandates {
  private readonly acts = new Map<string, Set<MandateAct>>();
  readonly names = new Map<string, string>();
  constructor(private readonly admin: boolean) {}

  async load(): Promise<void> {
    this.acts.clear();
    if (this.admin) return; // an admin runs the platform; it never acts for a party
    const items = (await get<Page<Mandate>>("/facilitators/me/mandates").catch(() => ({ items: [] as Mandate[] }))).items;
    for (const m of items.filter((x) => x.live)) this.acts.set(m.orgId, new Set([...(this.acts.get(m.orgId) ?? []), ...m.acts]));
    await Promise.all(
      [...this.acts.keys()].filter((id) => !this.names.has(id)).map((id) => get<Organization>(`/organizations/${encodeURIComponent(id)}`).then((o) => this.names.set(id, o.name)).catch(() => undefined)),
    );
  }

  can(act: MandateAct, orgId: string | null): boolean {
    return orgId !== null && (this.acts.get(orgId)?.has(act) ?? false);
  }

  name(orgId: string | null): string {
    return orgId === null ? "the counterpart" : (this.names.get(orgId) ?? orgId);
  }

  /** One line per organization: which acts you hold. */
  describe(): HTMLElement {
    if (this.admin) return h("p", { class: "muted", id: "wb-mandates" }, "As an administrator you see the queue, but only the parties — or a facilitator under their mandate — may act for them.");
    if (this.acts.size === 0) return h("p", { class: "muted", id: "wb-mandates" }, "You hold no mandates: you may claim and read matches, but not act for any organization until its administrator grants you a mandate.");
    return h("ul", { id: "wb-mandates", "aria-label": "Your mandates" }, [...this.acts].map(([org, acts]) => h("li", { "data-org-id": org }, h("strong", {}, this.name(org)), `: ${[...acts].join(", ")}`)));
  }

  acting(): Acting {
    return { can: (act, orgId) => this.can(act, orgId), facilitator: true, name: (o) => this.name(o) };
  }
}

const needsMandate = (act: MandateAct, what: string, orgs: string[]) =>
  h("p", { class: "needs-mandate", "data-needs-mandate": act }, `${what} needs a “${act}” mandate from ${orgs.join(" or ")} — ask its administrator to grant one on their Organization page.`);

export async function mountWorkbench(root: HTMLElement): Promise<() => void> {
  let status: "open" | "claimed" | "all" = "open";
  const me = currentUser();
  const mandates = new Mandates(me?.role === "admin");
  const view = { ...defaultTriage(), me: me?.id ?? null };
  let serverFilter = { resourceType: "", minScore: 0 };
  let items: QueueItem[] = [];
  let selectedId: string | null = null;
  const mandatesHost = h("div");
  const queueHost = h("div", { id: "queue" });
  const countEl = h("p", { class: "muted", id: "queue-count", "aria-live": "polite" });
  const pager = h("nav", { class: "pager", "aria-label": t("workbench.queue") });
  const proposalsHost = h("div", { id: "wb-proposals" });
  const detail = h("div", { id: "wb-detail" }, h("p", { class: "muted" }, t("workbench.selectHint")));
  const mapEl = h("div", { id: "map", class: "map wb-map", role: "region", "aria-label": t("workbench.map") });
  const types = await resourceTypes();

  const select = <T extends string>(id: string, options: [T, string][], value: T, onChange: (v: T) => void) => {
    const el = h("select", { id }, options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
    el.addEventListener("change", () => onChange(el.value as T));
    return el;
  };
  const field = (id: string, label: string, control: HTMLElement) => h("div", { class: "field" }, h("label", { for: id }, label), control);
  const rerender = (resetPage = true) => {
    if (resetPage) view.page = 0;
    renderQueue();
  };
  const regionSelect = h("select", { id: "wb-region" });
  regionSelect.addEventListener("change", () => ((view.region = regionSelect.value), rerender()));
  const typeOptions: [string, string][] = [["", t("common.all")], ...[...types.keys()].map((id): [string, string] => [id, resourceName(id)]).sort((a, b) => a[1].localeCompare(b[1]))];
  const minScore = h("input", { id: "wb-min-score", type: "number", min: 0, max: 100, step: 5, value: 0, inputmode: "numeric" });
  minScore.addEventListener("change", () => {
    serverFilter = { ...serverFilter, minScore: Math.min(100, Math.max(0, Number(minScore.value) || 0)) / 100 };
    void loadQueue();
  });
  const whyKeys = ["hazardous", "parties", "coverage", "heat_pump", "rough_data", "capex", "long_distance", "regulated"];
  const toolbar = h(
    "form",
    { class: "wb-filters", "aria-label": t("workbench.filters"), onsubmit: (e: Event) => e.preventDefault() },
    field("queue-status", t("workbench.status"), select("queue-status", [["open", t("workbench.statusOpen")], ["claimed", t("workbench.statusClaimed")], ["all", t("common.all")]], status, (v) => ((status = v), void loadQueue()))),
    field("wb-sort", t("workbench.sort"), select<QueueSort>("wb-sort", [["score", t("workbench.sortScore")], ["age", t("workbench.sortAge")], ["newest", t("workbench.sortNewest")], ["reasons", t("workbench.sortComplexity")]], view.sort, (v) => ((view.sort = v), rerender()))),
    field("wb-resource", t("workbench.resource"), select("wb-resource", typeOptions, "", (v) => ((serverFilter = { ...serverFilter, resourceType: v }), void loadQueue()))),
    field("wb-region", t("workbench.region"), regionSelect),
    field("wb-min-score", `${t("workbench.minScore")} (%)`, minScore),
    field("wb-age", t("workbench.age"), select("wb-age", [["0", t("workbench.ageAny")], ["1", t("workbench.ageDays", { count: 1 })], ["7", t("workbench.ageDays", { count: 7 })], ["30", t("workbench.ageDays", { count: 30 })]], "0", (v) => ((view.minAgeDays = Number(v)), rerender()))),
    field("wb-why", t("workbench.why"), select("wb-why", [["", t("workbench.whyAny")], ...whyKeys.map((k): [string, string] => [k, t(`why.${k}`)])], "", (v) => ((view.why = v), rerender()))),
  );
  replaceChildren(
    root,
    h(
      "div",
      { class: "page workbench" },
      h("h1", {}, t("workbench.title")),
      h("section", { "aria-labelledby": "wb-mandates-h" }, h("h2", { id: "wb-mandates-h" }, t("workbench.mandates")), mandatesHost),
      toolbar,
      h("div", { class: "wb-grid" },
        h("section", { "aria-labelledby": "queue-h", class: "wb-queue" }, h("h2", { id: "queue-h" }, t("workbench.queue")), countEl, queueHost, pager),
        h("div", { class: "wb-side" },
          h("section", { "aria-labelledby": "wb-map-h" }, h("h2", { id: "wb-map-h" }, t("workbench.map")), h("p", { class: "muted small" }, t("workbench.mapHint")), mapEl),
          h("section", { "aria-labelledby": "wb-detail-h" }, h("h2", { id: "wb-detail-h" }, t("workbench.selected")), detail))),
      h("section", { "aria-labelledby": "wb-proposals-h" }, h("h2", { id: "wb-proposals-h" }, t("workbench.proposals")), proposalsHost),
    ),
  );

  const sideName = (s: QueueSide) => s.orgName ?? s.orgId;
  const what = (q: QueueItem) => `${resourceName(q.supply.resourceType)} → ${resourceName(q.demand.resourceType)}`;
  const reasons = (q: QueueItem) => {
    const drivers = q.route?.drivers ?? [];
    return drivers.length ? t("workbench.routed", { reasons: drivers.map((d) => { const k = reasonKey(d); return k === "other" ? d : t(`why.${k}`); }).join(", ") }) : t("workbench.routedNone");
  };

  /** Where the match was routed and why, in the reader's language (the stored English reason when the cause is unknown). */
  const routedTo = (q: QueueItem): string => {
    const r = q.route?.routing;
    if (!r) return t("marketplace.routing.notRouted");
    const values = { region: r.region?.name ?? "?", resource: resourceName(r.resourceType) };
    const skipped = r.skippedFull > 0 ? ` (${t("marketplace.routing.skipped", { count: r.skippedFull })})` : "";
    if (r.to === "facilitator") {
      const reason = `${t("marketplace.routing.fit", { ...values, free: r.free, capacity: r.capacity })}${skipped}`;
      return r.facilitatorId === me?.id ? t("marketplace.routing.toYou", { service: r.serviceName, reason }) : t("marketplace.routing.toOther", { service: r.serviceName, reason });
    }
    const known = ["no_region", "no_service_in_region", "no_expertise", "all_full", "withdrawn"].includes(r.cause ?? "");
    return t("marketplace.routing.toShared", { reason: known ? `${t(`marketplace.routing.cause.${r.cause}`, values)}${skipped}` : r.reason });
  };

  let map: MapApi | null = null;
  let left = false;
  const mapReady = createMap(mapEl, { center: [10.4, 55.9], zoom: 5 }).then(({ map: m }) => {
    if (left) return m.remove();
    map = m;
    m.addSource("queue", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    m.addLayer({ id: "queue-dots", type: "circle", source: "queue", paint: { "circle-radius": ["case", ["==", ["get", "selected"], true], 10, 7], "circle-color": ["case", ["==", ["get", "selected"], true], "#ffd92f", "#d95f02"], "circle-stroke-color": "#111111", "circle-stroke-width": 1.5 } });
    m.on("click", "queue-dots", (e: MapMouseEventApi) => {
      const id = e.features?.[0]?.properties?.matchId;
      const q = items.find((x) => x.matchId === id);
      if (q) choose(q);
    });
    m.on("mouseenter", "queue-dots", () => (m.getCanvas().style.cursor = "pointer"));
    m.on("mouseleave", "queue-dots", () => (m.getCanvas().style.cursor = ""));
    mapEl.dataset.ready = "true";
  });

  let fitted = false;
  function renderMap(cards: readonly QueueCard[]): void {
    if (!map) return;
    const placed = cards.map((c) => c.item).filter((q) => q.supplyPlace);
    (map.getSource("queue") as { setData(d: unknown): void } | undefined)?.setData({
      type: "FeatureCollection",
      features: placed.map((q) => ({ type: "Feature", properties: { matchId: q.matchId, selected: q.matchId === selectedId }, geometry: { type: "Point", coordinates: [q.supplyPlace!.lon, q.supplyPlace!.lat] } })),
    });
    mapEl.dataset.points = String(placed.length);
    if (placed.length && !fitted) {
      fitted = true;
      const lons = placed.map((q) => q.supplyPlace!.lon);
      const lats = placed.map((q) => q.supplyPlace!.lat);
      map.fitBounds([[Math.min(...lons) - 0.3, Math.min(...lats) - 0.3], [Math.max(...lons) + 0.3, Math.max(...lats) + 0.3]], { duration: 0, maxZoom: 10 });
    }
  }

  function card(c: QueueCard): HTMLElement {
    const q = c.item;
    const claimant = q.claim?.facilitatorId ?? null;
    const region = q.supplyPlace?.region?.name ?? t("workbench.regionUnknown");
    const interestFor = [q.supply, q.demand].filter((s) => mandates.can("interest", s.orgId));
    return h(
      "li",
      { class: `queue-item${q.matchId === selectedId ? " selected" : ""}`, "data-match-id": q.matchId, "data-similar": String(c.similar.length) },
      h("button", { type: "button", class: "queue-open", "aria-pressed": String(q.matchId === selectedId), onclick: () => choose(q) },
        h("strong", {}, what(q)),
        h("span", { class: "queue-score" }, t("workbench.score", { score: pct(q.score) })),
      ),
      h("p", {}, `${sideName(q.supply)} → ${sideName(q.demand)}`),
      h("p", { class: "muted" }, `${region} · ${km(q.distanceKm)} · ${daysAgo(q.updatedAt)}${claimant ? ` · ${claimant === me?.id ? t("workbench.claimed") : t("workbench.claimedBy")}` : ""}`),
      h("p", { class: "routed", "data-reasons": (q.route?.drivers ?? []).map(reasonKey).join(",") }, reasons(q)),
      h("p", { class: "routed-to", "data-routed": isMine(q, me?.id) ? "mine" : (q.route?.routing?.to ?? "shared") }, routedTo(q)),
      c.similar.length ? h("p", { class: "merged muted", title: t("workbench.mergedTitle") }, t("quantities.similarMerged", { count: c.similar.length })) : null,
      h("div", { class: "actions" },
        claimant ? null : h("button", { type: "button", "data-action": "claim", onclick: () => void act(q.matchId, "claim") }, t("workbench.claim")),
        claimant === me?.id ? h("button", { type: "button", "data-action": "release", onclick: () => void act(q.matchId, "release") }, t("workbench.release")) : null,
        interestFor.map((s) => h("button", { type: "button", "data-action": `interested:${s.orgId}`, onclick: () => void interested(q, s) }, `${t("decision.interested")}: ${sideName(s)}`)),
        h("button", { type: "button", "data-action": "propose", onclick: () => (choose(q), detail.querySelector<HTMLElement>("textarea, [data-needs-mandate]")?.scrollIntoView({ block: "nearest" })) }, t("workbench.propose")),
      ),
    );
  }

  function renderQueue(): void {
    const { cards, total, pages } = triage(items, view);
    const page = Math.min(view.page, pages - 1);
    countEl.textContent = t("quantities.matchesOf", { shown: cards.length, count: total });
    // Your own queue first, then the shared one (triage put them in that order).
    const own = cards.filter((c) => isMine(c.item, me?.id));
    const rest = cards.filter((c) => !isMine(c.item, me?.id));
    const group = (id: string, title: string, list: QueueCard[]) =>
      h("section", { class: "queue-group", id, "aria-labelledby": `${id}-h` }, h("h3", { id: `${id}-h` }, `${title} (${list.length})`), h("ul", { role: "list", class: "queue", "aria-label": title }, list.map(card)));
    replaceChildren(
      queueHost,
      cards.length
        ? [own.length ? group("queue-mine", t("marketplace.routing.yours"), own) : null, rest.length ? group("queue-shared", t("marketplace.routing.shared"), rest) : null]
        : h("p", { class: "muted" }, t("workbench.empty")),
    );
    replaceChildren(
      pager,
      h("button", { type: "button", disabled: page === 0, "data-page": "prev", onclick: () => ((view.page = page - 1), rerender(false)) }, t("common.previous")),
      h("span", { "data-pages": String(pages) }, t("workbench.page", { page: page + 1, pages })),
      h("button", { type: "button", disabled: page >= pages - 1, "data-page": "next", onclick: () => ((view.page = page + 1), rerender(false)) }, t("common.next")),
    );
    // The selected match is always one in view: the first when none (or a filtered-out one) was.
    if (!cards.some((c) => c.item.matchId === selectedId)) {
      selectedId = cards[0]?.item.matchId ?? null;
      if (cards[0]) renderDetail(cards[0]);
      else replaceChildren(detail, h("p", { class: "muted" }, t("workbench.selectHint")));
    }
    void mapReady.then(() => renderMap(cards));
  }

  function choose(q: QueueItem): void {
    selectedId = q.matchId;
    const c = triage(items, { ...view, page: 0 }).cards.find((x) => x.item.matchId === q.matchId) ?? { item: q, similar: [] };
    for (const li of queueHost.querySelectorAll<HTMLElement>(".queue-item")) {
      li.classList.toggle("selected", li.dataset.matchId === q.matchId);
      li.querySelector(".queue-open")?.setAttribute("aria-pressed", String(li.dataset.matchId === q.matchId));
    }
    renderDetail(c);
    void mapReady.then(() => renderMap(triage(items, view).cards));
  }

  function renderDetail(c: QueueCard): void {
    const q = c.item;
    const e = q.economics;
    const dl = (rows: [string, string][]) => h("dl", { class: "economics" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
    replaceChildren(
      detail,
      h(
        "article",
        { class: "card wb-selected", "data-match-id": q.matchId },
        h("h3", {}, what(q)),
        dl([
          [t("workbench.supply"), `${sideName(q.supply)} · ${resourceName(q.supply.resourceType)}`],
          [t("workbench.demand"), `${sideName(q.demand)} · ${resourceName(q.demand.resourceType)}`],
          [t("workbench.region"), q.supplyPlace?.region?.name ?? t("workbench.regionUnknown")],
          [t("workbench.scoreLabel"), pct(q.score)],
          [t("workbench.distance"), km(q.distanceKm)],
          [t("workbench.age"), daysAgo(q.updatedAt)],
          ...(e.npvEur ? ([[t("match.econ.npv"), eurRange(e.npvEur)]] as [string, string][]) : []),
          [t("match.econ.payback"), years(e.paybackYears)],
        ]),
        h("p", { class: "routed" }, reasons(q)),
        h("p", { class: "routed-to" }, routedTo(q)),
        c.similar.length ? h("details", {}, h("summary", {}, t("quantities.similarMerged", { count: c.similar.length })), h("ul", {}, c.similar.map((s) => h("li", { "data-match-id": s.matchId }, `${what(s)} · ${pct(s.score)} · ${km(s.distanceKm)}`)))) : null,
        proposeFromQueue(q, mandates, () => void loadProposals()),
      ),
    );
  }

  let queueSeq = 0;
  async function loadQueue(): Promise<void> {
    // A newer load (another filter chosen meanwhile) wins over one still in flight.
    const seq = ++queueSeq;
    const all: QueueItem[] = [];
    try {
      // Your own queue whole first (it comes first however far down the score order it is), then the rest.
      const filters = () => {
        const qs = new URLSearchParams({ status, limit: "200" });
        if (serverFilter.resourceType) qs.set("resource_type", serverFilter.resourceType);
        if (serverFilter.minScore > 0) qs.set("min_score", String(serverFilter.minScore));
        return qs;
      };
      if (me?.role === "facilitator") {
        const qs = filters();
        qs.set("routed", "me");
        all.push(...(await get<Page<QueueItem>>(`/facilitator/queue?${qs}`)).items);
      }
      let cursor: string | null = null;
      // The whole (filtered) queue, a few pages of 200: triage sorts and merges across it.
      for (let i = 0; i < 5; i++) {
        const qs = filters();
        if (cursor) qs.set("cursor", cursor);
        const body: Page<QueueItem> = await get<Page<QueueItem>>(`/facilitator/queue?${qs}`);
        const have = new Set(all.map((q) => q.matchId));
        all.push(...body.items.filter((q) => !have.has(q.matchId)));
        cursor = body.nextCursor ?? null;
        if (!cursor) break;
      }
    } catch (error) {
      if (seq !== queueSeq) return;
      replaceChildren(queueHost, h("p", { class: "field-error" }, `The queue is unavailable: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (seq !== queueSeq) return;
    items = all;
    for (const q of items) for (const s of [q.supply, q.demand]) if (s.orgName) mandates.names.set(s.orgId, s.orgName);
    const current = regionSelect.value;
    replaceChildren(regionSelect, h("option", { value: "" }, t("common.all")), regionsOf(items).map((r) => h("option", { value: r.code, selected: r.code === current }, r.name)));
    selectedId = items.some((q) => q.matchId === selectedId) ? selectedId : null;
    renderQueue();
  }

  async function act(matchId: string, action: "claim" | "release"): Promise<void> {
    try {
      await post(`/facilitator/queue/${encodeURIComponent(matchId)}/${action}`, {});
      toast(action === "claim" ? "Claimed." : "Released.");
      await loadQueue();
    } catch (error) {
      toast(`Could not ${action}: ${error instanceof Error ? error.message : String(error)}`, { kind: "error" });
    }
  }

  async function interested(q: QueueItem, side: QueueSide): Promise<void> {
    try {
      const r = await post<DecisionResult>(`/matches/${encodeURIComponent(q.matchId)}/decision`, { decision: "interested", orgId: side.orgId });
      toast(r.state === "revealed" ? `Both parties are interested: ${sideName(q.supply)} and ${sideName(q.demand)} now see each other.` : `Interest recorded for ${sideName(side)}; waiting for the other party.`);
    } catch (error) {
      toast(`Could not record interest: ${error instanceof Error ? error.message : String(error)}`, { kind: "error" });
    }
  }

  let proposalsSeq = 0;
  async function loadProposals(): Promise<void> {
    const seq = ++proposalsSeq;
    const items = (await get<Page<Proposal>>("/proposals?limit=50")).items;
    if (seq !== proposalsSeq) return; // a newer load is on its way
    const acting = mandates.acting();
    replaceChildren(
      proposalsHost,
      items.length
        ? h(
            "ul",
            { role: "list", "aria-label": "Proposals" },
            items.map((p) => h("li", { class: "queue-item", "data-proposal-id": p.id }, proposalSummary(p, new Set(), mandates.names), h("p", {}, p.message), proposalActions(p, () => void loadProposals(), acting))),
          )
        : h("p", { class: "muted" }, "No proposals."),
    );
  }

  async function loadMandates(): Promise<void> {
    await mandates.load();
    replaceChildren(mandatesHost, mandates.describe());
  }

  await loadMandates();
  await Promise.all([loadQueue(), loadProposals().catch(() => undefined)]);
  const offs = [
    onLive("queue:changed", () => void loadQueue()),
    onLive("proposal:changed", () => void loadProposals().catch(() => undefined)),
    onLive("match:revealed", () => void loadProposals().catch(() => undefined)),
  ];
  return () => {
    offs.forEach((off) => off());
    left = true;
    map?.remove();
  };
}

/**
 * A proposal on behalf of one party of a queued match, to the other: only for a party
 * whose `proposals` mandate you hold (proposing is that party's "interested").
 */
function proposeFromQueue(q: QueueItem, mandates: Mandates, onCreated: () => void): HTMLElement {
  const name = (s: QueueSide) => s.orgName ?? s.orgId;
  const options = [
    { value: "s2d", from: q.supply, to: q.demand, label: `${name(q.supply)} (supplier) proposes to ${name(q.demand)}` },
    { value: "d2s", from: q.demand, to: q.supply, label: `${name(q.demand)} (consumer) proposes to ${name(q.supply)}` },
  ].filter((o) => mandates.can("proposals", o.from.orgId));
  const title = h("h3", {}, `${name(q.supply)} → ${name(q.demand)}`);
  if (options.length === 0) return h("div", { class: "card", "aria-label": `Propose match ${q.matchId}` }, title, needsMandate("proposals", "Proposing", [name(q.supply), name(q.demand)]));
  const msgId = uid("wb-message");
  const dirId = uid("wb-direction");
  const message = h("textarea", { id: msgId, name: "message", rows: 4 }, `Facilitated proposal: ${resourceName(q.supply.resourceType)} from ${name(q.supply)} to ${name(q.demand)}.`);
  const direction = h("select", { id: dirId, "data-field": "fromOrg" }, options.map((o) => h("option", { value: o.value }, o.label)));
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-label": `Propose match ${q.matchId}` },
    title,
    h("div", { class: "field" }, h("label", { for: dirId }, "On behalf of"), direction),
    h("div", { class: "field" }, h("label", { for: msgId }, "Message"), message),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Create proposal"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const chosen = options.find((o) => o.value === direction.value) ?? options[0]!;
    try {
      // The match names both parties; fromOrg says which one you act for.
      await post("/proposals", { externalId: newId("prop"), matchId: q.matchId, fromOrg: chosen.from.orgId, message: message.value });
      form.replaceChildren(h("p", { class: "success" }, `Proposal created on behalf of ${name(chosen.from)}.`));
      toast("Proposal created.");
      onCreated();
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
