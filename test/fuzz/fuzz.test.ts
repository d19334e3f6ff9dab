/**
 * The fuzz suite's seeded share in `npm test` (`npm run fuzz` runs 10,000 inputs per
 * boundary): every REST route, the import reader, the signed webhooks and the socket
 * handshake, against the real api on the test services. No input may get a 5xx, a 4xx
 * other than problem+json, crash or hang the api, or break a boundary's own property.
 */
import { describe, expect, it } from "vitest";
import { runBoundaries } from "./boundaries.ts";

const SEED = 20261202;
const RUNS = 150;

describe("fuzzing every boundary (seeded share)", () => {
  it(`${RUNS} generated inputs per boundary: no 5xx, every 4xx a problem, the api stays up`, { timeout: 180_000 }, async () => {
    const { boundaries, total5xx } = await runBoundaries(SEED, RUNS);

    expect(boundaries.map((b) => b.name)).toEqual(["rest", "imports", "webhooks", "socket"]);
    for (const b of boundaries) {
      expect(b.inputs, b.name).toBeGreaterThanOrEqual(RUNS);
      expect(b.failures, b.name).toEqual([]);
    }
    expect(total5xx).toBe(0);
    // Every documented REST route was reached, and the generators got past validation somewhere.
    const rest = boundaries.find((b) => b.name === "rest")!;
    expect(Object.keys(rest.statusCounts).length).toBeGreaterThan(50);
    const statuses = boundaries.flatMap((b) => Object.values(b.statusCounts).flatMap((counts) => Object.keys(counts).map(Number)));
    expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
    // Signed deliveries got past the signature check and were accepted, on both webhooks.
    const webhooks = boundaries.find((b) => b.name === "webhooks")!.statusCounts;
    expect(webhooks["POST /webhooks/imports"]?.["202"] ?? 0).toBeGreaterThan(0);
    expect(webhooks["POST /webhooks/readings"]?.["202"] ?? 0).toBeGreaterThan(0);
    expect(boundaries.find((b) => b.name === "socket")!.statusCounts["SOCKET /socket.io handshake"]?.["101"]).toBeGreaterThan(0);
  });
});
