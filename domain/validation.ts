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
  const fieldErrors: FieldError[] = error.issues.map((issue) => ({
    field: pathToField(issue.path, prefix),
    message: issue.message,
  }));
  return errors.validationFailed(fieldErrors);
}

/**
 * Parses `input` with `schema`, returning the typed value or throwing VALIDATION_FAILED.
 * @param prefix optional path prefix for field names (see {@link fromZodError})
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, prefix);
  return result.data;
}
