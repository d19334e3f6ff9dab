/**
 * The carbon report as a PDF a sustainability manager can hand on (pdfkit): the totals
 * per stage with their ranges, a drawn chart of CO2 avoided per day by stage, the
 * partnerships, the organization's flows, every factor with its source, and the method.
 * The figures are the summary's (summary.ts) — the API's — printed, never recomputed.
 */
import PDFDocument from "pdfkit";
import type { CarbonStage } from "./compute.ts";
import type { CarbonSummary } from "./summary.ts";

const STAGE_LABEL: Readonly<Record<CarbonStage, string>> = { potential: "Potential", in_progress: "In progress", realised: "Realised" };
const STAGE_COLOUR: Readonly<Record<CarbonStage, string>> = { potential: "#9bb7d4", in_progress: "#f0a950", realised: "#2e8b57" };
const STAGES: readonly CarbonStage[] = ["realised", "in_progress", "potential"];
const INK = "#1d2733";
const MUTED = "#5b6673";

const fmt = (x: number, digits = 1) => x.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const t = (x: number) => (Math.abs(x) >= 100 ? fmt(x, 0) : Math.abs(x) >= 1 ? fmt(x, 1) : fmt(x, 3));
const pct = (x: number) => `${Math.round(x * 100)} %`;
const label = (type: string) => type.replace(/_/g, " ");

