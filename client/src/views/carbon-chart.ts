/**
 * The carbon page's chart over time: tCO2 avoided per day, one line per stage (potential,
 * in progress, realised) from the daily rollups, with a value axis, the period's first,
 * middle and last days, and a legend — drawn as SVG like the outcomes charts, so it prints
 * and reads without a library. Days without a rollup row are drawn as zero: the rollups
 * write no row where nothing was avoided.
 */
import { svg } from "../ui/svg.ts";
import type { CarbonStage, CarbonSummary } from "../../../contract/carbon.ts";

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** A round step for about `ticks` intervals up to `max`. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
}

export interface SeriesChartText {
  readonly title: string;
  readonly unit: string;
  readonly stages: Readonly<Record<CarbonStage, string>>;
  readonly day: (iso: string) => string;
  readonly number: (n: number) => string;
}

export const STAGE_CLASS: Readonly<Record<CarbonStage, string>> = { potential: "carbon-potential", in_progress: "carbon-in-progress", realised: "carbon-realised" };

/** The chart of the summary's series over its period. */
export function seriesChart(summary: Pick<CarbonSummary, "series" | "period">, text: SeriesChartText, width = 1100): SVGSVGElement {
  const days = daysOf(summary.period.from, summary.period.to);
  const byDay = new Map(summary.series.map((d) => [d.day, d]));
  const stages: CarbonStage[] = ["potential", "in_progress", "realised"];
  const height = 280;
  const pad = { left: 64, right: 16, top: 12, bottom: 52 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1e-9, ...summary.series.flatMap((d) => stages.map((s) => d[s])));
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step;
  const x = (i: number) => pad.left + (days.length <= 1 ? plotW / 2 : (i / (days.length - 1)) * plotW);
  const y = (v: number) => pad.top + plotH - (v / top) * plotH;

  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "chart carbon-chart", "data-testid": "carbon-chart" });
  chart.append(svg("title", {}, text.title));
  for (let v = 0; v <= top + step / 2; v += step) {
    chart.append(svg("line", { x1: pad.left, x2: pad.left + plotW, y1: y(v), y2: y(v), class: "chart-grid" }));
    chart.append(svg("text", { x: pad.left - 6, y: y(v) + 4, "text-anchor": "end", class: "chart-value" }, text.number(v)));
  }
  chart.append(svg("text", { x: 12, y: pad.top + plotH / 2, transform: `rotate(-90 12 ${pad.top + plotH / 2})`, "text-anchor": "middle", class: "chart-label" }, text.unit));
  const labelled = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])];
  for (const i of labelled) chart.append(svg("text", { x: x(i), y: pad.top + plotH + 18, "text-anchor": i === 0 ? "start" : i === days.length - 1 ? "end" : "middle", class: "chart-value" }, text.day(days[i]!)));
  for (const stage of stages) {
    const points = days.map((d, i) => `${x(i).toFixed(1)},${y(byDay.get(d)?.[stage] ?? 0).toFixed(1)}`);
    chart.append(svg("polyline", { points: points.join(" "), class: `chart-line ${STAGE_CLASS[stage]}` }));
  }
  let lx = pad.left;
  for (const stage of stages) {
    chart.append(svg("rect", { x: lx, y: height - 16, width: 14, height: 4, class: `chart-key ${STAGE_CLASS[stage]}` }));
    chart.append(svg("text", { x: lx + 20, y: height - 11, class: "chart-label" }, text.stages[stage]));
    lx += 40 + text.stages[stage].length * 7;
  }
  return chart;
}
