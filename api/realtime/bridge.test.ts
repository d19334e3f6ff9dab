import { describe, expect, it } from "vitest";
import { activities } from "./bridge.ts";
import { emitImportProgress } from "./hub.ts";
import { pointRooms } from "./regions.ts";
import { ViewportSchema, validationError } from "./schemas.ts";
import { aMatchEvent } from "./test-helpers.ts";

describe("realtime bridge routing", () => {
  it("sends region rooms anonymized activity only: cell centre, side and resource type", () => {
    const acts = activities("created", aMatchEvent());
    expect(acts).toHaveLength(2);
    expect(acts[0]!.rooms).toEqual(pointRooms(55.61234, 12.51234));
    const text = JSON.stringify(acts.map((a) => a.payload));
    for (const secret of ["org-supply", "org-demand", "flow-supply", "flow-demand", "site-supply", "site-demand", "m1"]) expect(text).not.toContain(secret);
    expect(acts[1]!.payload).toMatchObject({ kind: "match", change: "created", side: "demand", resourceType: "space_heating" });
    expect(activities("withdrawn", aMatchEvent({ supply: { siteId: null, lat: null, lon: null, resourceType: null } }))).toHaveLength(1);
  });

  it("names the field of a bad viewport", () => {
    const bad = ViewportSchema.safeParse({ west: 11, south: 56, east: 12, north: 55 });
    expect(bad.success).toBe(false);
    expect(validationError("map:viewport", bad.error!)).toMatchObject({ event: "map:viewport", field: "north", code: "VALIDATION_FAILED" });
    const missing = ViewportSchema.safeParse({ west: 11, south: 55, east: 200 });
    expect(validationError("map:viewport", missing.error!).errors.map((e) => e.field).sort()).toEqual(["east", "north"]);
  });

  it("emitImportProgress validates and goes to the requester's and the organization's rooms", () => {
    const sent: [string[], string, unknown][] = [];
    const io = { to: (rooms: string[]) => ({ emit: (ev: string, p: unknown) => (sent.push([rooms, ev, p]), true) }) } as never;
    emitImportProgress(io, { userId: "u1", orgId: "A" }, { jobId: "j1", done: 5, total: 10, errors: 1 });
    expect(sent).toEqual([[["user:u1", "org:A:import"], "import:progress", { jobId: "j1", done: 5, total: 10, errors: 1 }]]);
    expect(() => emitImportProgress(io, { orgId: "A" }, { jobId: "", done: -1, total: 1, errors: 0 })).toThrow();
  });
});
