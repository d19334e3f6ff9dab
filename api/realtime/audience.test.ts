import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { API_KEY_SCOPES, type ApiKeyScope } from "../../ledgers/api-keys.ts";
import type { Principal } from "../auth/principal.ts";
import { EVENT_FAMILY_SCOPES, familiesOf, roomsOf } from "./audience.ts";

const key = (scopes: readonly ApiKeyScope[]): Principal => ({ kind: "api_key", id: "apikey:k1", role: "partner", memberships: [{ orgId: "A", role: "org_member" }], scopes });

describe("which socket events a principal receives", () => {
  it("a flows:read key joins no match or proposal room of its organization", () => {
    const rooms = roomsOf(key(["flows:read"]));
    expect(rooms).toEqual(["org:A:import", "user:apikey:k1"]);
    expect(familiesOf(key(["flows:read"]))).toEqual(["import", "map"]);
  });

  it("a key with matches:read and proposals:read joins those rooms only", () => {
    expect(roomsOf(key(["matches:read", "proposals:read"]))).toEqual(["org:A:match", "org:A:proposal", "user:apikey:k1"]);
  });

  it("a user joins every family of each organization, facilitators their queue, and the session room", () => {
    const user: Principal = { kind: "user", id: "u1", role: "org_admin", memberships: [{ orgId: "A", role: "org_admin" }, { orgId: "B", role: "org_member" }], sessionId: "s1" };
    expect(roomsOf(user)).toEqual(["org:A:match", "org:A:proposal", "org:A:import", "org:A:alert", "org:B:match", "org:B:proposal", "org:B:import", "org:B:alert", "user:u1", "session:s1"]);
    expect(roomsOf({ kind: "user", id: "f1", role: "facilitator", memberships: [] })).toEqual(["facilitators", "user:f1"]);
  });

  it("a key receives a family exactly when it holds the scope REST asks for it", () => {
    fc.assert(
      fc.property(fc.subarray([...API_KEY_SCOPES]), (scopes) => {
        const families = familiesOf(key(scopes));
        for (const [family, scope] of Object.entries(EVENT_FAMILY_SCOPES)) {
          expect(families.includes(family as keyof typeof EVENT_FAMILY_SCOPES)).toBe(scope !== null && scopes.includes(scope));
        }
        for (const room of roomsOf(key(scopes))) {
          const family = /^org:A:(\w+)$/.exec(room)?.[1] as keyof typeof EVENT_FAMILY_SCOPES | undefined;
          if (family) expect(scopes).toContain(EVENT_FAMILY_SCOPES[family]);
        }
      }),
      { seed: 3, numRuns: 100 },
    );
  });
});
