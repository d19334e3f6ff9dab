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
import { findUser, membershipsOf } from "../../ledgers/accounts.ts";
import { verifyApiKey } from "../../ledgers/api-keys.ts";
import type { Principal } from "./principal.ts";
import { jwtVerifyOptions } from "./tokens.ts";

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
      (payload: { sub?: string }, done: (err: unknown, user?: Principal | false) => void) => {
        if (!payload.sub) return done(null, false);
        findUser(knex, payload.sub)
          .then(async (user) => {
            if (!user || user.disabled) return done(null, false);
            const principal: Principal = { kind: "user", id: user.id, role: user.role, memberships: await membershipsOf(knex, user.id) };
            done(null, principal);
          })
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
          req.principal = {
            kind: "api_key",
            id: `apikey:${apiKey.id}`,
            role: "partner",
            memberships: [{ orgId: apiKey.orgId, role: "org_member" }],
            scopes: apiKey.scopes,
          };
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
