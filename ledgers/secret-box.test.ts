import { describe, expect, it } from "vitest";
import { deriveKey, open, seal } from "./secret-box.ts";

describe("secret box", () => {
  const key = deriveKey("a-master-secret-of-at-least-32-characters", "webhook-endpoint-secret");

  it("opens what it sealed, for the same row only", () => {
    const sealed = seal(key, "whsec_abc", "row-1");

    expect(sealed.ciphertext.toString("utf8")).not.toContain("whsec_abc");
    expect(open(key, sealed, "row-1")).toBe("whsec_abc");
    expect(() => open(key, sealed, "row-2")).toThrow();
  });

  it("refuses another key, another purpose or a flipped byte", () => {
    const sealed = seal(key, "whsec_abc", "row-1");
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext.map((b, i) => (i === 0 ? b ^ 1 : b))) };

    expect(() => open(deriveKey("another-master-secret-of-32-characters!", "webhook-endpoint-secret"), sealed, "row-1")).toThrow();
    expect(() => open(deriveKey("a-master-secret-of-at-least-32-characters", "other-purpose"), sealed, "row-1")).toThrow();
    expect(() => open(key, tampered, "row-1")).toThrow();
  });

  it("uses a fresh nonce each time", () => {
    expect(seal(key, "same", "row").iv.equals(seal(key, "same", "row").iv)).toBe(false);
  });
});
