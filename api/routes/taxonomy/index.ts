/** GET /resource-types and GET /units: the taxonomy and units a client may use. */
import { Router } from "express";
import { RESOURCE_TYPES } from "../../../domain/taxonomy.ts";
import { acceptedUnits } from "../../../domain/units.ts";
import { resourceTypeNames } from "../../../domain/resource-type-names.ts";
import type { RouteRegistry } from "../../http/define-route.ts";
import { defineRoute } from "../../http/define-route.ts";
import { ANY_ROLE } from "../../auth/policy.ts";

/** Taxonomy routes (read-only reference data). */
export function taxonomyRoutes(registry: RouteRegistry): Router {
  const router = Router();
  const body = {
    items: RESOURCE_TYPES.map((t) => ({
      id: t.id,
      label: t.label,
      names: resourceTypeNames(t.id, t.label),
      category: t.category,
      quantityKind: t.quantityKind,
      radiusKm: t.radiusKm,
      ewc: t.ewc,
      hazardous: t.hazardous,
      acceptedUnits: acceptedUnits(t.id),
    })),
  };
  defineRoute(router, registry, {
    method: "get",
    path: "/resource-types",
    tag: "reference",
    summary: "The resource taxonomy: ids, names in English, Danish and German, categories, EWC codes, default radius and accepted units",
    description: "The taxonomy shipped as data: each resource type's id (the `resourceType` of a flow), its names in en/da/de, category, EWC codes, the default search radius and the units it accepts (a quantity in another unit is refused with the list).",
    policy: { roles: ANY_ROLE },
    responses: { 200: { description: "every resource type" } },
    handler: () => ({ status: 200, body }),
  });
  return router;
}
