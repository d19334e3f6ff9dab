/**
 * The shape of a projection (DESIGN.md, "Other domains as graph projections"): a named view
 * over the one domain graph, with its own queries, routes, map layers and rollups, and no
 * second system of record. A projection is plain data — a value of {@link Projection} —
 * so adding one is adding one module that exports such a value and listing it in
 * `projections/index.ts`; nothing is subclassed or registered at run time. The functions
 * in this file work over the public shape (checks, lookups) and know no projection.
 *
 * What each part names, and where it lives (docs/architecture.md, "Where a change goes"):
 * - `reads`: the repository functions the projection reads through — Cypher in `graph/`,
 *   SQL in `ledgers/` or `spatial/` — by file and exported name, so a reader finds every
 *   query of the projection without grepping, and a test can check they exist.
 * - `routes`: the HTTP routes it adds (method + OpenAPI path template); the routes
 *   themselves are ordinary `api/routes/<name>/` modules, and a test checks every route
 *   named here is in the OpenAPI document.
 * - `mapLayers`: the layers it offers the map client, each fed by one of its routes.
 * - `rollups`: the PostgreSQL tables it writes (derived, rebuildable from the graph and the
 *   ledgers), with their grain and the command that rebuilds them.
 */

/** One repository function a projection reads through. */
export interface ProjectionRead {
  /** `cypher` for Neo4j (graph/), `sql` for PostgreSQL (ledgers/, spatial/). */
  readonly store: "cypher" | "sql";
  /** Repository file, relative to the repository root, e.g. `graph/queries/carbon.ts`. */
  readonly module: string;
  /** The exported function of that module. */
  readonly name: string;
  /** What it reads, in one line. */
  readonly purpose: string;
}

/** One HTTP route a projection adds. */
export interface ProjectionRoute {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path template under the api base, e.g. `/organizations/{id}/carbon`. */
  readonly path: string;
  readonly summary: string;
}

/** One map layer a projection offers; the client fetches `source` (one of its routes). */
export interface ProjectionMapLayer {
  readonly id: string;
  readonly title: string;
  /** `point` per site, `h3` anonymized cells, `line` per match or partnership. */
  readonly geometry: "point" | "h3" | "line";
  /** Path of the route that serves the layer's features (one of `routes`). */
  readonly source: string;
}

/** One rollup table a projection writes. */
export interface ProjectionRollup {
  /** PostgreSQL table (created by a knex migration in migrations/). */
  readonly table: string;
  /** The columns that make one row: the grain, e.g. day × organization × site × … */
  readonly grain: readonly string[];
  /** The metrics written per grain (column `metric` or columns of their own). */
  readonly metrics: readonly string[];
  /** The npm script that rebuilds it from scratch, e.g. `rollups:rebuild`. */
  readonly rebuild: string;
  /** Who writes it in normal operation (a worker or a command). */
  readonly writer: string;
}

/** A projection: a named view over the graph. */
export interface Projection {
  /** Stable machine name, lower-case, e.g. `carbon`, `outcomes`, `civic`. */
  readonly name: string;
  readonly title: string;
  /** What it shows and to whom, in a sentence or two. */
  readonly description: string;
  readonly reads: readonly ProjectionRead[];
  readonly routes: readonly ProjectionRoute[];
  readonly mapLayers: readonly ProjectionMapLayer[];
  readonly rollups: readonly ProjectionRollup[];
}

/** One thing wrong with a projection's declaration. */
export interface ProjectionProblem {
  readonly projection: string;
  readonly problem: string;
}

/**
 * The problems of a set of projections: names not lower-case or repeated, map layers fed
 * by a route the projection does not declare, a route or rollup table declared twice.
 * Empty when all is well; a test over `projections/index.ts` asserts that.
 */
export function projectionProblems(projections: readonly Projection[]): ProjectionProblem[] {
  const problems: ProjectionProblem[] = [];
  const seen = new Set<string>();
  const routeOwners = new Map<string, string>();
  const tableOwners = new Map<string, string>();
  for (const p of projections) {
    const say = (problem: string) => problems.push({ projection: p.name, problem });
    if (!/^[a-z][a-z0-9-]*$/.test(p.name)) say(`name "${p.name}" is not a lower-case identifier`);
    if (seen.has(p.name)) say(`name "${p.name}" is declared twice`);
    seen.add(p.name);
    const ownPaths = new Set(p.routes.map((r) => r.path));
    for (const r of p.routes) {
      const key = routeKey(r);
      const owner = routeOwners.get(key);
      if (owner !== undefined) say(`route ${key} is also declared by ${owner}`);
      routeOwners.set(key, p.name);
    }
    for (const layer of p.mapLayers) {
      if (!ownPaths.has(layer.source)) say(`map layer ${layer.id} is fed by ${layer.source}, which is not one of its routes`);
    }
    for (const rollup of p.rollups) {
      const owner = tableOwners.get(rollup.table);
      // A table may be shared when its grain carries the projection (daily_rollups does).
      if (owner !== undefined && !rollup.grain.includes("projection")) say(`rollup table ${rollup.table} is also written by ${owner}`);
      tableOwners.set(rollup.table, p.name);
    }
  }
  return problems;
}

/** `GET /path` — how a route is named in messages and lookups. */
export function routeKey(route: Pick<ProjectionRoute, "method" | "path">): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** The projection declaring a route, if any (e.g. to tag OpenAPI operations). */
export function projectionOfRoute(projections: readonly Projection[], route: Pick<ProjectionRoute, "method" | "path">): Projection | undefined {
  const key = routeKey(route);
  return projections.find((p) => p.routes.some((r) => routeKey(r) === key));
}
