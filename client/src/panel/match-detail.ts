/**
 * One match explained: per-factor bars (score and weight written out, reason beside),
 * economics — exact once the counterpart is named, as bands while it is anonymous —
 * counterfactuals, where disclosure stands with your decision, who takes it forward,
 * and the action to propose it.
 */
import { isAnonymous, type Match, type PriceBasis } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { band, eur, eurBand, eurRange, humanize, num, pct, tonnesBand, tonnesRange, unitWord, years, yearsBand } from "../ui/format.ts";
import { counterpartName, distanceText, offerText } from "./counterpart.ts";
import { t } from "../i18n/index.ts";
import { reasonWords } from "./reason-words.ts";
import { reasonKey } from "../views/queue-triage.ts";

/** A scoring factor's name in the current language (the id in words for one without a translation). */
const factorName = (id: string) => t(`match.factor.${id}`, { defaultValue: humanize(id) });

export function renderFactors(match: Match): HTMLElement {
  const rows = Object.entries(match.factors).sort((a, b) => b[1].weight * b[1].score - a[1].weight * a[1].score);
  return h(
    "ul",
    { class: "factors", "aria-label": t("match.byFactor") },
    rows.map(([name, f]) => {
      const fill = h("span", { class: "bar-fill" });
      fill.style.width = `${Math.round(f.score * 100)}%`;
      return h(
        "li",
        { class: "factor", "data-factor": name },
        h("span", { class: "factor-name" }, factorName(name)),
        h("span", { class: "bar", role: "meter", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(f.score * 100), "aria-label": t("match.factorScore", { name: factorName(name) }) }, fill),
        h("span", { class: "factor-score" }, t("match.weight", { score: pct(f.score), weight: pct(f.weight) })),
        h("span", { class: "factor-reason", ...(f.reasonCodes?.length ? { "data-codes": f.reasonCodes.map((c) => c.code).join(" ") } : {}) }, reasonWords(f.reasonCodes, f.reason)),
      );
    }),
  );
}

export function renderEconomics(match: Match): HTMLElement {
  const e = match.economics;
  const item = (term: string, value: string, key: string) => [h("dt", {}, term), h("dd", { "data-econ": key }, value)];
  const transport = e.transportMode ? item(t("match.econ.transport"), humanize(e.transportMode), "transport") : [];
  if (e.banded) {
    return h(
      "dl",
      { class: "economics", "data-banded": "true" },
      item(t("match.econ.npvBand"), eurBand(e.npvEur), "npv"),
      item(t("match.econ.payback"), yearsBand(e.paybackYears), "payback"),
      item(t("match.econ.co2"), tonnesBand(e.co2AvoidedTPerYear), "co2"),
      item(t("match.econ.capex"), eurBand(e.capexEur), "capex"),
      item(t("match.econ.savings"), eurBand(e.annualSavingsEur), "savings"),
      e.marketPrice ? priceItem({ pricePerUnit: e.marketPrice.eur, unit: e.marketPrice.unit, displaces: e.marketPrice.displaces, source: e.marketPrice.source }) : [],
      e.npvDriver ? item(t("match.econ.npvDriver"), e.npvDriver, "npv-driver") : [],
      transport,
    );
  }
  return h(
    "dl",
    { class: "economics" },
    item(t("match.econ.npv"), eurRange(e.npvEur), "npv"),
    item(t("match.econ.payback"), years(e.paybackYears), "payback"),
    item(t("match.econ.co2"), tonnesRange(e.co2AvoidedTPerYear), "co2"),
    item(t("match.econ.capex"), eur(e.capexEur), "capex"),
    item(t("match.econ.savings"), eur(e.annualSavingsEur), "savings"),
    e.pricePerUnit !== undefined && e.unit !== undefined && e.displaces !== undefined && e.source !== undefined
      ? priceItem({ pricePerUnit: e.pricePerUnit, unit: e.unit, displaces: e.displaces, source: e.source })
      : [],
    e.npvNote ? item(t("match.econ.npvRange"), e.npvNote, "npv-driver") : [],
    transport,
  );
}

