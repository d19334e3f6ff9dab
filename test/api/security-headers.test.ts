/**
 * HSTS and upgrade-insecure-requests fit the deployment: a server reached over plain HTTP
 * on a LAN must not tell the browser to rewrite everything to https:// (the page would stay
 * blank), while a request that came through a TLS-terminating proxy on loopback, or any
 * request when TLS_HEADERS=always, gets both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { V1 } from "./fixtures.ts";

const tlsHeadersOf = (res: { headers: Headers }) => ({
  hsts: res.headers.get("strict-transport-security"),
  upgrade: /upgrade-insecure-requests/.test(res.headers.get("content-security-policy") ?? ""),
});

describe("security headers (TLS_HEADERS=auto, the default)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startHttpApi();
  });
  afterAll(async () => api?.stop());

  it("plain HTTP gets neither HSTS nor upgrade-insecure-requests, but keeps the rest of the CSP", async () => {
    for (const path of [`${V1}/client-config`, "/"]) {
      const res = await api.request("get", path);
      expect(tlsHeadersOf(res)).toEqual({ hsts: null, upgrade: false });
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("a request a proxy on loopback says came over https gets both", async () => {
    const res = await api.request("get", `${V1}/client-config`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(tlsHeadersOf(res).upgrade).toBe(true);
  });
});

describe("security headers (TLS_HEADERS=always)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startHttpApi({ TLS_HEADERS: "always" });
  });
  afterAll(async () => api?.stop());

  it("every request gets both, even over plain HTTP", async () => {
    const res = await api.request("get", `${V1}/client-config`);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(tlsHeadersOf(res).upgrade).toBe(true);
  });
});
