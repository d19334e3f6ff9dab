/**
 * The outcomes page for facilitators and admins (#/outcomes): how good the suggested
 * matches turned out, from GET /outcomes — precision@k against negotiating, contracted and
 * live; the funnel from suggestion to live; acceptance and conversion by resource type,
 * region and route; why deals failed; and how long each stage takes. Filters (region,
 * resource type, period, k) go into the query; a refused filter is shown at its field.
 */
import "./outcomes.css";
import type { GroupFunnel, OutcomesResponse } from "../../../contract/outcomes.ts";
import { t } from "../i18n/index.ts";
import { get } from "../rest/http.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { humanize, num, pct } from "../ui/format.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { barChart, funnelChart, type Bar } from "./outcomes-charts.ts";

/** The most groups a chart shows; the rest are summed up in words. */
const TOP_GROUPS = 12;

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const rateText = (r: number | null) => (r === null ? "—" : pct(r));
const days = (hours: number | null) => (hours === null ? "—" : hours < 48 ? t("workbench.outcomes.hours", { n: num(Math.round(hours)) }) : t("workbench.outcomes.days", { n: num(Math.round(hours / 24)) }));
/** A stage of a deal in words. */
const stageWord = (stage: string) => t(`workbench.outcomes.stage.${stage}`, { defaultValue: humanize(stage) });
const O = (key: string, options?: Record<string, unknown>) => t(`workbench.outcomes.${key}`, options);

