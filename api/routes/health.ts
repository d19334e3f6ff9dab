/**
 * GET /healthz (the process is alive) and GET /readyz (every backing service answers).
 * A service down makes /readyz a 503 problem naming it (`service`: the names, comma-separated;
 * `checks`: each service's result); it is 200 again as soon as the service answers, because
 * every probe is made afresh on the connections the clients keep reconnecting.
 */
import { Router } from "express";
import type { Connections } from "../../platform/connect/connections.ts";
import { errors, toProblem } from "../../domain/errors.ts";
import { checkReadiness, servicesDown } from "../health/readiness.ts";
import { sendProblem } from "../problem.ts";

/** Health routes; public, no authentication. */
export function healthRoutes(connections: Connections): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get("/readyz", async (req, res) => {
    const readiness = await checkReadiness(connections);
    const down = servicesDown(readiness);
    if (down.length === 0) return void res.json(readiness);
    const problem = errors.serviceUnavailable(down.join(", "), "Not ready to serve requests.", { services: down, checks: readiness.checks });
    sendProblem(res, toProblem(problem, req.originalUrl));
  });
  return router;
}
