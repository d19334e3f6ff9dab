import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.ts";
import { budgetsOf } from "./request-budget.ts";

describe("which request budgets a caller spends", () => {
  it("an API key spends its own budget and its organization's", () => {
    const key: Principal = { kind: "api_key", id: "apikey:k1", role: "partner", memberships: [{ orgId: "A", role: "org_member" }], scopes: ["flows:read"] };
    expect(budgetsOf(key)).toEqual([{ kind: "apiKey", key: "apikey:k1" }, { kind: "organization", key: "A" }]);
  });

  it("a user spends each of their organizations' budgets once; a facilitator none", () => {
    const user: Principal = { kind: "user", id: "u1", role: "org_admin", memberships: [{ orgId: "A", role: "org_admin" }, { orgId: "B", role: "org_member" }] };
    expect(budgetsOf(user)).toEqual([{ kind: "organization", key: "A" }, { kind: "organization", key: "B" }]);
    expect(budgetsOf({ kind: "user", id: "f1", role: "facilitator", memberships: [] })).toEqual([]);
  });
});
