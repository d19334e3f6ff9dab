/**
 * The carbon page for an organization's members (#/carbon): its CO2 avoided — potential,
 * in progress, realised — over a period, from GET /organizations/{id}/carbon, with the
 * factor used and its source beside every figure; the allocation of a shared supply on each
 * partnership; a chart over time from the daily rollups; the CSV and PDF reports of the
 * period; the emission-factor overrides (carbon-factors.ts) and the threshold alerts with
 * their firings (carbon-alerts.ts). A refused period is shown at its field.
 */
import "./outcomes.css";
import "./carbon.css";
import type { CarbonStage, CarbonSummary, FactorUse, FlowCarbon, PartnershipLine } from "../../../contract/carbon.ts";
import { t } from "../i18n/index.ts";
import { download, get } from "../rest/http.ts";
import { currentUser } from "../rest/session.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { humanize, num, pct, quantity } from "../ui/format.ts";
import { toast } from "../ui/toast.ts";
import { alertsSection } from "./carbon-alerts.ts";
import { seriesChart } from "./carbon-chart.ts";
import { card, factorNote, table } from "./carbon-parts.ts";
import { factorsSection } from "./carbon-factors.ts";

const STAGES: readonly CarbonStage[] = ["potential", "in_progress", "realised"];
type Membership = { orgId: string; name: string | null; role: string };

const dayText = (iso: string) => new Intl.DateTimeFormat(document.documentElement.lang || "en", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));

function totals(s: CarbonSummary): HTMLElement {
  const factors = h("div", { class: "carbon-factors-used" }, h("h3", {}, t("carbon.factorsUsed")), s.factors.length === 0 ? h("p", { class: "muted" }, t("carbon.noFactors")) : h("ul", {}, s.factors.map((f) => h("li", {}, factorNote(f)))));
  return h(
    "section",
    { class: "carbon-totals", "aria-label": t("carbon.totalsAria"), "data-testid": "carbon-totals" },
    h(
      "div",
      { class: "carbon-stages" },
      STAGES.map((stage) => {
        const x = s.totals[stage];
        return h(
          "div",
          { class: `carbon-stage carbon-${stage.replace("_", "-")}`, "data-testid": `total-${stage}` },
          h("span", { class: "carbon-stage-name" }, t(`carbon.stages.${stage}`)),
          h("strong", { "data-testid": `total-${stage}-co2` }, t("carbon.tco2", { n: num(x.co2AvoidedT.mid) })),
          // A range of nothing says nothing: only a figure has one.
          x.co2AvoidedT.mid > 0 ? h("span", { class: "muted" }, t("carbon.range", { low: num(x.co2AvoidedT.low), high: num(x.co2AvoidedT.high) })) : null,
          h("span", {}, `${t("carbon.energy", { n: num(x.energyMWh) })} · ${t("carbon.water", { n: num(x.waterM3) })}`),
          h("span", { class: "muted" }, t(`carbon.stageHelp.${stage}`)),
        );
      }),
    ),
    factors,
  );
}

function partnerships(s: CarbonSummary, typeLabel: (id: string) => string, factorsById: Map<string, FactorUse>): HTMLElement {
  const allocation = (p: PartnershipLine) =>
    p.allocation.competitors > 0 ? t("quantities.sharedWith", { share: pct(p.allocation.shareOfSupply), count: p.allocation.competitors }) : t("carbon.allocationSole", { share: pct(p.allocation.shareOfSupply) });
  const rows = s.partnerships.map((p) =>
    h(
      "tr",
      { "data-testid": "partnership-row", "data-match": p.matchId },
      h("td", {}, p.counterpart),
      h("td", {}, t(`carbon.stages.${p.stage}`)),
      h("td", {}, t(`carbon.role.${p.role}`)),
      h("td", {}, `${typeLabel(p.offerType)} → ${typeLabel(p.needType)}`),
      h("td", { "data-testid": "allocation" }, allocation(p), h("div", { class: "muted" }, p.allocation.method)),
      h("td", { class: "num" }, t("carbon.perYear", { n: num(p.co2AvoidedTPerYear.mid) }), h("div", { class: "muted" }, t("carbon.rangeYear", { low: num(p.co2AvoidedTPerYear.low), high: num(p.co2AvoidedTPerYear.high) })), h("div", { class: "muted" }, t(`carbon.${p.basis}`))),
      h("td", { class: "num" }, t("carbon.transportMinus", { n: num(p.transportTPerYear) })),
      h("td", {}, p.factorIds.map((id) => factorsById.get(id)).filter((f): f is FactorUse => f !== undefined).map((f) => h("div", {}, factorNote(f)))),
    ),
  );
  const cols = ["counterpart", "stage", "role", "resource", "allocation", "co2", "transport", "factor"];
  return card(
    t("carbon.partnerships"),
    "carbon-partnerships",
    h("p", { class: "muted" }, t("carbon.partnershipsHelp")),
    table("partnerships", cols, rows, t("carbon.noPartnerships")),
    s.unlistedPartnerships > 0 ? h("p", { class: "muted" }, t("carbon.unlisted", { count: s.unlistedPartnerships })) : null,
    h("p", { class: "muted" }, t("carbon.potentialMatches", { count: s.potentialMatches })),
  );
}

