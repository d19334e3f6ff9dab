/**
 * Small SVG charts for the outcomes page: horizontal bars with their value written beside
 * them, so each chart reads without a legend and stays legible when printed. Drawn by hand
 * (a few rectangles and labels) rather than with a chart library: the page needs no more.
 */
import { svg } from "../ui/svg.ts";

/** One bar: its label, its value (null: no figure), and the text written beside it. */
export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly text: string;
  /** A second, lighter bar behind the first (e.g. p90 behind the median), same scale. */
  readonly behind?: number | null;
}

const ROW = 26;
const LABEL_W = 200;
/** Longer labels are cut with an ellipsis; the whole label is the bar's tooltip. */
const LABEL_CHARS = 26;
const VALUE_W = 130;

/**
 * A horizontal bar chart. `max` fixes the scale (1 for rates, so charts of rates compare);
 * without it the largest value fills the width.
 */
export function barChart(title: string, bars: readonly Bar[], options: { max?: number; width?: number } = {}): SVGSVGElement {
  const width = options.width ?? 560;
  const plot = width - LABEL_W - VALUE_W;
  const max = options.max ?? Math.max(1e-9, ...bars.flatMap((b) => [b.value ?? 0, b.behind ?? 0]));
  const height = bars.length * ROW + 8;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "chart" });
  chart.append(svg("title", {}, title));
  bars.forEach((b, i) => {
    const y = 4 + i * ROW;
    const scale = (v: number) => Math.max(0, Math.min(1, v / max)) * plot;
    const short = b.label.length > LABEL_CHARS ? `${b.label.slice(0, LABEL_CHARS - 1)}…` : b.label;
    const label = svg("text", { x: LABEL_W - 8, y: y + ROW / 2 + 4, "text-anchor": "end", class: "chart-label" }, short);
    if (short !== b.label) label.append(svg("title", {}, b.label));
    chart.append(label);
    chart.append(svg("rect", { x: LABEL_W, y: y + 4, width: plot, height: ROW - 8, class: "chart-track" }));
    if (b.behind !== undefined && b.behind !== null) chart.append(svg("rect", { x: LABEL_W, y: y + 4, width: scale(b.behind), height: ROW - 8, class: "chart-bar-behind" }));
    if (b.value !== null) chart.append(svg("rect", { x: LABEL_W, y: y + 4, width: scale(b.value), height: ROW - 8, class: "chart-bar" }));
    chart.append(svg("text", { x: LABEL_W + plot + 8, y: y + ROW / 2 + 4, class: "chart-value" }, b.text));
  });
  return chart;
}

/** One stage of a funnel: how many suggestions got there. */
export interface FunnelStep {
  readonly label: string;
  readonly count: number;
}

/**
 * A funnel: one bar per stage, each as wide as its share of the first, with the count and
 * the share of the first written beside it (formatted by `count` and `share`, so in the
 * page's language).
 */
export function funnelChart(title: string, steps: readonly FunnelStep[], count: (n: number) => string = String, share: (x: number) => string = (x) => `${Math.round(100 * x)}%`, width = 560): SVGSVGElement {
  const first = steps[0]?.count ?? 0;
  return barChart(
    title,
    steps.map((s) => ({ label: s.label, value: first === 0 ? null : s.count / first, text: first === 0 ? "—" : `${count(s.count)} (${share(s.count / first)})` })),
    { max: 1, width },
  );
}