/** The report as PDF bytes. */
export function carbonPdf(s: CarbonSummary & { organizationName?: string }, generatedAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margins: { top: 56, bottom: 56, left: 56, right: 56 }, bufferPages: true, info: { Title: `Carbon report ${s.organizationName ?? s.organizationId} ${s.period.from} – ${s.period.to}`, Author: "Turash" } });
  winAnsiOnly(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).fillColor(INK).text(text, left, doc.y);
    doc.moveDown(0.3);
  };

  // Title block.
  doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text("Carbon report", left, doc.y);
  doc.font("Helvetica").fontSize(12).fillColor(INK).text(s.organizationName ?? s.organizationId);
  doc.fontSize(9).fillColor(MUTED).text(`Organization id ${s.organizationId} · period ${s.period.from} to ${s.period.to} (inclusive, UTC days) · generated ${generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);
  doc.moveDown(0.8);

  // Totals: one box per stage.
  heading("CO2 avoided in the period");
  const boxW = (width - 20) / 3;
  const boxTop = doc.y;
  STAGES.forEach((stage, i) => {
    const x = left + i * (boxW + 10);
    const tot = s.totals[stage];
    doc.save().roundedRect(x, boxTop, boxW, 78, 4).fill("#f4f6f8").restore();
    doc.rect(x, boxTop, 4, 78).fill(STAGE_COLOUR[stage]);
    doc.fillColor(MUTED).font("Helvetica").fontSize(9).text(STAGE_LABEL[stage], x + 12, boxTop + 8, { width: boxW - 18 });
    doc.fillColor(INK).font("Helvetica-Bold").fontSize(18).text(`${t(tot.co2AvoidedT.mid)} t`, x + 12, boxTop + 22, { width: boxW - 18 });
    doc.font("Helvetica").fontSize(8).fillColor(MUTED).text(`range ${t(tot.co2AvoidedT.low)} – ${t(tot.co2AvoidedT.high)} tCO2`, x + 12, boxTop + 46, { width: boxW - 18 });
    doc.text(`${fmt(tot.energyMWh, 0)} MWh · ${fmt(tot.waterM3, 0)} m³`, x + 12, boxTop + 58, { width: boxW - 18 });
  });
  doc.y = boxTop + 88;
  doc.x = left;
  doc.font("Helvetica").fontSize(8).fillColor(MUTED).text("Potential and in-progress totals are rounded to two significant digits (their counterparts may still be anonymous). Realised: live partnerships.", left, doc.y, { width });

  // Chart: stacked bars of tCO2 avoided per day.
  heading("CO2 avoided per day, by stage (tCO2/day)");
  drawChart(doc, s, left, doc.y, width, 180);

  // Partnerships.
  heading("Partnerships (proposals in progress and live)");
  if (s.partnerships.length === 0) doc.font("Helvetica").fontSize(9).fillColor(MUTED).text(s.unlistedPartnerships > 0 ? "" : "No partnership in progress or live.", left, doc.y, { width });
  else {
    const cols = [
      { title: "Stage", w: 58 },
      { title: "Exchange", w: 118 },
      { title: "Counterpart", w: 86 },
      { title: "Share of supply", w: 52 },
      { title: "Transport CO2 t/yr", w: 62 },
      { title: "CO2 avoided t/yr (range)", w: width - 376 },
    ];
    table(doc, left, cols, s.partnerships.map((p) => [
      STAGE_LABEL[p.stage] + (p.basis === "measured" ? " (measured)" : ""),
      `${label(p.offerType)} → ${label(p.needType)} (you: ${p.role})`,
      p.counterpart,
      pct(p.allocation.shareOfSupply),
      t(p.transportTPerYear),
      `${t(p.co2AvoidedTPerYear.mid)} (${t(p.co2AvoidedTPerYear.low)} – ${t(p.co2AvoidedTPerYear.high)})`,
    ]));
  }
  if (s.unlistedPartnerships > 0) doc.font("Helvetica").fontSize(8).fillColor(MUTED).text(`${s.unlistedPartnerships} more partnership(s) with a counterpart not yet revealed: counted in the totals, not listed.`, left, doc.y + 2, { width });
  doc.font("Helvetica").fontSize(8).fillColor(MUTED).text(`${s.potentialMatches} potential match(es) of the organization count in the potential total; the match list shows them.`, left, doc.y + 2, { width });

  // Each offer shared once among its matches: what is credited never exceeds the offer.
  if (s.supplyAllocations.length > 0) {
    heading("Your offers, credited once among their matches");
    table(doc, left, [
      { title: "Offer", w: 120 },
      { title: "Quantity / yr", w: 80 },
      { title: "Matches", w: 46 },
      { title: "Credited / yr: live · in progress · potential", w: width - 306 },
      { title: "Share credited", w: 60 },
    ], s.supplyAllocations.map((a) => [
      `${label(a.resourceType)} (${a.flowId})`,
      `${a.annualQuantity.toLocaleString("en")} ${a.unit}`,
      String(a.matches),
      `${[a.credited.realised, a.credited.in_progress, a.credited.potential].map((x) => Math.floor(x).toLocaleString("en")).join(" · ")} ${a.unit}`,
      pct(a.shareCredited),
    ]));
  }

  // Flows.
  if (s.flows.length > 0) {
    heading("The organization's flows");
    table(doc, left, [
      { title: "Flow", w: 110 },
      { title: "Type", w: 120 },
      { title: "Quantity / yr", w: 90 },
      { title: "CO2 t/yr it stands for", w: 80 },
      { title: "Factor", w: width - 400 },
    ], s.flows.map((f) => [f.flowId, `${f.direction}: ${label(f.resourceType)}`, `${fmt(f.annualQuantity, 0)} ${f.unit}`, t(f.co2TPerYear), f.factor ? f.factor.id + (f.assumedUse ? ` (as ${label(f.assumedUse)})` : "") : "none"]));
  }

  // Factors and sources.
  heading("Emission factors used, with their sources");
  for (const f of s.factors) {
    ensure(40);
    doc.font("Helvetica-Bold").fontSize(8.5).fillColor(INK).text(`${f.label} — ${f.value} ${f.unit} (${f.year})${f.overriddenBy ? " · your organization's own value" : f.counterpartValue ? " · the counterpart's own value" : ""}`, left, doc.y, { width });
    doc.font("Helvetica").fontSize(8).fillColor(MUTED).text(`${f.id}: ${f.source}${f.approximation ? `. Approximation: ${f.approximation}.` : ""}`, left, doc.y, { width });
    doc.moveDown(0.3);
  }

  // Method.
  heading("Method");
  for (const m of s.method) {
    ensure(30);
    doc.font("Helvetica").fontSize(8.5).fillColor(INK).text(`•  ${m}`, left, doc.y, { width, indent: 0 });
    doc.moveDown(0.25);
  }

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - 36;
    doc.font("Helvetica").fontSize(7.5).fillColor(MUTED);
    // Writing below the bottom margin would open a new page: lift it for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(`Turash carbon report · ${s.organizationName ?? s.organizationId} · ${s.period.from} – ${s.period.to}`, left, y, { width: width / 2, lineBreak: false });
    doc.text(`page ${i + 1} of ${range.count}`, left + width / 2, y, { width: width / 2, align: "right", lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

/** Stacked bars per day (realised at the bottom), a y axis with round ticks, a legend. */
function drawChart(doc: PDFKit.PDFDocument, s: CarbonSummary, x: number, y: number, w: number, h: number): void {
  const axisW = 44;
  const plotX = x + axisW;
  const plotW = w - axisW;
  const plotH = h - 34;
  const days = s.series;
  const max = Math.max(1e-9, ...days.map((d) => d.potential + d.in_progress + d.realised));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  doc.font("Helvetica").fontSize(7).fillColor(MUTED);
  for (let v = 0; v <= top + step / 2; v += step) {
    const yy = y + plotH - (v / top) * plotH;
    doc.moveTo(plotX, yy).lineTo(plotX + plotW, yy).lineWidth(0.4).strokeColor("#d9dee3").stroke();
    doc.text(t(v), x, yy - 3, { width: axisW - 6, align: "right", lineBreak: false });
  }
  if (days.length === 0) {
    doc.fontSize(9).fillColor(MUTED).text("No rollup rows in this period yet: the matching worker writes one per day; `npm run rollups:rebuild` writes them from the graph.", plotX + 10, y + plotH / 2 - 10, { width: plotW - 20 });
  }
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(1, Math.min(24, slot * 0.7));
  days.forEach((d, i) => {
    let base = y + plotH;
    for (const stage of STAGES) {
      const v = d[stage];
      if (v <= 0) continue;
      const bh = (v / top) * plotH;
      doc.rect(plotX + i * slot + (slot - barW) / 2, base - bh, barW, bh).fill(STAGE_COLOUR[stage]);
      base -= bh;
    }
  });
  doc.moveTo(plotX, y + plotH).lineTo(plotX + plotW, y + plotH).lineWidth(0.8).strokeColor(MUTED).stroke();
  // Day labels: first, last and a few between, never overlapping.
  const every = Math.max(1, Math.ceil(days.length / 6));
  doc.fontSize(7).fillColor(MUTED);
  days.forEach((d, i) => {
    if (i % every === 0 || i === days.length - 1) doc.text(d.day.slice(5), plotX + i * slot + slot / 2 - 15, y + plotH + 4, { width: 30, align: "center", lineBreak: false });
  });
  // Legend.
  let lx = plotX;
  const ly = y + plotH + 18;
  for (const stage of STAGES) {
    doc.rect(lx, ly, 8, 8).fill(STAGE_COLOUR[stage]);
    doc.fillColor(INK).fontSize(8).text(STAGE_LABEL[stage], lx + 12, ly, { lineBreak: false });
    lx += 80;
  }
  doc.x = x;
  doc.y = y + h + 4;
}

/**
 * The standard PDF fonts (Helvetica) encode WinAnsi only: an arrow or a minus sign would
 * print as a stray glyph. Every string written goes through this mapping first.
 */
function winAnsiOnly(doc: PDFKit.PDFDocument): void {
  const map: Readonly<Record<string, string>> = { "→": "->", "−": "-", "≤": "<=", "≥": ">=", "≈": "~", "₂": "2", "⁻": "-", "¹": "1" };
  const text = doc.text.bind(doc) as (s: string, ...rest: unknown[]) => PDFKit.PDFDocument;
  const heightOf = doc.heightOfString.bind(doc) as (s: string, ...rest: unknown[]) => number;
  const clean = (s: unknown) => String(s).replace(/[→−≤≥≈₂⁻¹]/g, (c) => map[c] ?? c);
  (doc as unknown as { text: (s: unknown, ...rest: unknown[]) => PDFKit.PDFDocument }).text = (s, ...rest) => text(clean(s), ...rest);
  (doc as unknown as { heightOfString: (s: unknown, ...rest: unknown[]) => number }).heightOfString = (s, ...rest) => heightOf(clean(s), ...rest);
}

/** 1, 2 or 5 × a power of ten at or above `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** A simple table with a header row, wrapping cells, repeating the header on a new page. */
function table(doc: PDFKit.PDFDocument, x: number, cols: readonly { title: string; w: number }[], rows: readonly (readonly string[])[]): void {
  const header = () => {
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(7.5).fillColor(MUTED);
    let cx = x;
    const h = Math.max(...cols.map((c) => doc.heightOfString(c.title, { width: c.w - 4 })));
    for (const c of cols) {
      doc.text(c.title, cx, y, { width: c.w - 4 });
      cx += c.w;
    }
    doc.y = y + h + 3;
    doc.moveTo(x, doc.y - 1).lineTo(cx, doc.y - 1).lineWidth(0.5).strokeColor("#b8c0c8").stroke();
  };
  header();
  for (const r of rows) {
    doc.font("Helvetica").fontSize(8);
    const h = Math.max(...r.map((v, i) => doc.heightOfString(v, { width: cols[i]!.w - 4 })));
    if (doc.y + h + 4 > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
      doc.font("Helvetica").fontSize(8);
    }
    const y = doc.y;
    let cx = x;
    doc.fillColor(INK);
    r.forEach((v, i) => {
      doc.text(v, cx, y, { width: cols[i]!.w - 4 });
      cx += cols[i]!.w;
    });
    doc.y = y + h + 4;
  }
  doc.x = x;
}
