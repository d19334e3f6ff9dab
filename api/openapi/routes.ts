/** GET /openapi.json and the browsable reference at /docs (Swagger UI served from node_modules). */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Turash API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// Kept in its own file-like route so the page needs no inline script (CSP: script-src 'self').
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true });`;

/** Serve the OpenAPI document and its reference page. */
export function openApiRoutes(document: () => Record<string, unknown>): Router {
  const router = Router();
  let cached: string | undefined;
  router.get("/openapi.json", (_req, res) => {
    cached ??= JSON.stringify(document());
    res.type("application/json").send(cached);
  });
  router.use("/docs/assets", express.static(swaggerUiDir, { index: false, maxAge: "1h" }));
  router.get("/docs/init.js", (_req, res) => res.type("application/javascript").send(INIT_SCRIPT));
  router.get("/docs", (_req, res) => res.type("html").send(DOCS_PAGE));
  return router;
}
