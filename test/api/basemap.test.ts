/**
 * The offline basemap's data from the api itself: label glyphs, land outlines, town labels
 * and the place search — public, compressed, cacheable; bad input named by field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { V1 } from "./fixtures.ts";

describe("basemap routes", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startHttpApi();
  });
  afterAll(async () => api?.stop());

  it("serves the Latin glyphs of the style's font gzip-compressed with an ETag, and 304 when unchanged", async () => {
    const url = `${api.url}${V1}/map/glyphs/${encodeURIComponent("Noto Sans Regular")}/0-255.pbf`;
    const res = await fetch(url, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const body = Buffer.from(await res.arrayBuffer());
    // The fontstack's name is in the protobuf; "Kalundborg" needs all of these glyphs.
    expect(body.includes(Buffer.from("Noto Sans Regular"))).toBe(true);
    expect(body.length).toBeGreaterThan(20_000);
    const again = await fetch(url, { headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("uses the first known font of a stack, answers an unshipped range with an empty set and an unknown font with 404", async () => {
    const stack = encodeURIComponent("Open Sans Bold,Noto Sans Bold");
    expect((await fetch(`${api.url}${V1}/map/glyphs/${stack}/256-511.pbf`)).status).toBe(200);
    const greek = await fetch(`${api.url}${V1}/map/glyphs/${encodeURIComponent("Noto Sans Regular")}/768-1023.pbf`);
    expect(greek.status).toBe(200);
    expect((await greek.arrayBuffer()).byteLength).toBeLessThan(64);
    const unknown = await api.request("get", `${V1}/map/glyphs/Comic%20Sans/0-255.pbf`);
    expect(unknown.status).toBe(404);
    const bad = await api.request("get", `${V1}/map/glyphs/${stack}/abc.pbf`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("params.range");
  });

  it("serves the 1:10m land outlines compressed (a fraction of their size on the wire)", async () => {
    const res = await fetch(`${api.url}${V1}/map/atlas/land-10m.json`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const topo = (await res.json()) as { type: string; objects: Record<string, unknown> };
    expect(topo.type).toBe("Topology");
    expect(Object.keys(topo.objects)).toContain("land");
    expect((await api.request("get", `${V1}/map/atlas/secret.json`)).status).toBe(400);
  });

  it("labels the largest places of a box first and finds Kalundborg by a prefix without its accent or case", async () => {
    const box = await api.request("get", `${V1}/map/places?bbox=10.8,54.9,12.8,56.2&limit=5`);
    expect(box.status).toBe(200);
    const names = (box.body as { items: { name: string }[] }).items.map((p) => p.name);
    expect(names).toHaveLength(5);
    expect(names).toContain("Copenhagen");
    const found = await api.request("get", `${V1}/map/places/search?q=KALUNDB`);
    expect((found.body as { items: { name: string; country: string }[] }).items[0]).toMatchObject({ name: "Kalundborg", country: "DK" });
    const empty = await api.request("get", `${V1}/map/places/search?q=`);
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain("query.q");
  });
});
