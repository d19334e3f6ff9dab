import { t } from "../i18n/index.ts";

/**
 * Colours of the map and its legend. Role is the fill, resource category the ring, and
 * both are always also written out in text (legend, panel) — never colour only.
 */
export const ROLE_COLORS = { supplier: "#d95f02", consumer: "#1f78b4", both: "#7b3294", none: "#8c8c8c" } as const;
/** A role in words, in the current language. */
export const roleLabel = (role: keyof typeof ROLE_COLORS | string): string => t(`roles.${role}`, { defaultValue: role });

export const CATEGORY_COLORS: Readonly<Record<string, string>> = {
  energy: "#e31a1c",
  water: "#1f9ed1",
  gas: "#6a3d9a",
  organic: "#33a02c",
  biomass: "#8c6d31",
  material: "#525252",
  mineral: "#b15928",
  chemical: "#ff7f00",
};
export const OTHER_CATEGORY = "#999999";

/** A MapLibre/Mapbox expression picking a colour by a string property. */
export function matchExpression(property: string, colors: Readonly<Record<string, string>>, fallback: string): unknown[] {
  return ["match", ["get", property], ...Object.entries(colors).flat(), fallback];
}
