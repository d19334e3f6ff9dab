import { describe, expect, it } from "vitest";
import { BusinessCreateSchema, BusinessUpdateSchema } from "./business.ts";

describe("a dairy cooperative signs up", () => {
  const dairy = {
    externalId: "biz-arla-holstebro",
    name: "Holstebro Mejeri A/S",
    naceCode: "10.51",
    size: "large",
    contact: { name: "Mette Holm", email: "mette.holm@example.dk", phone: "+45 97 42 11 00" },
  };

  it("with a NACE class, a size and a contact", () => {
    expect(BusinessCreateSchema.parse(dairy).naceCode).toBe("10.51");
    expect(BusinessCreateSchema.parse({ ...dairy, naceCode: "c10.5" }).naceCode).toBe("C10.5");
  });

  it("and is told which field is wrong", () => {
    const result = BusinessCreateSchema.safeParse({ ...dairy, naceCode: "10.511", size: "huge", contact: { name: "M", email: "nope" } });
    expect(result.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["contact.email", "naceCode", "size"]);
    expect(result.error?.issues.find((i) => i.path[0] === "naceCode")?.message).toMatch(/NACE rev\.2/);
  });

  it("updates name only with a version", () => {
    expect(BusinessUpdateSchema.safeParse({ name: "Arla Holstebro" }).success).toBe(false);
    expect(BusinessUpdateSchema.parse({ name: "Arla Holstebro", version: 2 })).toEqual({ name: "Arla Holstebro", version: 2 });
  });
});
