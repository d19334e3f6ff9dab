import { describe, expect, it } from "vitest";
import { assembleContext } from "./context.ts";
import { typicalFlowsOfNace, typicalFlowsOfOrgs } from "./typical-flows.ts";

describe("typical flows by NACE code", () => {
  it("names what a plant of the class usually offers and needs", () => {
    const refinery = typicalFlowsOfNace("19.20");
    expect(refinery.has("offer:refinery_fuel_gas")).toBe(true);
    expect(refinery.has("offer:spent_catalyst")).toBe(true);
    expect(refinery.has("need:refinery_fuel_gas")).toBe(false);
    expect(typicalFlowsOfNace("23.51").has("need:alternative_fuel")).toBe(true);
  });
  it("says nothing from a division alone or an unknown code: too broad to call a material usual", () => {
    expect(typicalFlowsOfNace("20").size).toBe(0);
    expect(typicalFlowsOfNace("20.59").size).toBe(0);
    expect(typicalFlowsOfNace("not a code").size).toBe(0);
  });
  it("keys organizations by id, leaving out those with nothing known", () => {
    const out = typicalFlowsOfOrgs(new Map([["refinery", "19.20"], ["shop", "not a code"]]));
    expect([...out.keys()]).toEqual(["refinery"]);
  });
  it("reaches the engine through the graph context of the organizations asked for", () => {
    const entry = { name: "BP", naceCode: "19.20", partners: [], exchanges: 0, facilitators: [] };
    const { context } = assembleContext(new Map([["bp", entry]]), ["bp"]);
    expect(context.typicalFlows?.get("bp")?.has("offer:spent_catalyst")).toBe(true);
  });
});
