/** The map's filters: resource type, radius around the selected site, minimum match score. */
import type { ResourceType } from "../rest/types.ts";
import { h } from "../ui/dom.ts";

export interface Filters {
  resourceType: string;
  radiusKm: number;
  minScore: number;
}

export const defaultFilters = (): Filters => ({ resourceType: "", radiusKm: 0, minScore: 0 });

export function renderFilters(types: Map<string, ResourceType>, filters: Filters, onChange: (f: Filters) => void): HTMLElement {
  const typeSelect = h(
    "select",
    { id: "filter-type", name: "resourceType" },
    h("option", { value: "" }, "All resource types"),
    [...types.values()].sort((a, b) => a.label.localeCompare(b.label)).map((t) => h("option", { value: t.id, selected: t.id === filters.resourceType }, `${t.label} (${t.category})`)),
  );
  const radius = h("input", { id: "filter-radius", name: "radiusKm", type: "number", min: 0, max: 500, step: 5, value: filters.radiusKm, inputmode: "numeric" });
  const score = h("input", { id: "filter-score", name: "minScore", type: "range", min: 0, max: 100, step: 5, value: Math.round(filters.minScore * 100), "aria-valuetext": `${Math.round(filters.minScore * 100)}%` });
  const scoreOut = h("output", { for: "filter-score", id: "filter-score-value" }, `${Math.round(filters.minScore * 100)}%`);
  const emit = () => {
    const pctValue = Number(score.value);
    scoreOut.textContent = `${pctValue}%`;
    score.setAttribute("aria-valuetext", `${pctValue}%`);
    onChange({ resourceType: typeSelect.value, radiusKm: Math.max(0, Number(radius.value) || 0), minScore: pctValue / 100 });
  };
  typeSelect.addEventListener("change", emit);
  radius.addEventListener("change", emit);
  score.addEventListener("change", emit);
  score.addEventListener("input", () => (scoreOut.textContent = `${score.value}%`));
  return h(
    "form",
    { class: "filters", "aria-label": "Map filters", onsubmit: (e: Event) => e.preventDefault() },
    h("div", { class: "field" }, h("label", { for: "filter-type" }, "Resource type"), typeSelect),
    h("div", { class: "field" }, h("label", { for: "filter-radius" }, "Max. distance to counterpart (km, 0 = any)"), radius),
    h("div", { class: "field" }, h("label", { for: "filter-score" }, "Minimum score"), score, scoreOut),
  );
}
