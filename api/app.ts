/** The Express application: middleware, routes and error handling, built from its dependencies. */
import express, { Router, type Express } from "express";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../platform/config.ts";
import type { Connections } from "../platform/connect/connections.ts";
import { createPublisher } from "../events/publisher.ts";
import { outboxPublisher } from "../events/outbox.ts";
import { eventNames } from "../events/streams.ts";
import { authenticate } from "./auth/authenticate.ts";
import type { ApiContext } from "./context.ts";
import { RouteRegistry } from "./http/define-route.ts";
import { metricsRoute, requestDuration } from "./metrics.ts";
import { createProcessMetrics, type ProcessMetrics } from "../platform/metrics.ts";
import { queueFigures } from "../events/queue-figures.ts";
import { serveClient } from "./http/client-static.ts";
import { requestBudget } from "./http/request-budget.ts";
import { jsonBody } from "./http/json-body.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { assignRequestId, reenterRequestId } from "./http/request-id.ts";
import { cors } from "./http/cors.ts";
import { buildOpenApi } from "./openapi/document.ts";
import { openApiRoutes } from "./openapi/routes.ts";
import { errorHandler, notFound } from "./problem.ts";
import { checkReadiness, servicesDown } from "./health/readiness.ts";
import { RealtimeHub } from "./realtime/hub.ts";
import { auditRoutes } from "./routes/audit/index.ts";
import { authRoutes } from "./routes/auth/index.ts";
import { clusterProposalRoutes } from "./routes/cluster-proposals/index.ts";
import { codingRoutes } from "./routes/coding/index.ts";
import { facilitatorRoutes } from "./routes/facilitator/index.ts";
import { healthRoutes } from "./routes/health.ts";
import { importRoutes } from "./routes/imports/index.ts";
import { mapRoutes } from "./routes/map/index.ts";
import { matchingRoutes } from "./routes/matching/index.ts";
import { organizationRoutes } from "./routes/organizations/index.ts";
import { outcomesRoutes } from "./routes/outcomes/index.ts";
import { civicRoutes } from "./routes/civic/index.ts";
import { proposalRoutes } from "./routes/proposals/index.ts";
import { mandateRoutes } from "./routes/mandates/index.ts";
import { carbonRoutes } from "./routes/carbon/index.ts";
import { alertRoutes } from "./routes/alerts/index.ts";
import { memberRoutes } from "./routes/members/index.ts";
import { invitationRoutes } from "./routes/invitations/index.ts";
import { regionRoutes } from "./routes/regions/index.ts";
import { resourceFlowRoutes } from "./routes/resource-flows/index.ts";
import { serviceRoutes } from "./routes/services/index.ts";
import { siteRoutes } from "./routes/sites/index.ts";
import { taxonomyRoutes } from "./routes/taxonomy/index.ts";
import { webhookRoutes } from "./routes/webhooks/index.ts";

/** Everything the app needs from outside. */
export interface AppDependencies {
  readonly config: Config;
  readonly connections: Connections;
  readonly logger: Logger;
  /** Where routes emit realtime events; startApi attaches the Socket.IO server to it. */
  readonly realtime?: RealtimeHub;
}

/** Where the versioned REST API lives. */
export const API_BASE = "/api/v1";

/** Mount every documented route (after the parsers and authentication). */
function mountRoutes(api: Router, context: ApiContext, registry: RouteRegistry): void {
  api.use(authRoutes(context, registry));
  api.use(auditRoutes(context, registry));
  api.use(taxonomyRoutes(registry));
  api.use(organizationRoutes(context, registry));
  api.use(siteRoutes(context, registry));
  api.use(resourceFlowRoutes(context, registry));
  api.use(matchingRoutes(context, registry));
  api.use(proposalRoutes(context, registry));
  api.use(clusterProposalRoutes(context, registry));
  api.use(mandateRoutes(context, registry));
  api.use(carbonRoutes(context, registry));
  api.use(alertRoutes(context, registry));
  api.use(memberRoutes(context, registry));
  api.use(invitationRoutes(context, registry));
  api.use(facilitatorRoutes(context, registry));
  api.use(mapRoutes(context, registry));
  api.use(regionRoutes(context, registry));
  api.use(codingRoutes(context, registry));
  api.use(importRoutes(context, registry));
  api.use(outcomesRoutes(context, registry));
  api.use(serviceRoutes(context, registry));
  api.use(civicRoutes(context, registry));
}

