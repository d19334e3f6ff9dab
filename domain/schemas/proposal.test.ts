import { describe, expect, it } from "vitest";
import { ProposalCreateSchema, ProposalDecisionSchema } from "./proposal.ts";

describe("a facilitator proposes a heat partnership", () => {
  const base = { externalId: "prop-1", fromOrg: "biz-dc", toOrg: "biz-dh", message: "Your district heating could take our 30 °C heat via a heat pump." };

  it("for a match, or for two named flows", () => {
    expect(ProposalCreateSchema.safeParse({ ...base, matchId: "m-1" }).success).toBe(true);
    expect(ProposalCreateSchema.safeParse({ ...base, supplyFlowId: "f-1", demandFlowId: "f-2" }).success).toBe(true);
  });

  it("but not for nothing, nor to itself", () => {
    const paths = (input: unknown) => ProposalCreateSchema.safeParse(input).error?.issues.map((i) => i.path.join("."));
    expect(paths({ ...base, supplyFlowId: "f-1" })).toEqual(["demandFlowId"]);
    expect(paths({ ...base, matchId: "m", toOrg: "biz-dc" })).toEqual(["toOrg"]);
  });

  it("and the other side decides with the version it saw", () => {
    expect(ProposalDecisionSchema.safeParse({ status: "accepted", version: 0 }).success).toBe(true);
    expect(ProposalDecisionSchema.safeParse({ status: "pending", version: 0 }).error?.issues[0]?.path).toEqual(["status"]);
  });
});
