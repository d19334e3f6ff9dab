/**
 * Authentication middleware: `Authorization: Bearer <jwt>` for users (verified by
 * passport-jwt), `Authorization: ApiKey <key>` or `X-API-Key: <key>` for partner systems.
 * It only establishes who is calling; each route's policy decides what they may do.
 */
import type { RequestHandler, Request } from "express";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import type { Knex } from "knex";
import { errors } from "../../domain/errors.ts";
import { verifyApiKey } from "../../ledgers/api-keys.ts";
import { apiKeyPrincipal, type Principal } from "./principal.ts";
import { jwtVerifyOptions, requiredClaims } from "./tokens.ts";
import { userPrincipal } from "./user-principal.ts";

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

function apiKeyFrom(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header?.startsWith("ApiKey ")) return header.slice("ApiKey ".length).trim();
  return req.get("x-api-key")?.trim() || undefined;
}

/** Build the middleware for one app (one passport instance per app keeps tests independent). */
export function authenticate(knex: Knex, jwtSecret: string): RequestHandler {
  const auth = new passport.Passport();
  auth.use(
    new JwtStrategy(
      { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: jwtSecret, ...jwtVerifyOptions },
      (payload: unknown, done: (err: unknown, user?: Principal | false) => void) => {
        // passport-jwt (through jsonwebtoken) checks exp only when present: a token without one is refused here.
        const claims = requiredClaims(payload);
        if (!claims) return done(null, false);
        userPrincipal(knex, claims)
          .then((principal) => done(null, principal ?? false))
          .catch((error: unknown) => done(error));
      },
    ),
  );

  return (req, res, next) => {
    const key = apiKeyFrom(req);
    if (key !== undefined) {
      verifyApiKey(knex, key)
        .then((apiKey) => {
          if (!apiKey) return next(errors.unauthenticated("The API key is unknown or revoked."));
          req.principal = apiKeyPrincipal(apiKey);
          next();
        })
        .catch(next);
      return;
    }
    if (!req.get("authorization")) return next();
    auth.authenticate("jwt", { session: false }, (error: unknown, principal: Principal | false) => {
      if (error) return next(error);
      if (!principal) return next(errors.unauthenticated("The access token is invalid or expired."));
      req.principal = principal;
      next();
    })(req, res, next);
  };
}
