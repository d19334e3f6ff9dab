/**
 * Serve the built browser client (client/dist) at `/`, with the single-page fallback:
 * any other GET outside the API that asks for HTML gets index.html. Mounted only when the
 * client has been built (`npm run build:client`); otherwise this is a no-op.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";

/** Where `vite build` writes the client. */
export const CLIENT_DIST = fileURLToPath(new URL("../../client/dist", import.meta.url));

/** Static files + SPA fallback, or an empty router when the client is not built. */
export function serveClient(apiBase: string, dist: string = CLIENT_DIST): Router {
  const router = Router();
  const index = join(dist, "index.html");
  if (!existsSync(index)) return router;
  // Hashed assets may be cached for long; index.html must be revalidated so a new build is picked up.
  router.use("/assets", express.static(join(dist, "assets"), { index: false, immutable: true, maxAge: "365d", fallthrough: false }));
  router.use(express.static(dist, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (req.path.startsWith(`${apiBase}/`) || req.path === apiBase || req.path.startsWith("/socket.io")) return next();
    if (!req.accepts("html")) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
