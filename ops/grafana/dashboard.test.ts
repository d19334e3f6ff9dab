/**
 * The Grafana dashboard reads what the code registers: every metric an expression (or a
 * variable's query) names is in a process registry (platform/metrics.ts), and every
 * Turash metric is on the dashboard. A renamed metric fails here, not on a blank panel.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createProcessMetrics, METRIC } from "../../platform/metrics.ts";

interface Panel {
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}
const dashboard = JSON.parse(readFileSync(new URL("./turash.json", import.meta.url), "utf8")) as {
  panels: Panel[];
  templating: { list: { query?: unknown }[] };
};

// PromQL words that are not metric names (aggregation modifiers, operators, keywords).
const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan", "e"]);

/** The metric names a PromQL expression reads. */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings ({{route}}, regexes) are not names
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // range durations
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ""); // grouping labels
  const names: string[] = [];
  for (const match of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const after = bare.slice(match.index! + word.length).trimStart();
    if (after.startsWith("(")) continue; // a function
    if (KEYWORDS.has(word) || /^\d/.test(word)) continue;
    names.push(word);
  }
  return names;
}

/** Every series name a process registry exposes (histograms as _bucket, _sum and _count). */
async function registeredNames(): Promise<Set<string>> {
  const { registry } = createProcessMetrics();
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${metric.name}${suffix}`);
  }
  return names;
}

describe("ops/grafana/turash.json", () => {
  const expressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
  const variableQueries = dashboard.templating.list.flatMap((v) => (typeof v.query === "string" && v.query.includes("(") ? [v.query] : []));

  it("reads, in every expression and variable query, only metrics the code registers", async () => {
    const registered = await registeredNames();
    expect(expressions.length).toBeGreaterThan(5);
    for (const { panel, expr } of expressions) {
      const names = metricsIn(expr);
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(registered.has(name), `${panel}: ${name} is not registered`).toBe(true);
    }
    for (const query of variableQueries) {
      const name = /label_values\(([A-Za-z_:][A-Za-z0-9_:]*)/.exec(query)?.[1];
      expect(name && registered.has(name), query).toBe(true);
    }
  });

  it("shows every Turash metric", () => {
    const used = new Set(expressions.flatMap(({ expr }) => metricsIn(expr)).map((n) => n.replace(/_(bucket|sum|count)$/, "")));
    for (const name of Object.values(METRIC)) expect(used.has(name), name).toBe(true);
  });

  it("finds the metrics of an expression, not its functions, labels or strings", () => {
    expect(metricsIn('histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{job=~"a|b"}[5m])))')).toEqual(["http_request_duration_seconds_bucket"]);
    expect(metricsIn("sum(rate(a_total[1m])) / clamp_min(sum(rate(b_total[1m])), 1e-9)")).toEqual(["a_total", "b_total"]);
    expect(metricsIn("max by (source) (turash_dead_letterz)")).toEqual(["turash_dead_letterz"]);
  });
});
