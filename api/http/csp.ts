/**
 * The Content-Security-Policy of everything the api serves, the map client included:
 * helmet's defaults plus what a WebGL map needs — its worker and tiles come from blob:
 * URLs, images from data:/blob:, inline style attributes for markers and popups, and the
 * Socket.IO connection. Mapbox's hosts are allowed only when a Mapbox token is configured.
 */
const MAPBOX_HOSTS = ["https://api.mapbox.com", "https://*.tiles.mapbox.com", "https://events.mapbox.com"];

/** helmet's `contentSecurityPolicy` option. */
export function contentSecurityPolicy(mapbox: boolean) {
  const hosts = mapbox ? MAPBOX_HOSTS : [];
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
