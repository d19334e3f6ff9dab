/**
 * Display names of resource types in the current language — the one source for the map,
 * its panels, the workbench and the organization page: the taxonomy's names (GET
 * /resource-types, en/da/de) once loaded, the id in words before.
 */
import { language } from "../i18n/index.ts";
import { humanize } from "../ui/format.ts";
import type { ResourceType } from "./types.ts";

let types: ReadonlyMap<string, ResourceType> = new Map();

/** Called once the taxonomy is loaded (rest/taxonomy.ts). */
export function useResourceTypes(loaded: ReadonlyMap<string, ResourceType>): void {
  types = loaded;
}

/** The name of resource type `id` in the current language. */
export function resourceName(id: string | null | undefined): string {
  if (!id) return "?";
  const type = types.get(id);
  return type?.names?.[language()] ?? type?.label ?? humanize(id);
}
