/**
 * One match explained: per-factor bars (score and weight written out, reason beside),
 * economics — exact once the counterpart is named, as bands while it is anonymous —
 * counterfactuals, where disclosure stands with your decision, who takes it forward,
 * and the action to propose it.
 */
import { isAnonymous, type Match, type PriceBasis } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { band, eur, eurBand, eurRange, humanize, pct, tonnesBand, tonnesRange, years, yearsBand } from "../ui/format.ts";
import { counterpartName, distanceText, offerText } from "./counterpart.ts";

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
  const transport = e.transportMode ? item("Transport", humanize(e.transportMode), "transport") : [];
  if (e.banded) {
    return h(
      "dl",
      { class: "economics", "data-banded": "true" },
      item("NPV (band)", eurBand(e.npvEur), "npv"),
      item("Payback", yearsBand(e.paybackYears), "payback"),
      item("CO₂ avoided", tonnesBand(e.co2AvoidedTPerYear), "co2"),
      item("Investment", eurBand(e.capexEur), "capex"),
      item("Yearly savings", eurBand(e.annualSavingsEur), "savings"),
      e.marketPrice ? priceItem({ pricePerUnit: e.marketPrice.eur, unit: e.marketPrice.unit, displaces: e.marketPrice.displaces, source: e.marketPrice.source }) : [],
      e.npvDriver ? item("NPV driver", e.npvDriver, "npv-driver") : [],
      transport,
    );
  }
  return h(
    "dl",
    { class: "economics" },
    item("NPV (range)", eurRange(e.npvEur), "npv"),
    item("Payback", years(e.paybackYears), "payback"),
    item("CO₂ avoided", tonnesRange(e.co2AvoidedTPerYear), "co2"),
    item("Investment", eur(e.capexEur), "capex"),
    item("Yearly savings", eur(e.annualSavingsEur), "savings"),
    e.pricePerUnit !== undefined && e.unit !== undefined && e.displaces !== undefined && e.source !== undefined
      ? priceItem({ pricePerUnit: e.pricePerUnit, unit: e.unit, displaces: e.displaces, source: e.source })
      : [],
    e.npvNote ? item("NPV range", e.npvNote, "npv-driver") : [],
    transport,
  );
}

/** The price the match is valued at, its source on hover. */
function priceItem(p: PriceBasis): HTMLElement[] {
  const price = p.pricePerUnit >= 100 ? Math.round(p.pricePerUnit).toString() : p.pricePerUnit.toPrecision(2);
  return [h("dt", {}, "Valued at"), h("dd", { "data-econ": "price", title: p.source }, `€${price}/${p.unit} ${p.displaces}`)];
}

/** What is known of the counterpart: the listing facts, or its site and figures once named. */
function counterpartFacts(match: Match): HTMLElement {
  const c = match.counterpart;
  const facts: [string, string][] = [];
  if (isAnonymous(c)) {
    if (c.region) facts.push(["Region", c.region.name]);
    if (c.naceSection) facts.push(["Activity", `NACE section ${c.naceSection}`]);
    if (c.temperature) facts.push(["Temperature", band(c.temperature, "°C")]);
    facts.push(["Data", c.precision]);
    if (c.hazardClass) facts.push(["Hazard class", c.hazardClass === "none" ? "none (declared non-hazardous)" : c.hazardClass]);
  } else {
    if (c.siteName) facts.push(["Site", c.siteName]);
    if (c.region) facts.push(["Region", c.region.name]);
    if (c.naceCode) facts.push(["NACE", c.naceCode]);
    if (c.temperatureC !== undefined && c.temperatureC !== null) facts.push(["Temperature", `${Math.round(c.temperatureC)} °C`]);
    if (c.precision) facts.push(["Data", c.precision]);
  }
  return h("dl", { class: "economics counterpart-facts" }, facts.flatMap(([t, v]) => [h("dt", {}, t), h("dd", {}, v)]));
}

/** The match's share of a supply other needs also want (absent when nothing was allocated). */
function renderAllocation(match: Match): HTMLElement | null {
  const a = match.allocation;
  if (!a) return null;
  return h(
    "p",
    { class: a.mostlyTaken ? "allocation mostly-taken" : "allocation", "data-share": a.shareOfWish.toFixed(2), "data-competitors": String(a.competitors) },
    h("strong", {}, "Share of the supply: "),
    a.reason,
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function renderMatchDetail(match: Match, actions: HTMLElement | null, disclosure: HTMLElement | null = null): HTMLElement {
  const c = match.counterpart;
  const anonymous = isAnonymous(c);
  const name = counterpartName(match);
  return h(
    "article",
    { class: "match-detail", "aria-label": `Match with ${anonymous ? "an anonymous counterpart" : name}`, "data-match-id": match.id, "data-counterpart": anonymous ? "anonymous" : (c.kind ?? "named") },
    h("h3", { class: "counterpart-name" }, `${anonymous ? "Anonymous counterpart" : name} — ${pct(match.score)}`),
    h("p", { class: "counterpart-offer" }, `${capitalize(offerText(match))}, ${distanceText(match)} away.`),
    counterpartFacts(match),
    anonymous ? h("p", { class: "muted" }, "Name, site and exact figures stay hidden until both of you say interested.") : null,
    disclosure,
    match.conversion ? h("p", { class: "muted" }, `Conversion: ${match.conversion}`) : null,
    h("h4", {}, "Why this match"),
    renderFactors(match),
    h("h4", {}, match.economics.banded ? "Economics (bands until revealed)" : "Economics"),
    renderEconomics(match),
    renderAllocation(match),
    match.counterfactuals.length ? [h("h4", {}, "What would change it"), h("ul", { class: "counterfactuals" }, match.counterfactuals.map((t) => h("li", {}, t)))] : null,
    h(
      "p",
      { class: "route" },
      match.route.decision === "facilitator" ? `Routed to a facilitator (complexity ${pct(match.route.complexity)}): ${match.route.drivers.join(", ") || "—"}` : "Simple enough to take forward directly.",
    ),
    actions,
  );
}
