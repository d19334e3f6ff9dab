/** Every projection of the graph (DESIGN.md, "Other domains as graph projections"). Adding one is adding its module here. */
import type { Projection } from "./projection.ts";
import { carbonProjection } from "./carbon/projection.ts";
import { servicesProjection } from "./services/projection.ts";
import { civicProjection } from "./civic/projection.ts";
import { outcomesProjection } from "./outcomes.ts";

export const PROJECTIONS: readonly Projection[] = [carbonProjection, outcomesProjection, servicesProjection, civicProjection];
