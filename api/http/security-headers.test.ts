import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, wantsTlsHeaders } from "./security-headers.ts";

describe("wantsTlsHeaders", () => {
  it("auto follows the request's transport; always and never ignore it", () => {
    expect(wantsTlsHeaders("auto", { secure: false })).toBe(false);
    expect(wantsTlsHeaders("auto", { secure: true })).toBe(true);
    expect(wantsTlsHeaders("always", { secure: false })).toBe(true);
    expect(wantsTlsHeaders("never", { secure: true })).toBe(false);
  });
});

describe("contentSecurityPolicy", () => {
  it("removes helmet's default upgrade-insecure-requests unless asked for, and names Mapbox hosts only with a token", () => {
    expect(contentSecurityPolicy(false, false).directives["upgrade-insecure-requests"]).toBeNull();
    expect(contentSecurityPolicy(false, true).directives["upgrade-insecure-requests"]).toEqual([]);
    expect(contentSecurityPolicy(true, false).directives["connect-src"]).toContain("https://api.mapbox.com");
    expect(contentSecurityPolicy(false, false).directives["connect-src"]).not.toContain("https://api.mapbox.com");
  });
});
