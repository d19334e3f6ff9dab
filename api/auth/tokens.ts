/** Short-lived access tokens (JWT, HS256) for logged-in users. */
import jwt from "jsonwebtoken";

/** Claims Turash puts in an access token. */
export interface AccessClaims {
  readonly sub: string;
  readonly role: string;
}

const ISSUER = "turash";
const AUDIENCE = "turash-api";

/** Sign an access token for a user. */
export function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ role: claims.role }, secret, {
    algorithm: "HS256",
    subject: claims.sub,
    expiresIn: ttlSeconds,
    issuer: ISSUER,
    audience: AUDIENCE,
  });
}

/** Options passport-jwt needs to verify tokens signed by {@link signAccessToken}. */
export const jwtVerifyOptions = { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256" as const] };
