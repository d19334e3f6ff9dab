/**
 * The browser client: `vite` (dev server, proxying the api on :8080) and `vite build`
 * (to client/dist, which the api serves at `/`). Run from the repository root with
 * `vite --config client/vite.config.ts` or `vite build --config client/vite.config.ts`.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const api = process.env.TURASH_API_URL ?? "http://localhost:8080";

export default defineConfig({
  root,
  base: "/",
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2_500,
    // world-atlas must stay a file of its own (fetched once, cached), never inlined.
    assetsInlineLimit: 4_096,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: api, changeOrigin: true },
      "/openapi.json": { target: api, changeOrigin: true },
      "/socket.io": { target: api, changeOrigin: true, ws: true },
    },
  },
});
