import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { candidateNodeIds, externalOf, NodeRef, scopedId } from "./node-ref.ts";
import { ExternalId } from "./schemas/common.ts";

const externalId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/);

describe("scoped node ids", () => {
  it("give back the client's own id whether scoped or not", () => {
    fc.assert(
      fc.property(externalId, externalId, (org, id) => {
        expect(ExternalId.safeParse(id).success).toBe(true);
        expect(externalOf(id)).toBe(id);
        expect(externalOf(scopedId(org, id))).toBe(id);
        expect(candidateNodeIds(org, id)).toEqual([id, scopedId(org, id)]);
      }),
    );
  });

  it("never collide with an external id, and are accepted as references", () => {
    fc.assert(
      fc.property(externalId, externalId, (org, id) => {
        const scoped = scopedId(org, id);
        expect(ExternalId.safeParse(scoped).success).toBe(false);
        expect(NodeRef.safeParse(scoped).success).toBe(true);
        expect(NodeRef.safeParse(id).success).toBe(true);
      }),
    );
    expect(NodeRef.safeParse("a~b~c").success).toBe(false);
    expect(NodeRef.safeParse("~b").success).toBe(false);
  });
});