function flows(s: CarbonSummary, typeLabel: (id: string) => string): HTMLElement {
  const row = (f: FlowCarbon) =>
    h(
      "tr",
      { "data-testid": "flow-row", "data-flow": f.flowId },
      h("td", {}, typeLabel(f.resourceType), " ", h("span", { class: "muted" }, t(`carbon.${f.direction}`)), f.assumedUse ? h("div", { class: "muted" }, t("carbon.assumedUse", { use: typeLabel(f.assumedUse) })) : null),
      h("td", { class: "num" }, quantity(f.annualQuantity, f.unit)),
      h("td", { class: "num" }, t("carbon.energy", { n: num(f.energyMWh) })),
      h("td", { class: "num" }, t("carbon.water", { n: num(f.waterM3) })),
      h("td", { class: "num", "data-testid": "flow-co2" }, t("carbon.perYear", { n: num(f.co2TPerYear) })),
      h("td", {}, f.factor ? factorNote(f.factor) : h("span", { class: "muted" }, t("carbon.noFactor"))),
    );
  const cols = ["flow", "quantity", "energy", "water", "co2", "factor"];
  return card(
    t("carbon.flows"),
    "carbon-flows",
    h("p", { class: "muted" }, t("carbon.flowsHelp")),
    table("flows", cols, s.flows.map(row), t("carbon.noFlows")),
  );
}

/** How each of the organization's offers is shared among its matches: credited once, never past the offer. */
function offersShared(s: CarbonSummary, typeLabel: (id: string) => string): HTMLElement | null {
  if (s.supplyAllocations.length === 0) return null;
  const cols = ["offer", "quantity", "matches", "realised", "inProgress", "potential", "share"];
  const rows = s.supplyAllocations.map((a) =>
    h(
      "tr",
      { "data-testid": "offer-share-row", "data-flow": a.flowId },
      h("td", {}, typeLabel(a.resourceType), h("div", { class: "muted" }, a.flowId)),
      h("td", { class: "num" }, quantity(a.annualQuantity, a.unit)),
      h("td", { class: "num" }, String(a.matches)),
      h("td", { class: "num" }, quantity(a.credited.realised, a.unit)),
      h("td", { class: "num" }, quantity(a.credited.in_progress, a.unit)),
      h("td", { class: "num" }, quantity(a.credited.potential, a.unit)),
      h("td", { class: "num", "data-testid": "offer-share" }, pct(a.shareCredited)),
    ),
  );
  return card(
    t("carbonOnce.title"),
    "carbon-offers-shared",
    h("p", { class: "muted" }, t("carbonOnce.help")),
    h("div", { class: "table-scroll" }, h("table", { "data-testid": "offers-shared" }, h("thead", {}, h("tr", {}, cols.map((c) => h("th", {}, t(`carbonOnce.col.${c}`))))), h("tbody", {}, rows))),
  );
}

function render(s: CarbonSummary, typeLabel: (id: string) => string): HTMLElement[] {
  const factorsById = new Map(s.factors.map((f) => [f.id, f]));
  const stageNames = Object.fromEntries(STAGES.map((st) => [st, t(`carbon.stages.${st}`)])) as Record<CarbonStage, string>;
  return [
    totals(s),
    card(
      t("carbon.chartTitle"),
      "carbon-series",
      s.series.length === 0 ? h("p", { class: "muted" }, t("carbon.chartEmpty")) : null,
      seriesChart(s, { title: t("carbon.chartAria"), unit: t("carbon.chartUnit"), stages: stageNames, day: dayText, number: num }) as unknown as HTMLElement,
    ),
    partnerships(s, typeLabel, factorsById),
    ...[offersShared(s, typeLabel)].filter((e): e is HTMLElement => e !== null),
    flows(s, typeLabel),
    card(t("carbon.method"), "carbon-method", h("ul", { class: "carbon-method" }, s.method.map((m) => h("li", {}, m)))),
  ];
}

