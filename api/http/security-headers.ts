/**
 * The security headers of everything the api serves, the map client included (helmet).
 *
 * The Content-Security-Policy is helmet's defaults plus what a WebGL map needs — its worker
 * and tiles come from blob: URLs, images from data:/blob:, inline style attributes for
 * markers and popups, and the Socket.IO connection. Mapbox's hosts are allowed only when a
 * Mapbox token is configured, a configured map style's host only when MAP_STYLE_URL names one.
 *
 * HSTS and `upgrade-insecure-requests` are sent only to a request that arrived over TLS
 * (directly, or through a trusted proxy's `X-Forwarded-Proto: https`), or to every request
 * when TLS_HEADERS=always. Sent over plain HTTP they make a browser rewrite every script,
 * style and API call to https://, which a server on a LAN without TLS does not answer: the
 * page stays blank, and HSTS keeps it so for a year.
 */
import type { Request, RequestHandler } from "express";
import helmet from "helmet";

const MAPBOX_HOSTS = ["https://api.mapbox.com", "https://*.tiles.mapbox.com", "https://events.mapbox.com"];

/** When HSTS and upgrade-insecure-requests are sent (TLS_HEADERS). */
export type TlsHeaders = "auto" | "always" | "never";

/** helmet's `contentSecurityPolicy` option; `upgrade` adds upgrade-insecure-requests. */
export function contentSecurityPolicy(mapbox: boolean, upgrade: boolean, styleUrl?: string) {
  // A configured style's own host serves its tiles, glyphs and sprites too.
  const hosts = [...(mapbox ? MAPBOX_HOSTS : []), ...(styleUrl ? [new URL(styleUrl).origin] : [])];
  return {
    useDefaults: true,
    directives: {
      "worker-src": ["'self'", "blob:"],
      "child-src": ["'self'", "blob:"],
      "img-src": ["'self'", "data:", "blob:", ...hosts],
      "connect-src": ["'self'", "ws:", "wss:", ...hosts],
      "style-src": ["'self'", "'unsafe-inline'", ...hosts],
      "font-src": ["'self'", "data:", ...hosts],
      // helmet's defaults include it; null removes a default directive.
      "upgrade-insecure-requests": upgrade ? [] : null,
    },
  };
}

/** Whether a request gets the TLS-only headers under a TLS_HEADERS setting. */
export function wantsTlsHeaders(setting: TlsHeaders, req: Pick<Request, "secure">): boolean {
  if (setting === "always") return true;
  if (setting === "never") return false;
  return req.secure; // true over TLS, or with X-Forwarded-Proto: https from a trusted proxy
}

/** The helmet middleware, choosing per request between the TLS and the plain-HTTP header set. */
export function securityHeaders(options: { mapbox: boolean; tls: TlsHeaders; styleUrl?: string }): RequestHandler {
  const overTls = helmet({ contentSecurityPolicy: contentSecurityPolicy(options.mapbox, true, options.styleUrl) });
  const plain = helmet({ contentSecurityPolicy: contentSecurityPolicy(options.mapbox, false, options.styleUrl), strictTransportSecurity: false });
  return (req, res, next) => (wantsTlsHeaders(options.tls, req) ? overTls : plain)(req, res, next);
}
