import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, describe, expect, it } from "vitest";
import { cors } from "./cors.ts";

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

/** An app with only the CORS middleware and one route, served on an ephemeral local port. */
async function appWith(origins: readonly string[]): Promise<string> {
  const app = express();
  app.use(cors(origins));
  app.get("/x", (_req, res) => res.json({ ok: true }));
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A request with these headers; the response's headers as a plain object (lower-case names). */
async function request(base: string, method: "GET" | "OPTIONS", headers: Record<string, string>) {
  const res = await fetch(`${base}/x`, { method, headers });
  await res.arrayBuffer();
  const seen: Record<string, string | undefined> = {};
  res.headers.forEach((value, name) => (seen[name] = value));
  return { status: res.status, headers: seen };
}

describe("CORS", () => {
  it("sends no CORS header by default (same-origin only), whatever the Origin", async () => {
    const base = await appWith([]);
    const res = await request(base, "GET", { Origin: "https://evil.example" });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
    const preflight = await request(base, "OPTIONS", { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers["access-control-allow-methods"]).toBeUndefined();
  });

  it("allows exactly the listed origins, echoing the origin (never *), and answers their preflight", async () => {
    const app = await appWith(["https://app.example.com"]);
    const res = await request(app, "GET", { Origin: "https://app.example.com" });
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(res.headers["access-control-expose-headers"]).toMatch(/RateLimit-Remaining/);
    expect((await request(app, "GET", { Origin: "https://app.example.com.evil.example" })).headers["access-control-allow-origin"]).toBeUndefined();

    const preflight = await request(app, "OPTIONS", { Origin: "https://app.example.com", "Access-Control-Request-Method": "PATCH" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toMatch(/PATCH/);
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/Authorization/);
  });
});
