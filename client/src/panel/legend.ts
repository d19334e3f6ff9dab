/** The map legend: role fills and category rings, each with its name. */
import { h } from "../ui/dom.ts";
import { CATEGORY_COLORS, ROLE_COLORS, ROLE_LABELS } from "../map/palette.ts";

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
    h("summary", {}, "Legend"),
    h("p", {}, "Fill: role of the site"),
    h("ul", {}, (Object.keys(ROLE_COLORS) as (keyof typeof ROLE_COLORS)[]).map((r) => h("li", {}, swatch(ROLE_COLORS[r]), ROLE_LABELS[r]))),
    h("p", {}, "Ring: resource category (first flow)"),
    h("ul", { class: "legend-cats" }, Object.entries(CATEGORY_COLORS).map(([c, color]) => h("li", {}, swatch("#ffffff", color), c))),
    h("p", {}, "Larger dots are your own sites; teal circles are clusters (click to zoom)."),
    h("p", { class: "legend-cells" }, "Dashed hexagons with a hollow ring are confidential organizations' sites: only the area (an H3 cell), its roles and resource types are shown — never a name or the exact spot."),
  );
}
