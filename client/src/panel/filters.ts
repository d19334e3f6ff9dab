/** The map's filters: resource type, radius around the selected site, minimum match score. */
import type { ResourceType } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { t } from "../i18n/index.ts";
import { pct } from "../ui/format.ts";
import { resourceName } from "../rest/resource-names.ts";

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
    h("option", { value: "" }, t("filters.allTypes")),
    [...types.values()]
      .map((type) => ({ type, name: resourceName(type.id) }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ type, name }) => h("option", { value: type.id, selected: type.id === filters.resourceType }, `${name} (${t(`categories.${type.category}`, { defaultValue: type.category })})`)),
  );
  const radius = h("input", { id: "filter-radius", name: "radiusKm", type: "number", min: 0, max: 500, step: 5, value: filters.radiusKm, inputmode: "numeric" });
  const score = h("input", { id: "filter-score", name: "minScore", type: "range", min: 0, max: 100, step: 5, value: Math.round(filters.minScore * 100), "aria-valuetext": pct(filters.minScore) });
  const scoreOut = h("output", { for: "filter-score", id: "filter-score-value" }, pct(filters.minScore));
  const emit = () => {
    const pctValue = Number(score.value);
    scoreOut.textContent = pct(pctValue / 100);
    score.setAttribute("aria-valuetext", pct(pctValue / 100));
    onChange({ resourceType: typeSelect.value, radiusKm: Math.max(0, Number(radius.value) || 0), minScore: pctValue / 100 });
  };
  typeSelect.addEventListener("change", emit);
  radius.addEventListener("change", emit);
  score.addEventListener("change", emit);
  score.addEventListener("input", () => (scoreOut.textContent = pct(Number(score.value) / 100)));
  return h(
    "form",
    { class: "filters", "aria-label": t("filters.form"), onsubmit: (e: Event) => e.preventDefault() },
    h("div", { class: "field" }, h("label", { for: "filter-type" }, t("filters.resourceType")), typeSelect),
    h("div", { class: "field" }, h("label", { for: "filter-radius" }, t("filters.radius")), radius),
    h("div", { class: "field" }, h("label", { for: "filter-score" }, t("filters.minScore")), score, scoreOut),
  );
}
