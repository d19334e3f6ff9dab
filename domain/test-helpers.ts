/** Helpers for the domain unit tests. */
import { isTurashError, type TurashError } from "./errors.ts";

/** The TurashError `fn` throws; fails the test when it throws something else or nothing. */
export function thrown(fn: () => unknown): TurashError {
  try {
    fn();
  } catch (err) {
    if (isTurashError(err)) return err;
    throw err;
  }
  throw new Error("expected a TurashError");
}
