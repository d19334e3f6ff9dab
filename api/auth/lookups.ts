/**
 * The principal lookups of the running API: users and their login sessions, API keys,
 * all in the PostgreSQL ledgers. The authenticator (authenticator.ts) calls them once
 * the credentials themselves are verified.
 */
import type { Knex } from "knex";
import { verifyApiKey } from "../../ledgers/api-keys.ts";
import type { PrincipalLookups } from "./authenticator.ts";
import { apiKeyPrincipal } from "./principal.ts";
import { userPrincipal } from "./user-principal.ts";

/** Lookups against the ledgers of this database. */
export function ledgerLookups(knex: Knex): PrincipalLookups {
  return {
    user: (claims) => userPrincipal(knex, claims),
    apiKey: async (key) => {
      const apiKey = await verifyApiKey(knex, key);
      return apiKey && apiKeyPrincipal(apiKey);
    },
  };
}
