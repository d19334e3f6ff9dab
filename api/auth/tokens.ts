/**
 * Short-lived access tokens (JWT, HS256) for logged-in users. Every token names its user
 * (`sub`), the login session it belongs to (`sid`, see ledgers/sessions.ts) and expires
 * (`exp`): a token lacking either is refused, however well signed, so a leaked or forged
 * token can never be valid forever and logging out ends it.
 */
import jwt from "jsonwebtoken";

/** Claims Turash puts in an access token. */
export interface AccessClaims {
  readonly sub: string;
  readonly role: string;
  /** The login session (refresh-token family) the token was issued for. */
  readonly sid: string;
}

/** A verified access token's claims. */
export interface VerifiedAccess {
  readonly sub: string;
  readonly sid: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

const ISSUER = "turash";
const AUDIENCE = "turash-api";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sign an access token for a user's session. */
export function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ role: claims.role, sid: claims.sid }, secret, {
    algorithm: "HS256",
    subject: claims.sub,
    expiresIn: ttlSeconds,
    issuer: ISSUER,
    audience: AUDIENCE,
  });
}

/** Options passport-jwt needs to verify tokens signed by {@link signAccessToken}. */
export const jwtVerifyOptions = { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256" as const] };

/**
 * The claims of a payload jsonwebtoken already verified (through passport-jwt, see
 * authenticator.ts), when it has everything Turash requires: jsonwebtoken checks `exp`
 * only when present, so its absence is caught here.
 */
export function requiredClaims(payload: unknown): VerifiedAccess | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const { sub, sid, exp } = payload as Record<string, unknown>;
  // Both name rows by uuid: anything else names no user and no session (and must not reach a uuid column).
  if (typeof sub !== "string" || !UUID.test(sub) || typeof sid !== "string" || !UUID.test(sid)) return undefined;
  if (typeof exp !== "number" || !Number.isFinite(exp)) return undefined;
  return { sub, sid, exp };
}
