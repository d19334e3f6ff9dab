/**
 * Every route declares who may call it with a policy: the roles allowed and, for API keys,
 * the scope required. Organization-level checks (is this your organization?) happen in the
 * command, where the organization of the resource is known.
 */
import type { RequestHandler } from "express";
import { errors } from "../../domain/errors.ts";
import type { ApiKeyScope } from "../../ledgers/api-keys.ts";
import type { Role } from "../../ledgers/accounts.ts";
import type { Principal } from "./principal.ts";

/** Who may call a route. `public` routes need no credentials. */
export type Policy = { readonly public: true } | { readonly roles: readonly Role[]; readonly scope?: ApiKeyScope };

/** Anyone authenticated, of any role. */
export const ANY_ROLE: readonly Role[] = ["admin", "facilitator", "org_admin", "org_member", "partner"];

/** Middleware enforcing a policy: 401 without credentials, 403 with the wrong role or scope. */
export function allow(policy: Policy): RequestHandler {
  return (req, _res, next) => {
    if ("public" in policy) return next();
    const principal = req.principal;
    if (!principal) return next(errors.unauthenticated());
    if (!policy.roles.includes(principal.role)) {
      return next(errors.forbidden(`This needs one of the roles: ${policy.roles.join(", ")}.`));
    }
    if (principal.kind === "api_key" && policy.scope && !principal.scopes?.includes(policy.scope)) {
      return next(errors.forbidden(`This API key lacks the scope ${policy.scope}.`));
    }
    next();
  };
}

/** The principal of a request that passed a non-public policy. */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw errors.unauthenticated();
  return req.principal;
}
