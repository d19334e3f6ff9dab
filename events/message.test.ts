import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeMessage, reasonOf } from "./message.ts";

const Schema = z.object({ flowId: z.string(), matchIds: z.array(z.string()) });
const bytes = (text: string) => new TextEncoder().encode(text);

describe("decoding a message body", () => {
  it("gives the payload when the JSON fits the schema", () => {
    expect(decodeMessage(Schema, bytes('{"flowId":"f","matchIds":["m"]}'))).toEqual({ ok: true, payload: { flowId: "f", matchIds: ["m"] } });
  });

  it("names each field that does not fit, and the body when it is no object", () => {
    const bad = decodeMessage(Schema, bytes('{"flowId":"f","matchIds":"not-a-list"}'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^unparseable: matchIds: /);
    const notObject = decodeMessage(Schema, bytes("42"));
    expect(!notObject.ok && notObject.reason).toMatch(/^unparseable: \(message\): /);
  });

  it("gives the JSON error's message for a body that is no JSON", () => {
    const bad = decodeMessage(Schema, bytes("not json"));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^unparseable: .*JSON/);
  });

  it("says what any error was in one line", () => {
    expect(reasonOf(new Error("boom"))).toBe("boom");
    expect(reasonOf("plain")).toBe("plain");
    expect(reasonOf({ issues: [{ path: ["a", 0], message: "bad" }, { path: [], message: "worse" }] })).toBe("a.0: bad; (message): worse");
  });
});