/** The price the match is valued at, its source on hover. */
function priceItem(p: PriceBasis): HTMLElement[] {
  // Two significant digits below €100 ("€0.38"), whole euros above; the decimal mark and unit words by language.
  const price = num(p.pricePerUnit >= 100 ? Math.round(p.pricePerUnit) : Number(p.pricePerUnit.toPrecision(2)));
  return [h("dt", {}, t("match.econ.valuedAt")), h("dd", { "data-econ": "price", title: p.source }, `€${price}/${unitWord(p.unit)} ${p.displaces}`)];
}

/** What is known of the counterpart: the listing facts, or its site and figures once named. */
function counterpartFacts(match: Match): HTMLElement {
  const c = match.counterpart;
  const facts: [string, string][] = [];
  if (isAnonymous(c)) {
    if (c.region) facts.push([t("match.facts.region"), c.region.name]);
    if (c.naceSection) facts.push([t("match.facts.activity"), t("match.facts.naceSection", { code: c.naceSection })]);
    if (c.temperature) facts.push([t("match.facts.temperature"), band(c.temperature, "°C")]);
    facts.push([t("match.facts.data"), c.precision]);
    if (c.hazardClass) facts.push([t("match.facts.hazard"), c.hazardClass === "none" ? t("match.facts.hazardNone") : c.hazardClass]);
  } else {
    if (c.siteName) facts.push([t("match.facts.site"), c.siteName]);
    if (c.region) facts.push([t("match.facts.region"), c.region.name]);
    if (c.naceCode) facts.push([t("match.facts.nace"), c.naceCode]);
    if (c.temperatureC !== undefined && c.temperatureC !== null) facts.push([t("match.facts.temperature"), `${Math.round(c.temperatureC)} °C`]);
    if (c.precision) facts.push([t("match.facts.data"), c.precision]);
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
    h("strong", {}, t("match.share")),
    reasonWords(a.reasonCodes, a.reason),
  );
}

/** A router's reason in the reader's words, as the workbench says it (the English for one it has no key for). */
const driverWords = (d: string) => {
  const k = reasonKey(d);
  return k === "other" ? d : t(`why.${k}`);
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function renderMatchDetail(match: Match, actions: HTMLElement | null, disclosure: HTMLElement | null = null): HTMLElement {
  const c = match.counterpart;
  const anonymous = isAnonymous(c);
  const name = counterpartName(match);
  return h(
    "article",
    { class: "match-detail", "aria-label": t("match.detail", { name: anonymous ? t("match.anAnonymous") : name }), "data-match-id": match.id, "data-counterpart": anonymous ? "anonymous" : (c.kind ?? "named") },
    h("h3", { class: "counterpart-name" }, `${anonymous ? t("match.anonymousCounterpart") : name} — ${pct(match.score)}`),
    h("p", { class: "counterpart-offer" }, `${capitalize(offerText(match))}, ${t("match.away", { distance: distanceText(match) })}.`),
    counterpartFacts(match),
    anonymous ? h("p", { class: "muted" }, t("match.hiddenUntil")) : null,
    disclosure,
    match.conversion ? h("p", { class: "muted" }, t("match.conversion", { text: match.conversion })) : null,
    h("h4", {}, t("match.why")),
    renderFactors(match),
    h("h4", {}, match.economics.banded ? t("match.economicsBanded") : t("match.economics")),
    renderEconomics(match),
    renderAllocation(match),
    match.counterfactuals.length ? [h("h4", {}, t("match.whatChanges")), h("ul", { class: "counterfactuals" }, match.counterfactuals.map((text, i) => h("li", {}, reasonWords(match.counterfactualCodes?.[i], text))))] : null,
    h(
      "p",
      { class: "route" },
      match.route.decision === "facilitator" ? t("match.routedFacilitator", { complexity: String(match.route.complexity), drivers: match.route.drivers.map(driverWords).join(", ") || "—" }) : t("match.direct"),
    ),
    actions,
  );
}
