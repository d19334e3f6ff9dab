import { describe, expect, it } from "vitest";
import { createAuthenticator, type CredentialRequest, type PrincipalLookups } from "./authenticator.ts";
import type { Principal } from "./principal.ts";
import { signAccessToken } from "./tokens.ts";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123";
const SID = "5b0c1c3e-2a54-4f0e-9a55-3f3a4b0b1c2d";
const USER = "0f8e4b5a-6c1d-4e2f-8a9b-1c2d3e4f5a6b";
const KEY = "tk_abcdefghijkl_0123456789012345678901234567890123456789012";

const user: Principal = { kind: "user", id: USER, role: "org_member", memberships: [] };
const partner: Principal = { kind: "api_key", id: "apikey:k1", role: "partner", memberships: [] };
const outage = new Error("postgres is down");

/** Lookups that know one user and one key; `down` makes the key lookup fail like a store outage. */
function lookups(down = false): PrincipalLookups & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    user: async (claims) => (claims.sub === USER ? user : undefined),
    apiKey: async (key) => {
      keys.push(key);
      if (down) throw outage;
      return key === KEY ? partner : undefined;
    },
  };
}

const token = () => signAccessToken({ sub: USER, role: "org_member", sid: SID }, SECRET, 900);
const headers = (h: Record<string, string>): CredentialRequest => ({ headers: h });

describe("the authenticator", () => {
  it("leaves a request without credentials anonymous, at once", () => {
    const authenticate = createAuthenticator(lookups(), SECRET);
    expect(authenticate(headers({}))).toBeUndefined();
    expect(authenticate(headers({ "x-api-key": "  " }))).toBeUndefined();
    expect(authenticate({ headers: {}, handshakeAuth: {} })).toBeUndefined();
  });

  it("takes a Bearer token through passport-jwt, and refuses any other Authorization as a bad token", async () => {
    const authenticate = createAuthenticator(lookups(), SECRET);
    expect(await authenticate(headers({ authorization: `Bearer ${token()}` }))).toEqual({ principal: user });
    for (const authorization of ["Bearer", `Basic ${token()}`, "Bearer not-a-jwt", `Bearer ${signAccessToken({ sub: USER, role: "org_member", sid: SID }, `${SECRET}x`, 900)}`]) {
      expect(await authenticate(headers({ authorization }))).toEqual({ refused: "The access token is invalid or expired." });
    }
  });

  it("reads an API key from Authorization: ApiKey or X-API-Key (trimmed), and prefers it to a token", async () => {
    const l = lookups();
    const authenticate = createAuthenticator(l, SECRET);
    expect(await authenticate(headers({ authorization: `ApiKey  ${KEY} ` }))).toEqual({ principal: partner });
    expect(await authenticate(headers({ "x-api-key": ` ${KEY}` }))).toEqual({ principal: partner });
    expect(await authenticate(headers({ authorization: `Bearer ${token()}`, "x-api-key": KEY }))).toEqual({ principal: partner });
    // A bad key is refused even beside a valid token: the key was what the caller chose.
    expect(await authenticate(headers({ authorization: `Bearer ${token()}`, "x-api-key": "tk_nope" }))).toEqual({ refused: "The API key is unknown or revoked." });
    expect(await authenticate(headers({ authorization: "ApiKey " }))).toEqual({ refused: "The API key is unknown or revoked." });
    expect(l.keys).toEqual([KEY, KEY, KEY, "tk_nope", ""]);
  });

  it("takes a handshake's credentials as sent, and never its headers", async () => {
    const l = lookups();
    const authenticate = createAuthenticator(l, SECRET);
    expect(await authenticate({ headers: {}, handshakeAuth: { token: token() } })).toEqual({ principal: user });
    expect(await authenticate({ headers: {}, handshakeAuth: { apiKey: KEY, token: "x" } })).toEqual({ principal: partner });
    // Untrimmed and unparsed: a key with a space, or a token after a space, is not the key or token.
    expect(await authenticate({ headers: {}, handshakeAuth: { apiKey: ` ${KEY}` } })).toEqual({ refused: "The API key is unknown or revoked." });
    expect(await authenticate({ headers: {}, handshakeAuth: { token: ` ${token()}` } })).toEqual({ refused: "The access token is invalid or expired." });
    expect(await authenticate({ headers: { authorization: `Bearer ${token()}` }, handshakeAuth: { token: "x" } })).toEqual({ refused: "The access token is invalid or expired." });
    expect(l.keys).toEqual([KEY, ` ${KEY}`]);
  });

  it("passes a lookup's failure on instead of refusing the caller", async () => {
    const authenticate = createAuthenticator(lookups(true), SECRET);
    await expect(authenticate(headers({ "x-api-key": KEY }))).rejects.toBe(outage);
    const failingUsers = createAuthenticator({ ...lookups(), user: () => Promise.reject(outage) }, SECRET);
    await expect(failingUsers(headers({ authorization: `Bearer ${token()}` }))).rejects.toBe(outage);
  });
});
