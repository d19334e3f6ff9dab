import { describe, expect, it } from "vitest";
import { AlertBody, isInternalHost } from "./schemas.ts";

const webhook = (webhookUrl: string) => ({ name: "n", metric: "co2_avoided_t", stage: "realised", windowDays: 30, comparison: "below", threshold: 5, channel: "webhook", webhookUrl, webhookEndpointId: "6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e" });
const fieldsOf = (body: unknown) => (AlertBody.safeParse(body).error?.issues ?? []).map((i) => i.path.join("."));

describe("an alert's webhook URL", () => {
  it("is a public https host", () => {
    expect(fieldsOf(webhook("https://hooks.example.com/turash"))).toEqual([]);
    for (const url of ["http://hooks.example.com/x", "https://localhost/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://[fd00::1]/x", "https://printer.local/x", "https://intranet/x"]) {
      expect(fieldsOf(webhook(url)), url).toEqual(["webhookUrl"]);
    }
  });

  it("tells internal hosts from public ones", () => {
    expect(isInternalHost("https://192.168.1.10/")).toBe(true);
    expect(isInternalHost("https://172.31.255.1/")).toBe(true);
    expect(isInternalHost("https://172.32.0.1/")).toBe(false);
    expect(isInternalHost("https://93.184.216.34/")).toBe(false);
  });
});

describe("an alert's channel", () => {
  it("asks a webhook alert for its URL and endpoint, and an in-app alert for neither", () => {
    expect(fieldsOf({ ...webhook("https://hooks.example.com/x"), webhookUrl: undefined, webhookEndpointId: undefined })).toEqual(["webhookUrl", "webhookEndpointId"]);
    expect(fieldsOf({ ...webhook("https://hooks.example.com/x"), channel: "in_app" })).toEqual(["webhookUrl", "webhookEndpointId"]);
    expect(fieldsOf({ ...webhook("https://hooks.example.com/x"), channel: "in_app", webhookUrl: undefined, webhookEndpointId: undefined })).toEqual([]);
  });
});
