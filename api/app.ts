/** The Express application: middleware, routes and error handling, built from its dependencies. */
import express, { type Express } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import type { Config } from "../platform/config.ts";
import type { Connections } from "../platform/connections.ts";
import { createMetrics } from "./metrics.ts";
import { errorHandler, notFound } from "./problem.ts";
import { healthRoutes } from "./routes/health.ts";

/** Everything the app needs from outside. */
export interface AppDependencies {
  readonly config: Config;
  readonly connections: Connections;
  readonly logger: Logger;
}

/** Build the app; no listening, no side effects, so tests can build their own. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  const metrics = createMetrics();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(helmet());
  app.use(metrics.middleware);
  app.use(express.json({ limit: "2mb", type: ["application/json", "application/*+json"] }));

  app.use(healthRoutes(deps.connections));
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
