/**
 * The outcomes page for facilitators and admins (#/outcomes): how good the suggested
 * matches turned out, from GET /outcomes — precision@k against negotiating, contracted and
 * live; the funnel from suggestion to live; acceptance and conversion by resource type,
 * region and route; why deals failed; and how long each stage takes. Filters (region,
 * resource type, period, k) go into the query; a refused filter is shown at its field.
 */
import "./outcomes.css";
import type { GroupFunnel, OutcomesResponse } from "../../../contract/outcomes.ts";
import { get } from "../rest/http.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { humanize, pct } from "../ui/format.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { barChart, funnelChart, type Bar } from "./outcomes-charts.ts";

/** The most groups a chart shows; the rest are summed up in words. */
const TOP_GROUPS = 12;

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const rateText = (r: number | null) => (r === null ? "—" : pct(r));
const days = (hours: number | null) => (hours === null ? "—" : hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} d`);

function card(title: string, ...children: (Node | string | null)[]): HTMLElement {
  const id = uid("outcomes-h");
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/** Acceptance and conversion bars of groups, the largest first, with each group's size. */
function groupChart(title: string, groups: readonly GroupFunnel[], label: (key: string) => string): SVGSVGElement | HTMLElement {
  if (groups.length === 0) return h("p", { class: "muted" }, "No suggestions.");
  const bars: Bar[] = groups.slice(0, TOP_GROUPS).map((g) => ({
    // The name gives way before the count does: the count says how far to trust the rates.
    label: `${shorten(label(g.key), 19)} (${g.suggested})`,
    value: g.conversionRate,
    behind: g.acceptanceRate,
    text: `${rateText(g.acceptanceRate)} / ${rateText(g.conversionRate)}`,
  }));
  return barChart(title, bars, { max: 1 });
}

function render(report: OutcomesResponse, typeLabel: (id: string) => string): HTMLElement[] {
  const f = report.funnel;
  const precision = report.precisionAtK.map((p) => ({ label: humanize(p.stage), value: p.precision, text: rateText(p.precision) }));
  const reasons = report.failureReasons.filter((r) => r.failed + r.cancelled > 0);
  const more = (groups: readonly GroupFunnel[]) => (groups.length > TOP_GROUPS ? h("p", { class: "muted" }, `and ${groups.length - TOP_GROUPS} more`) : null);
  const legend = h("p", { class: "muted" }, "Dark: conversion to live; light: acceptance (a proposal accepted). Written: acceptance / conversion; in brackets, suggestions.");
  return [
    h(
      "div",
      { class: "outcomes-headline", "data-testid": "outcomes-headline" },
      h("div", {}, h("span", { class: "muted" }, "Suggestions"), h("strong", {}, String(f.suggested))),
      h("div", {}, h("span", { class: "muted" }, "Needs"), h("strong", {}, String(report.needs))),
      h("div", {}, h("span", { class: "muted" }, `Precision@${report.k} (negotiating)`), h("strong", { "data-testid": "precision-negotiating" }, rateText(report.precisionAtK[0]?.precision ?? null))),
      h("div", {}, h("span", { class: "muted" }, "Acceptance"), h("strong", {}, rateText(f.acceptanceRate))),
      h("div", {}, h("span", { class: "muted" }, "Conversion to live"), h("strong", {}, rateText(f.conversionRate))),
    ),
    h(
      "div",
      { class: "outcomes-grid" },
      card(
        `Precision@${report.k}`,
        h("p", { class: "muted" }, `Per need, the share of its ${report.k} best-ranked suggestions (as suggested) whose deal reached the stage, averaged over ${report.needs} needs.`),
        barChart(`Precision@${report.k} per stage`, precision, { max: 1 }),
      ),
      card(
        "From suggestion to live",
        funnelChart("Suggestions per stage", [
          { label: "Suggested", count: f.suggested },
          { label: "Interest shown", count: f.interested },
          { label: "Both interested", count: f.mutual },
          { label: "Negotiating", count: f.negotiating },
          { label: "Contracted", count: f.contracted },
          { label: "Live", count: f.live },
        ]),
        h("p", { class: "muted" }, `${f.rejected} rejected by a party; ${f.failed} with a deal that failed or was cancelled.`),
      ),
      card("By resource type", legend.cloneNode(true), groupChart("Acceptance and conversion by resource type", report.byResourceType, typeLabel), more(report.byResourceType)),
      card("By region", legend.cloneNode(true), groupChart("Acceptance and conversion by region", report.byRegion, (k) => k), more(report.byRegion)),
      card("By route", legend.cloneNode(true), groupChart("Acceptance and conversion by route", report.byRoute, (k) => (k === "auto" ? "Automatic" : "Facilitator"))),
      card(
        "Why deals failed",
        reasons.length === 0
          ? h("p", { class: "muted" }, "No deal failed or was cancelled.")
          : barChart("Deal endings by reason", reasons.map((r) => ({ label: humanize(r.code), value: r.failed + r.cancelled, text: r.cancelled === 0 ? `${r.failed} failed` : `${r.failed} failed, ${r.cancelled} canc.` }))),
      ),
      card(
        "Time from suggestion",
        h("p", { class: "muted" }, "Dark: median; light: 90th percentile; over the suggestions that reached the stage."),
        barChart(
          "Time from suggestion to each stage",
          report.durations.map((d) => ({ label: `${humanize(d.stage)} (${d.count})`, value: d.medianHours, behind: d.p90Hours, text: `${days(d.medianHours)} / ${days(d.p90Hours)}` })),
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
  const region = h("input", { name: "region", "data-field": "query.region", placeholder: "all", size: 18 });
  const type = h("select", { name: "resource_type", "data-field": "query.resource_type" }, h("option", { value: "" }, "all"), [...types.entries()].map(([id, t]) => h("option", { value: id }, t.label)));
  const from = h("input", { type: "date", name: "from", "data-field": "query.from" });
  const to = h("input", { type: "date", name: "to", "data-field": "query.to" });
  const k = h("input", { type: "number", name: "k", "data-field": "query.k", min: 1, max: 20, value: 3, size: 3 });
  const form = h(
    "form",
    { class: "outcomes-filters", "aria-label": "Filters", novalidate: true },
    field("Region", region),
    field("Resource type", type),
    field("From", from),
    field("To", to),
    field("k", k),
    h("button", { type: "submit", class: "primary" }, "Show"),
    h("div", { class: "form-summary", role: "alert" }),
  );
  const body = h("div", { "aria-live": "polite" });
  replaceChildren(root, h("div", { class: "page" }, h("h1", {}, "Outcomes"), h("p", { class: "muted" }, "What became of the suggested matches, from the deals' own history."), form, body));

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
