/**
 * One match explained: per-factor bars (score and weight written out, reason beside),
 * economics with their uncertainty ranges, counterfactuals, who takes it forward, and
 * the action to propose it.
 */
import type { Match } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { eur, eurRange, humanize, km, pct, quantity, tonnesRange, years } from "../ui/format.ts";

export function renderFactors(match: Match): HTMLElement {
  const rows = Object.entries(match.factors).sort((a, b) => b[1].weight * b[1].score - a[1].weight * a[1].score);
  return h(
    "ul",
    { class: "factors", "aria-label": "Score by factor" },
    rows.map(([name, f]) => {
      const fill = h("span", { class: "bar-fill" });
      fill.style.width = `${Math.round(f.score * 100)}%`;
      return h(
        "li",
        { class: "factor", "data-factor": name },
        h("span", { class: "factor-name" }, humanize(name)),
        h("span", { class: "bar", role: "meter", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(f.score * 100), "aria-label": `${humanize(name)} score` }, fill),
        h("span", { class: "factor-score" }, `${pct(f.score)} · weight ${pct(f.weight)}`),
        h("span", { class: "factor-reason" }, f.reason),
      );
    }),
  );
}

export function renderEconomics(match: Match): HTMLElement {
  const e = match.economics;
  const item = (term: string, value: string, key: string) => [h("dt", {}, term), h("dd", { "data-econ": key }, value)];
  return h(
    "dl",
    { class: "economics" },
    item("NPV (range)", eurRange(e.npvEur), "npv"),
    item("Payback", years(e.paybackYears), "payback"),
    item("CO₂ avoided", tonnesRange(e.co2AvoidedTPerYear), "co2"),
    item("Investment", eur(e.capexEur), "capex"),
    item("Yearly savings", eur(e.annualSavingsEur), "savings"),
    e.transportMode ? item("Transport", humanize(e.transportMode), "transport") : [],
  );
}

export function renderMatchDetail(match: Match, actions: HTMLElement | null): HTMLElement {
  const c = match.counterpart;
  return h(
    "article",
    { class: "match-detail", "aria-label": `Match with ${c.orgName}`, "data-match-id": match.id },
    h("h3", {}, `${c.orgName} — ${pct(match.score)}`),
    h("p", {}, `${c.direction === "offer" ? "Offers" : "Needs"} ${quantity(c.annualQuantity, c.unit)} of ${humanize(c.resourceType)}, ${km(match.distanceKm)} away.`),
    match.conversion ? h("p", { class: "muted" }, `Conversion: ${match.conversion}`) : null,
    h("h4", {}, "Why this match"),
    renderFactors(match),
    h("h4", {}, "Economics"),
    renderEconomics(match),
    match.counterfactuals.length ? [h("h4", {}, "What would change it"), h("ul", { class: "counterfactuals" }, match.counterfactuals.map((t) => h("li", {}, t)))] : null,
    h(
      "p",
      { class: "route" },
      match.route.decision === "facilitator" ? `Routed to a facilitator (complexity ${pct(match.route.complexity)}): ${match.route.drivers.join(", ") || "—"}` : "Simple enough to take forward directly.",
    ),
    actions,
  );
}
