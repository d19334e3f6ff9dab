/** The resource taxonomy (GET /resource-types), loaded once. */
import { get } from "./http.ts";
import type { ResourceType } from "./types.ts";
import { useResourceTypes } from "./resource-names.ts";

let loading: Promise<Map<string, ResourceType>> | null = null;

export function resourceTypes(): Promise<Map<string, ResourceType>> {
  loading ??= get<{ items?: ResourceType[]; resourceTypes?: ResourceType[] } | ResourceType[]>("/resource-types").then((body) => {
    const list = Array.isArray(body) ? body : (body.items ?? body.resourceTypes ?? []);
    const types = new Map(list.map((t) => [t.id, t]));
    useResourceTypes(types);
    return types;
  });
  return loading;
}
