/**
 * A passport strategy for partner API keys: the key is read from the request by the
 * function the authenticator gives (authenticator.ts knows the headers and the handshake)
 * and verified by another, so the strategy itself holds no I/O and no header rules.
 */
import type { Request } from "express";
import passport from "passport";

/** Reads the API key a request carries, or undefined when it carries none. */
export type ApiKeyOf = (req: Request) => string | undefined;
/** The caller a key speaks for, or undefined when the key is unknown or revoked. */
export type VerifyApiKey = (key: string) => Promise<Express.User | undefined>;

/** Passport strategy `api-key`: succeeds with the key's caller, fails without a valid key. */
export class ApiKeyStrategy extends passport.Strategy {
  override name = "api-key";

  // TypeScript-private, not #private: passport calls authenticate on an object whose
  // prototype is this instance (to add success/fail/error), where #fields are unreachable.
  constructor(
    private readonly keyOf: ApiKeyOf,
    private readonly verify: VerifyApiKey,
  ) {
    super();
  }

  /** Called by passport with the action functions bound to this request. */
  override authenticate(req: Request): void {
    const key = this.keyOf(req);
    if (key === undefined) return this.fail();
    this.verify(key).then(
      (user) => (user ? this.success(user) : this.fail()),
      // Passed on as thrown: the caller's error handling decides (a store outage is a 503, not a 401).
      (error: unknown) => this.error(error as Error),
    );
  }
}
