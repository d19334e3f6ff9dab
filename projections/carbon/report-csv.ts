/**
 * The carbon report as CSV: one file of sections (totals, days, partnerships, flows,
 * allocation of the offers, flows, factors, method), each a header row then its rows, sections apart by an empty line —
 * what a spreadsheet opens and an auditor can re-add. The figures are the summary's
 * (summary.ts), the same the API answers.
 */
import type { CarbonSummary } from "./summary.ts";

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const row = (...cells: unknown[]) => cells.map(cell).join(",");

/** The report text (UTF-8, CRLF line ends as RFC 4180 has them). */
export function carbonCsv(s: CarbonSummary & { organizationName?: string }): string {
  const lines: string[] = [];
  lines.push(row("report", "organization", "name", "from", "to"), row("carbon", s.organizationId, s.organizationName ?? "", s.period.from, s.period.to), "");
  lines.push(row("section", "stage", "co2_avoided_t_low", "co2_avoided_t", "co2_avoided_t_high", "energy_mwh", "water_m3"));
  for (const [stage, t] of Object.entries(s.totals)) lines.push(row("totals", stage, t.co2AvoidedT.low, t.co2AvoidedT.mid, t.co2AvoidedT.high, t.energyMWh, t.waterM3));
  lines.push("", row("section", "day", "potential_co2_t", "in_progress_co2_t", "realised_co2_t"));
  for (const d of s.series) lines.push(row("day", d.day, d.potential, d.in_progress, d.realised));
  lines.push(
    "",
    row("section", "match", "proposal", "stage", "since", "role", "site", "offer_type", "need_type", "counterpart", "share_of_supply", "share_of_wish", "credited_delivery", "gross_t_per_yr", "transport_t_per_yr", "co2_avoided_t_per_yr_low", "co2_avoided_t_per_yr", "co2_avoided_t_per_yr_high", "basis", "factors"),
  );
  for (const p of s.partnerships) {
    lines.push(
      row("partnership", p.matchId, p.proposalId, p.stage, p.since, p.role, p.siteId, p.offerType, p.needType, p.counterpart, p.allocation.shareOfSupply, p.allocation.shareOfWish, p.allocation.deliveredQuantity, p.grossTPerYear, p.transportTPerYear, p.co2AvoidedTPerYear.low, p.co2AvoidedTPerYear.mid, p.co2AvoidedTPerYear.high, p.basis, p.factorIds.join(" ")),
    );
  }
  if (s.unlistedPartnerships > 0) lines.push(row("partnership", `${s.unlistedPartnerships} more with a counterpart not yet revealed (in the totals, not listed)`));
  lines.push("", row("section", "supply", "site", "resource_type", "annual_quantity", "unit", "matches", "credited_realised", "credited_in_progress", "credited_potential", "share_credited", "method"));
  for (const a of s.supplyAllocations) lines.push(row("allocation", a.flowId, a.siteId, a.resourceType, a.annualQuantity, a.unit, a.matches, a.credited.realised, a.credited.in_progress, a.credited.potential, a.shareCredited, a.method));
  lines.push("", row("section", "flow", "site", "direction", "resource_type", "annual_quantity", "unit", "energy_mwh", "water_m3", "co2_t_per_yr", "factor", "assumed_use"));
  for (const f of s.flows) lines.push(row("flow", f.flowId, f.siteId, f.direction, f.resourceType, f.annualQuantity, f.unit, f.energyMWh, f.waterM3, f.co2TPerYear, f.factor?.id ?? "", f.assumedUse ?? ""));
  lines.push("", row("section", "factor", "label", "value", "unit", "source", "year", "approximation", "overridden_by"));
  for (const f of s.factors) lines.push(row("factor", f.id, f.label, f.value, f.unit, f.source, f.year, f.approximation ?? "", f.overriddenBy ?? (f.counterpartValue ? "counterpart" : "")));
  lines.push("", row("section", "method"));
  for (const m of s.method) lines.push(row("method", m));
  return `${lines.join("\r\n")}\r\n`;
}
