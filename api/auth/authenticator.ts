/**
 * The one authenticator of the API, for REST requests and Socket.IO handshakes alike:
 * passport with two strategies —
 * - `jwt` (passport-jwt): an access token of tokens.ts, from `Authorization: Bearer <jwt>`
 *   or a handshake's `auth.token`, verified with the secret and options of tokens.ts and
 *   then required to carry Turash's claims (requiredClaims);
 * - `api-key` (api-key-strategy.ts): a partner key, from `Authorization: ApiKey <key>`,
 *   `X-API-Key: <key>` or a handshake's `auth.apiKey`.
 * A key wins over a token when both are sent. It only establishes who is calling; each
 * route's policy decides what they may do.
 */
import type { Request } from "express";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import { ApiKeyStrategy } from "./api-key-strategy.ts";
import type { Principal } from "./principal.ts";
import { jwtVerifyOptions, requiredClaims, type VerifiedAccess } from "./tokens.ts";

/** Credentials of a Socket.IO handshake payload, already validated (realtime/schemas.ts). */
export interface HandshakeCredentials {
  readonly token?: string;
  readonly apiKey?: string;
}

/**
 * What the strategies read: an HTTP request (its headers), or a handshake's credentials
 * taken as sent (`headers` then stay empty: a socket authenticates by its payload only).
 */
export interface CredentialRequest {
  readonly headers: Request["headers"];
  readonly handshakeAuth?: HandshakeCredentials;
}

/** Who verified credentials speak for, looked up in the ledgers (lookups.ts) or given by a test. */
export interface PrincipalLookups {
  /** The user of a verified token's claims, or undefined when the user or the session is gone. */
  readonly user: (claims: VerifiedAccess) => Promise<Principal | undefined>;
  /** The caller of an API key, or undefined when the key is unknown or revoked. */
  readonly apiKey: (key: string) => Promise<Principal | undefined>;
}

/** The caller, or why the credentials sent were refused (the problem detail). */
export type Verdict = { readonly principal: Principal } | { readonly refused: string };

/** Authenticates one request; undefined, at once, when it carries no credentials at all. */
export type Authenticator = (req: CredentialRequest) => Promise<Verdict> | undefined;

type StrategyName = "jwt" | "api-key";

const REFUSED: Readonly<Record<StrategyName, string>> = {
  "api-key": "The API key is unknown or revoked.",
  jwt: "The access token is invalid or expired.",
};

const handshakeOf = (req: Request) => (req as CredentialRequest).handshakeAuth;

/** The API key a request carries: the handshake's as sent, or a header's trimmed. */
function apiKeyOf(req: CredentialRequest): string | undefined {
  if (req.handshakeAuth) return req.handshakeAuth.apiKey;
  const header = req.headers.authorization;
  if (header?.startsWith("ApiKey ")) return header.slice("ApiKey ".length).trim();
  const key = req.headers["x-api-key"];
  return (typeof key === "string" && key.trim()) || undefined;
}

/** The strategy for the credentials a request carries, if it carries any. */
function strategyFor(req: CredentialRequest): StrategyName | undefined {
  if (apiKeyOf(req) !== undefined) return "api-key";
  // Any Authorization header that is no API key is taken for a token: a malformed one is refused, not ignored.
  if (req.handshakeAuth ? req.handshakeAuth.token !== undefined : req.headers.authorization) return "jwt";
  return undefined;
}

/** Build the authenticator (one passport instance each, so apps and tests stay independent). */
export function createAuthenticator(lookups: PrincipalLookups, jwtSecret: string): Authenticator {
  const auth = new passport.Passport();
  auth.use(
    new JwtStrategy(
      {
        // The handshake's token verbatim; a header's through passport-jwt's own Bearer parsing.
        jwtFromRequest: ExtractJwt.fromExtractors([(req: Request) => handshakeOf(req)?.token ?? null, ExtractJwt.fromAuthHeaderAsBearerToken()]),
        secretOrKey: jwtSecret,
        ...jwtVerifyOptions,
      },
      (payload: unknown, done: (err: unknown, user?: Principal | false) => void) => {
        // passport-jwt (through jsonwebtoken) checks exp only when present: a token without one is refused here.
        const claims = requiredClaims(payload);
        if (!claims) return done(null, false);
        lookups
          .user(claims)
          .then((principal) => done(null, principal ?? false))
          .catch((error: unknown) => done(error));
      },
    ),
  );
  auth.use(new ApiKeyStrategy(apiKeyOf, lookups.apiKey));

  return (req) => {
    const strategy = strategyFor(req);
    if (strategy === undefined) return undefined;
    return new Promise<Verdict>((resolve, reject) => {
      const settle = (error: unknown, principal?: Principal | false) => {
        if (error) reject(error);
        else resolve(principal ? { principal } : { refused: REFUSED[strategy] });
      };
      // A custom callback: passport neither answers nor touches a session; `settle` is also
      // its `next`, which it would call only if a strategy passed without a decision.
      auth.authenticate(strategy, { session: false }, settle)(req, {}, settle);
    });
  };
}