function card(title: string, ...children: (Node | string | null)[]): HTMLElement {
  const id = uid("outcomes-h");
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/** Acceptance and conversion bars of groups, the largest first, with each group's size. */
function groupChart(title: string, groups: readonly GroupFunnel[], label: (key: string) => string): SVGSVGElement | HTMLElement {
  if (groups.length === 0) return h("p", { class: "muted" }, O("noSuggestions"));
  const bars: Bar[] = groups.slice(0, TOP_GROUPS).map((g) => ({
    // The name gives way before the count does: the count says how far to trust the rates.
    label: `${shorten(label(g.key), 19)} (${num(g.suggested)})`,
    value: g.conversionRate,
    behind: g.acceptanceRate,
    text: `${rateText(g.acceptanceRate)} / ${rateText(g.conversionRate)}`,
  }));
  return barChart(title, bars, { max: 1 });
}

function render(report: OutcomesResponse, typeLabel: (id: string) => string): HTMLElement[] {
  const f = report.funnel;
  const precision = report.precisionAtK.map((p) => ({ label: stageWord(p.stage), value: p.precision, text: rateText(p.precision) }));
  const reasons = report.failureReasons.filter((r) => r.failed + r.cancelled > 0);
  const more = (groups: readonly GroupFunnel[]) => (groups.length > TOP_GROUPS ? h("p", { class: "muted" }, O("more", { count: groups.length - TOP_GROUPS })) : null);
  const legend = h("p", { class: "muted" }, O("legend"));
  return [
    h(
      "div",
      { class: "outcomes-headline", "data-testid": "outcomes-headline" },
      h("div", {}, h("span", { class: "muted" }, O("suggestions")), h("strong", {}, num(f.suggested))),
      h("div", {}, h("span", { class: "muted" }, O("needs")), h("strong", {}, num(report.needs))),
      h("div", {}, h("span", { class: "muted" }, O("precisionNegotiating", { k: report.k })), h("strong", { "data-testid": "precision-negotiating" }, rateText(report.precisionAtK[0]?.precision ?? null))),
      h("div", {}, h("span", { class: "muted" }, O("acceptance")), h("strong", {}, rateText(f.acceptanceRate))),
      h("div", {}, h("span", { class: "muted" }, O("conversion")), h("strong", {}, rateText(f.conversionRate))),
    ),
    h(
      "div",
      { class: "outcomes-grid" },
      card(
        O("precision", { k: report.k }),
        h("p", { class: "muted" }, O("precisionIntro", { k: report.k, needs: num(report.needs) })),
        barChart(O("precisionChart", { k: report.k }), precision, { max: 1 }),
      ),
      card(
        O("funnel"),
        funnelChart(O("funnelChart"), [
          { label: O("suggested"), count: f.suggested },
          { label: O("interested"), count: f.interested },
          { label: O("mutual"), count: f.mutual },
          { label: O("negotiating"), count: f.negotiating },
          { label: O("contracted"), count: f.contracted },
          { label: O("live"), count: f.live },
        ], num, pct),
        h("p", { class: "muted" }, O("rejectedFailed", { rejected: num(f.rejected), failed: num(f.failed) })),
      ),
      card(O("byType"), legend.cloneNode(true), groupChart(O("byTypeChart"), report.byResourceType, typeLabel), more(report.byResourceType)),
      card(O("byRegion"), legend.cloneNode(true), groupChart(O("byRegionChart"), report.byRegion, (k) => k), more(report.byRegion)),
      card(O("byRoute"), legend.cloneNode(true), groupChart(O("byRouteChart"), report.byRoute, (k) => (k === "auto" ? O("auto") : O("facilitator")))),
      card(
        O("failedTitle"),
        reasons.length === 0
          ? h("p", { class: "muted" }, O("noneFailed"))
          : barChart(O("failedChart"), reasons.map((r) => ({ label: t(`propose.reasons.${r.code}`, { defaultValue: humanize(r.code) }), value: r.failed + r.cancelled, text: r.cancelled === 0 ? O("failedCount", { failed: num(r.failed) }) : O("failedCancelled", { failed: num(r.failed), cancelled: num(r.cancelled) }) }))),
      ),
      card(
        O("durations"),
        h("p", { class: "muted" }, O("durationsIntro")),
        barChart(
          O("durationsChart"),
          report.durations.map((d) => ({ label: `${stageWord(d.stage)} (${num(d.count)})`, value: d.medianHours, behind: d.p90Hours, text: `${days(d.medianHours)} / ${days(d.p90Hours)}` })),
        ),
      ),
    ),
  ];
}

/** Mounts the page; returns its cleanup. */
export async function mountOutcomes(root: HTMLElement): Promise<() => void> {
  const types = await resourceTypes().catch(() => new Map<string, { label: string }>());
  const typeLabel = (id: string) => types.get(id)?.label ?? humanize(id);
  const field = (label: string, control: HTMLElement) => h("label", { class: "field" }, label, control);
  const region = h("input", { name: "region", "data-field": "query.region", placeholder: O("all"), size: 18 });
  const type = h("select", { name: "resource_type", "data-field": "query.resource_type" }, h("option", { value: "" }, O("all")), [...types.entries()].map(([id, t]) => h("option", { value: id }, t.label)));
  const from = h("input", { type: "date", name: "from", "data-field": "query.from" });
  const to = h("input", { type: "date", name: "to", "data-field": "query.to" });
  const k = h("input", { type: "number", name: "k", "data-field": "query.k", min: 1, max: 20, value: 3, size: 3 });
  const form = h(
    "form",
    { class: "outcomes-filters", "aria-label": O("filters"), novalidate: true },
    field(O("region"), region),
    field(O("resourceType"), type),
    field(O("from"), from),
    field(O("to"), to),
    field(O("k"), k),
    h("button", { type: "submit", class: "primary" }, O("show")),
    h("div", { class: "form-summary", role: "alert" }),
  );
  const body = h("div", { "aria-live": "polite" });
  replaceChildren(root, h("div", { class: "page" }, h("h1", {}, O("title")), h("p", { class: "muted" }, O("intro")), form, body));

  let seq = 0;
  async function load(): Promise<void> {
    const mine = ++seq;
    clearFormErrors(form);
    const params = new URLSearchParams();
    for (const input of [region, type, from, to, k]) if (input.value.trim() !== "") params.set(input.name, input.value.trim());
    try {
      const report = await get<OutcomesResponse>(`/outcomes?${params.toString()}`);
      if (mine === seq) replaceChildren(body, render(report, typeLabel));
    } catch (error) {
      if (mine === seq) showFormErrors(form, error);
    }
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void load();
  });
  await load();
  return () => {
    seq += 1;
  };
}