/**
 * The route registry alone, for exporting the OpenAPI document without services
 * (`npm run lint:api`). Route factories only keep references to the stores; any use of
 * one here would be a bug, so each is a stand-in that throws.
 */
export function describeRoutes(config: Config): RouteRegistry {
  // The rate limiters set up their Redis scripts when built, so Redis is a real client that
  // never connects (lazyConnect, and nothing sends a command).
  const redis = new Redis(config.redis.url, { lazyConnect: true });
  const registry = new RouteRegistry();
  const unavailable = (name: string) =>
    new Proxy({}, { get: (_t, key) => (key === "then" ? undefined : () => { throw new Error(`${name} is not connected while describing routes`); }) });
  const context = {
    config,
    neo4j: unavailable("neo4j"),
    knex: unavailable("knex"),
    redis,
    nats: unavailable("nats"),
    publisher: unavailable("publisher"),
    events: eventNames(config.nats.streamPrefix),
    logger: unavailable("logger"),
    realtime: new RealtimeHub(),
    metrics: createProcessMetrics(),
  } as unknown as ApiContext;
  const api = Router();
  api.use(webhookRoutes(context, registry));
  mountRoutes(api, context, registry);
  redis.disconnect();
  return registry;
}

/** Build the app; no listening, no side effects, so tests can build their own. */
export function createApp(deps: AppDependencies): { app: Express; context: ApiContext; registry: RouteRegistry; metrics: ProcessMetrics } {
  const { config, connections, logger } = deps;
  const events = eventNames(config.nats.streamPrefix);
  const metrics = createProcessMetrics(queueFigures(connections.nats, config.nats.streamPrefix));
  const context: ApiContext = {
    config,
    neo4j: connections.neo4j,
    knex: connections.db.knex,
    redis: connections.redis,
    nats: connections.nats,
    // Messages announced by REST writes are queued in the outbox first (events/outbox.ts).
    publisher: outboxPublisher(connections.db.knex, createPublisher(connections.nats.jetstream(), events)),
    events,
    logger,
    realtime: deps.realtime ?? new RealtimeHub(),
    metrics,
  };
  const registry = new RouteRegistry();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.set("query parser", "simple");
  app.use(securityHeaders({ mapbox: config.map.mapboxAccessToken !== undefined, tls: config.http.tlsHeaders, styleUrl: config.map.styleUrl }));
  app.use(assignRequestId);
  app.use(requestDuration(metrics));
  app.use(cors(config.cors.origins));

  app.use(healthRoutes(connections));
  // Without a token the api has no /metrics: a 404 problem, never the client's page (the
  // single-page fallback below would otherwise answer 200 to any path that accepts HTML).
  app.get("/metrics", metricsRoute(metrics, config.metrics.token) ?? notFound);
  app.use(openApiRoutes(() => buildOpenApi(registry.routes, API_BASE)));

  const api = Router();
  api.use(webhookRoutes(context, registry)); // before the JSON parser: the signed webhook needs the raw body
  // A bulk import streams its own body (CSV, NDJSON, or a JSON array far beyond the JSON limit).
  const parseJson = jsonBody(config.limits.jsonBodyBytes);
  api.use((req, res, next) => (req.method === "POST" && req.path === "/imports" ? next() : parseJson(req, res, next)));
  api.use(reenterRequestId);
  api.use(authenticate(context.knex, config.auth.jwtSecret));
  api.use(requestBudget(context.redis, config.limits.requests));
  mountRoutes(api, context, registry);
  app.use(API_BASE, api);
  app.use(serveClient(API_BASE));

  app.use(notFound);
  app.use(errorHandler(logger, async () => servicesDown(await checkReadiness(connections))));
  return { app, context, registry, metrics };
}
