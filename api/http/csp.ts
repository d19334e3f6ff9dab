/**
 * The Content-Security-Policy of everything the api serves, the map client included:
 * helmet's defaults plus what a WebGL map needs — its worker and tiles come from blob:
 * URLs, images from data:/blob:, inline style attributes for markers and popups, and the
 * Socket.IO connection. Mapbox's hosts are allowed only when a Mapbox token is configured, a
 * configured map style's host only when MAP_STYLE_URL names one.
 */
const MAPBOX_HOSTS = ["https://api.mapbox.com", "https://*.tiles.mapbox.com", "https://events.mapbox.com"];

/** helmet's `contentSecurityPolicy` option. */
export function contentSecurityPolicy(mapbox: boolean, styleUrl?: string) {
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
    },
  };
}
