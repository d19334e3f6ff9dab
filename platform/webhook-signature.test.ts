import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTurashError } from "../domain/errors.ts";
import { parseSignatureHeader, signWebhook, verifyWebhookSignature } from "./webhook-signature.ts";

const SECRET = "whsec_test-secret-0123456789abcdefghijklmnopqrstu";
const NOW = 1_795_000_000;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (isTurashError(error)) return error.code;
    throw error;
  }
}

describe("signWebhook", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256(secret, '<t>.<body>')>, as a partner would compute it by hand", () => {
    const body = '{"readings":[]}';
    const expected = createHmac("sha256", SECRET).update(`${NOW}.${body}`).digest("hex");

    expect(signWebhook(SECRET, body, NOW)).toBe(`t=${NOW},v1=${expected}`);
    expect(signWebhook(SECRET, Buffer.from(body), NOW)).toBe(`t=${NOW},v1=${expected}`);
  });
});

describe("verifyWebhookSignature", () => {
  const bodies = fc.uint8Array({ minLength: 0, maxLength: 512 });
  const secrets = fc.string({ minLength: 1, maxLength: 64 });
  const times = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 });

  it("accepts what signWebhook signed, for any body, secret and time within the tolerance", () => {
    fc.assert(
      fc.property(bodies, secrets, times, fc.integer({ min: -300, max: 300 }), (body, secret, t, skew) => {
        const header = signWebhook(secret, body, t);
        expect(verifyWebhookSignature({ secret, header, body, now: t + skew })).toEqual({ timestamp: t });
      }),
    );
  });

  it("refuses a body with any one byte changed", () => {
    fc.assert(
      fc.property(bodies.filter((b) => b.length > 0), secrets, times, fc.nat(), fc.integer({ min: 1, max: 255 }), (body, secret, t, at, flip) => {
        const header = signWebhook(secret, body, t);
        const tampered = Uint8Array.from(body);
        tampered[at % body.length]! ^= flip;
        expect(codeOf(() => verifyWebhookSignature({ secret, header, body: tampered, now: t }))).toBe("WEBHOOK_SIGNATURE_INVALID");
      }),
    );
  });

  it("refuses any one hex digit of the signature changed, another secret, or another timestamp", () => {
    fc.assert(
      fc.property(bodies, secrets, times, fc.nat(63), (body, secret, t, at) => {
        const header = signWebhook(secret, body, t);
        const digits = header.split("v1=")[1]!;
        const changed = digits.slice(0, at) + ((parseInt(digits[at]!, 16) + 1) % 16).toString(16) + digits.slice(at + 1);
        expect(codeOf(() => verifyWebhookSignature({ secret, header: `t=${t},v1=${changed}`, body, now: t }))).toBe("WEBHOOK_SIGNATURE_INVALID");
        expect(codeOf(() => verifyWebhookSignature({ secret: `${secret}x`, header, body, now: t }))).toBe("WEBHOOK_SIGNATURE_INVALID");
        expect(codeOf(() => verifyWebhookSignature({ secret, header: header.replace(`t=${t}`, `t=${t + 1}`), body, now: t }))).toBe("WEBHOOK_SIGNATURE_INVALID");
      }),
    );
  });

  it("refuses a correct signature whose timestamp is more than the tolerance away, either way", () => {
    const header = signWebhook(SECRET, "{}", NOW);

    expect(codeOf(() => verifyWebhookSignature({ secret: SECRET, header, body: "{}", now: NOW + 301 }))).toBe("WEBHOOK_TIMESTAMP_STALE");
    expect(codeOf(() => verifyWebhookSignature({ secret: SECRET, header, body: "{}", now: NOW - 301 }))).toBe("WEBHOOK_TIMESTAMP_STALE");
    expect(codeOf(() => verifyWebhookSignature({ secret: SECRET, header, body: "{}", now: NOW + 301, toleranceSeconds: 600 }))).toBeUndefined();
  });

  it("accepts any matching v1 among several (secret rotation) and ignores other schemes", () => {
    const good = signWebhook(SECRET, "{}", NOW).split("v1=")[1];
    const header = `t=${NOW},v0=abc,v1=${"0".repeat(64)},v1=${good}`;

    expect(verifyWebhookSignature({ secret: SECRET, header, body: "{}", now: NOW })).toEqual({ timestamp: NOW });
  });

  it("calls a header without one integer t or without v1 malformed", () => {
    for (const header of ["", "v1=00", "t=abc,v1=00", `t=${NOW}`, `t=${NOW},t=${NOW},v1=00`, "garbage"]) {
      expect(codeOf(() => parseSignatureHeader(header)), header).toBe("WEBHOOK_SIGNATURE_MALFORMED");
    }
    expect(codeOf(() => verifyWebhookSignature({ secret: SECRET, header: `t=${NOW},v1=not-hex`, body: "{}", now: NOW }))).toBe("WEBHOOK_SIGNATURE_INVALID");
  });
});
