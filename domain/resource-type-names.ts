/**
 * Display names of the resource types in the client's languages: English is the taxonomy's
 * label, Danish and German come from resource-type-names.json. The one source of names for
 * the map, the panels and the organization page (GET /resource-types returns them).
 */
import data from "./resource-type-names.json" with { type: "json" };

export interface ResourceTypeNames {
  readonly en: string;
  readonly da: string;
  readonly de: string;
}

const names = data.names as Readonly<Record<string, { readonly da: string; readonly de: string }>>;

/** The names of `id`; a type without a translation falls back to its English label. */
export function resourceTypeNames(id: string, label: string): ResourceTypeNames {
  const n = names[id];
  return { en: label, da: n?.da ?? label, de: n?.de ?? label };
}

/** Ids that have Danish and German names. */
export const translatedResourceTypes = (): readonly string[] => Object.keys(names);
