import { describe, expect, it } from "vitest";
import { DealTransitionSchema, NegotiationLogEntrySchema } from "./deal.ts";

describe("moving the deal", () => {
  it("to failed requires a coded reason, and other needs a note", () => {
    expect(DealTransitionSchema.safeParse({ to: "failed", version: 1 }).error?.issues[0]?.path).toEqual(["reason"]);
    expect(DealTransitionSchema.safeParse({ to: "failed", version: 1, reason: { code: "distance" } }).success).toBe(true);
    expect(DealTransitionSchema.safeParse({ to: "failed", version: 1, reason: { code: "other" } }).error?.issues[0]?.path).toEqual([
      "reason",
      "note",
    ]);
    expect(DealTransitionSchema.safeParse({ to: "reserved", version: 1, reason: { code: "price" } }).error?.issues[0]?.path).toEqual([
      "reason",
    ]);
  });

  it("with attachments described by metadata only", () => {
    const entry = {
      at: "2025-05-01T10:00:00Z",
      actor: "user-7",
      from: "negotiating",
      to: "reserved",
      attachments: [{ name: "LOI.pdf", mediaType: "application/pdf", bytes: 81_234, sha256: "a".repeat(64) }],
    };
    expect(NegotiationLogEntrySchema.safeParse(entry).success).toBe(true);
    const bad = NegotiationLogEntrySchema.safeParse({ ...entry, attachments: [{ ...entry.attachments[0], sha256: "xyz", bytes: -1 }] });
    expect(bad.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["attachments.0.bytes", "attachments.0.sha256"]);
  });
});
