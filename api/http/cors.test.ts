import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { cors } from "./cors.ts";

const appWith = (origins: readonly string[]) => {
  const app = express();
  app.use(cors(origins));
  app.get("/x", (_req, res) => res.json({ ok: true }));
  return app;
};

describe("CORS", () => {
  it("sends no CORS header by default (same-origin only), whatever the Origin", async () => {
    const res = await request(appWith([])).get("/x").set("Origin", "https://evil.example");
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
    const preflight = await request(appWith([])).options("/x").set("Origin", "https://evil.example").set("Access-Control-Request-Method", "POST");
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers["access-control-allow-methods"]).toBeUndefined();
  });

  it("allows exactly the listed origins, echoing the origin (never *), and answers their preflight", async () => {
    const app = appWith(["https://app.example.com"]);
    const res = await request(app).get("/x").set("Origin", "https://app.example.com");
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(res.headers["access-control-expose-headers"]).toMatch(/RateLimit-Remaining/);
    expect((await request(app).get("/x").set("Origin", "https://app.example.com.evil.example")).headers["access-control-allow-origin"]).toBeUndefined();

    const preflight = await request(app).options("/x").set("Origin", "https://app.example.com").set("Access-Control-Request-Method", "PATCH");
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toMatch(/PATCH/);
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/Authorization/);
  });
});
