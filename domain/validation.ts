/**
 * The bridge from zod to the error catalogue: every boundary parses with zod and turns
 * a failure into one VALIDATION_FAILED naming each field by its dotted path.
 */
import type { z } from "zod";
import { errors, type FieldError, type TurashError } from "./errors.ts";

/** Field name used when an issue concerns the whole input rather than one member. */
export const ROOT_FIELD = "(root)";

/** `["availability", "seasonality", 0]` → `availability.seasonality.0`, prefixed if asked. */
export function pathToField(path: readonly PropertyKey[], prefix?: string): string {
  const parts = [...(prefix ? [prefix] : []), ...path.map((p) => String(p))];
  return parts.length ? parts.join(".") : ROOT_FIELD;
}

/**
 * Converts a ZodError into VALIDATION_FAILED with one `{field, message}` per issue.
 * @param prefix prepended to every path, e.g. `query` or `rows.12`
 */
export function fromZodError(error: z.ZodError, prefix?: string): TurashError {
  const fieldErrors: FieldError[] = error.issues.flatMap((issue) =>
    // A strict object reports its unknown keys on the object itself; name each key instead,
    // so `{"siteId": …}` in a PATCH body is a 400 on `body.siteId`, not on `body`.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ field: pathToField([...issue.path, key], prefix), message: UNKNOWN_FIELD }))
      : [{ field: pathToField(issue.path, prefix), message: issue.message }],
  );
  return errors.validationFailed(fieldErrors);
}

/** The message for a field a strict schema does not know. */
export const UNKNOWN_FIELD = "is not a known field (unknown fields are refused, not ignored)";

/**
 * Parses `input` with `schema`, returning the typed value or throwing VALIDATION_FAILED.
 * @param prefix optional path prefix for field names (see {@link fromZodError})
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, prefix);
  return result.data;
}
