import { describe, expect, it } from "vitest";
import { effectiveRole } from "./principal.ts";

describe("effectiveRole", () => {
  it("makes an organization account org_admin exactly when it administers some organization", () => {
    expect(effectiveRole("org_member", [{ orgId: "a", role: "org_member" }, { orgId: "b", role: "org_admin" }])).toBe("org_admin");
    expect(effectiveRole("org_member", [{ orgId: "a", role: "org_member" }])).toBe("org_member");
    expect(effectiveRole("org_member", [])).toBe("org_member");
  });

  it("never demotes an org_admin account (it may create organizations) nor changes cross-organization roles", () => {
    expect(effectiveRole("org_admin", [])).toBe("org_admin");
    expect(effectiveRole("org_admin", [{ orgId: "a", role: "org_member" }])).toBe("org_admin");
    for (const role of ["admin", "facilitator", "partner"] as const) expect(effectiveRole(role, [{ orgId: "a", role: "org_admin" }])).toBe(role);
  });
});
