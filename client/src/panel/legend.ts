/** The map legend: role fills and category rings, each with its name. */
import { h } from "../ui/dom.ts";
import { CATEGORY_COLORS, ROLE_COLORS, roleLabel } from "../map/palette.ts";
import { t } from "../i18n/index.ts";

export function renderLegend(): HTMLElement {
  const swatch = (fill: string, ring = "#ffffff") => {
    const s = h("span", { class: "swatch", "aria-hidden": "true" });
    s.style.background = fill;
    s.style.borderColor = ring;
    return s;
  };
  return h(
    "details",
    { class: "legend" },
    h("summary", {}, t("legend.title")),
    h("p", {}, t("legend.fill")),
    h("ul", {}, (Object.keys(ROLE_COLORS) as (keyof typeof ROLE_COLORS)[]).map((r) => h("li", {}, swatch(ROLE_COLORS[r]), roleLabel(r)))),
    h("p", {}, t("legend.ring")),
    h("ul", { class: "legend-cats" }, Object.entries(CATEGORY_COLORS).map(([c, color]) => h("li", {}, swatch("#ffffff", color), t(`categories.${c}`, { defaultValue: c })))),
    h("p", {}, t("legend.sizes")),
    h("p", { class: "legend-cells" }, t("legend.cells")),
  );
}
