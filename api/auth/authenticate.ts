/**
 * Authentication middleware of the REST API: the authenticator (authenticator.ts) on each
 * request; a request without credentials goes on anonymous, refused credentials are a
 * 401 problem. It only establishes who is calling; each route's policy decides what they may do.
 */
import type { RequestHandler } from "express";
import type { Knex } from "knex";
import { errors } from "../../domain/errors.ts";
import { createAuthenticator } from "./authenticator.ts";
import { ledgerLookups } from "./lookups.ts";
import type { Principal } from "./principal.ts";

declare module "express-serve-static-core" {
  interface Request {
    principal?: Principal;
  }
}

/** Build the middleware for one app. */
export function authenticate(knex: Knex, jwtSecret: string): RequestHandler {
  const authenticator = createAuthenticator(ledgerLookups(knex), jwtSecret);
  return (req, _res, next) => {
    const verdict = authenticator(req);
    if (verdict === undefined) return next();
    verdict.then((v) => {
      if ("refused" in v) return next(errors.unauthenticated(v.refused));
      req.principal = v.principal;
      next();
    }, next);
  };
}
