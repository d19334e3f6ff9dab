import { describe, expect, it } from "vitest";
import { readMigrations, splitStatements } from "./migrate.ts";

describe("graph migrations", () => {
  it("splits a file into statements without comments", () => {
    expect(splitStatements("// why\nCREATE A;\n\nCREATE B;\n")).toEqual(["CREATE A", "CREATE B"]);
  });

  it("are numbered, ordered and idempotent by construction (IF NOT EXISTS)", () => {
    const migrations = readMigrations();
    expect(migrations.map((m) => m.id)).toEqual([...migrations.map((m) => m.id)].sort());
    expect(migrations.length).toBeGreaterThan(0);
    for (const statement of migrations.flatMap((m) => m.statements)) {
      expect(statement).toMatch(/IF NOT EXISTS/);
    }
  });
});
