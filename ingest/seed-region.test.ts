import { describe, expect, it } from "vitest";
import type { EntityChanged, EventPublisher } from "../events/publisher.ts";
import { changedNothing, formatSeedReport, pipelinedPublisher, type SeedReport } from "./seed-region.ts";

const event = (id: string): EntityChanged => ({ type: "flow.changed", id, orgId: "o", version: 1, change: "created", at: "2026-01-01T00:00:00Z" });

function recorder(fail?: string) {
  const sent: string[] = [];
  const inner: EventPublisher = {
    streamPrefix: "TURASH_SEED_TEST",
    entityChanged: async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      if (e.id === fail) throw new Error(`nats refused ${e.id}`);
      sent.push(e.id);
    },
    publish: async () => undefined,
  };
  return { inner, sent };
}

describe("the seed's pipelined publisher", () => {
  it("returns at once and has every event acknowledged after flush", async () => {
    const { inner, sent } = recorder();
    const p = pipelinedPublisher(inner);
    await Promise.all(["a", "b", "c"].map((id) => p.entityChanged(event(id))));
    expect(sent).toEqual([]);
    await p.flush();
    expect(sent).toEqual(["a", "b", "c"]);
    await p.flush(); // nothing pending
  });

  it("fails the flush when a publish failed", async () => {
    const { inner } = recorder("b");
    const p = pipelinedPublisher(inner);
    for (const id of ["a", "b", "c"]) await p.entityChanged(event(id));
    await expect(p.flush()).rejects.toThrow("nats refused b");
  });
});

describe("the seed report", () => {
  const tally = (created: number, unchanged: number, rejected = 0) => ({ created, updated: 0, unchanged, rejected });
  const report: SeedReport = {
    tallies: { businesses: tally(0, 2), sites: tally(0, 3), flows: tally(0, 4, 1) },
    rejected: [{ kind: "flows", index: 3, id: "f4", code: "NOT_FOUND", message: 'site "x" does not exist' }],
    rows: 10,
    seconds: 2,
    rowsPerSecond: 5,
  };

  it("is a replay only when nothing was created, updated or rejected", () => {
    expect(changedNothing(report)).toBe(false);
    expect(changedNothing({ ...report, tallies: { ...report.tallies, flows: tally(0, 5) } })).toBe(true);
  });

  it("prints a table per kind, speed, and the rejected rows", () => {
    const text = formatSeedReport(report).join("\n");
    expect(text).toMatch(/flows\s+0\s+0\s+4\s+1/);
    expect(text).toContain("10 rows in 2.0 s (5 rows/s)");
    expect(text).toContain('flows[3] f4: NOT_FOUND site "x" does not exist');
  });
});