/** Mounts the page; returns its cleanup. */
export async function mountCarbon(root: HTMLElement): Promise<() => void> {
  const orgs = (await get<{ items: Membership[] }>("/users/me/organizations")).items;
  if (orgs.length === 0) {
    replaceChildren(root, h("div", { class: "page" }, h("h1", {}, t("carbon.title")), h("p", { class: "muted" }, t("carbon.noOrganization"))));
    return () => undefined;
  }
  const types = await resourceTypes().catch(() => new Map<string, { label: string }>());
  const typeLabel = (id: string) => types.get(id)?.label ?? humanize(id);
  let orgId = orgs[0]!.orgId;
  const isAdmin = () => currentUser()?.organizations.some((o) => o.orgId === orgId && o.role === "org_admin") ?? false;

  const field = (label: string, control: HTMLElement) => h("label", { class: "field" }, label, control);
  const picker = h("select", { name: "organization" }, orgs.map((o) => h("option", { value: o.orgId }, o.name ?? o.orgId)));
  const from = h("input", { type: "date", name: "from", "data-field": "query.from" });
  const to = h("input", { type: "date", name: "to", "data-field": "query.to" });
  const periodQuery = () => {
    const q = new URLSearchParams();
    if (from.value) q.set("from", from.value);
    if (to.value) q.set("to", to.value);
    return q.toString();
  };
  const report = (ext: "csv" | "pdf") => async () => {
    try {
      const name = await download(`/organizations/${encodeURIComponent(orgId)}/carbon/report.${ext}?${periodQuery()}`, `carbon.${ext}`);
      toast(t("carbon.downloaded", { name }));
    } catch (error) {
      showFormErrors(form, error);
    }
  };
  const form = h(
    "form",
    { class: "outcomes-filters carbon-period", "aria-label": t("carbon.period", { from: "", to: "" }).trim(), novalidate: true },
    orgs.length > 1 ? field(t("carbon.organization"), picker) : null,
    field(t("carbon.from"), from),
    field(t("carbon.to"), to),
    h("button", { type: "submit", class: "primary" }, t("carbon.show")),
    h("span", { class: "spacer" }),
    h("button", { type: "button", class: "secondary", "data-testid": "download-csv", onclick: () => void report("csv")() }, t("carbon.downloadCsv")),
    h("button", { type: "button", class: "secondary", "data-testid": "download-pdf", onclick: () => void report("pdf")() }, t("carbon.downloadPdf")),
    h("div", { class: "form-summary", role: "alert" }),
  );
  const periodLine = h("p", { class: "muted", "data-testid": "carbon-period" });
  const body = h("div", { class: "carbon-body", "aria-live": "polite" });
  const factorsHost = h("div");
  const alertsHost = h("div");
  replaceChildren(root, h("div", { class: "page carbon-page" }, h("h1", {}, t("carbon.title")), h("p", { class: "muted" }, t("carbon.intro")), form, periodLine, body, factorsHost, alertsHost));

  let seq = 0;
  let alertsCleanup: () => void = () => undefined;
  async function load(): Promise<void> {
    const mine = ++seq;
    clearFormErrors(form);
    try {
      const summary = await get<CarbonSummary>(`/organizations/${encodeURIComponent(orgId)}/carbon?${periodQuery()}`);
      if (mine !== seq) return;
      from.value = summary.period.from;
      to.value = summary.period.to;
      periodLine.textContent = t("carbon.period", { from: summary.period.from, to: summary.period.to });
      replaceChildren(body, render(summary, typeLabel));
    } catch (error) {
      if (mine === seq) showFormErrors(form, error);
    }
  }
  async function loadAll(): Promise<void> {
    alertsCleanup();
    await Promise.all([
      load(),
      factorsSection(orgId, isAdmin(), () => void load()).then((el) => replaceChildren(factorsHost, el)),
      alertsSection(orgId, isAdmin()).then(({ element, cleanup }) => {
        replaceChildren(alertsHost, element);
        alertsCleanup = cleanup;
      }),
    ]);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void load();
  });
  picker.addEventListener("change", () => {
    orgId = picker.value;
    from.value = "";
    to.value = "";
    void loadAll();
  });
  await loadAll();
  return () => {
    seq += 1;
    alertsCleanup();
  };
}
