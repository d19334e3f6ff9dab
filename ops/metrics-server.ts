/**
 * A worker's own Prometheus endpoint: `GET /metrics` on a small port of METRICS_HOST
 * (loopback by default, never the api's public port), with METRICS_TOKEN's bearer check
 * when a token is set; and `GET /healthz`, open, for a liveness probe. Workers expose their figures this way rather than pushing them
 * into the api's registry: a scrape then sees each process (and its restarts) on its own,
 * and a worker needs no api to be observed.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { scrapeAllowed, type ProcessMetrics } from "../platform/metrics.ts";
import { ConfigError } from "../platform/config.ts";

/** A listening metrics endpoint. */
export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serve `metrics` on host:port (0: any free port).
 * @throws ConfigError naming `variable` when the port cannot be bound (taken by another worker, say).
 */
export async function serveMetrics(metrics: ProcessMetrics, host: string, port: number, token: string | undefined, variable = "METRICS_PORT"): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    // The liveness probe of an orchestrator (deploy/k8s): the process serves, so its event
    // loop runs. Open without the token, as it tells nothing about the data.
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    if (!scrapeAllowed(req.headers.authorization, token)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("Authorization: Bearer <METRICS_TOKEN> required\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`),
    );
  });
  server.listen(port, host);
  try {
    await once(server, "listening");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`${variable}: cannot listen on ${host}:${port} (${code}); choose a free port, or 0 for any`]);
  }
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
