/** GET /healthz (the process is alive) and GET /readyz (every backing service answers). */
import { Router } from "express";
import type { Connections } from "../../platform/connect/connections.ts";
import { checkReadiness } from "../health/readiness.ts";

/** Health routes; public, no authentication. */
export function healthRoutes(connections: Connections): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get("/readyz", async (_req, res) => {
    const readiness = await checkReadiness(connections);
    res.status(readiness.status === "ok" ? 200 : 503).json(readiness);
  });
  return router;
}
