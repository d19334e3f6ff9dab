/**
 * Problems name the offending input by where it sits in the request: `body.quantity.unit`,
 * `query.bbox`, `params.id`. The boundary schemas do that on their own; errors raised
 * deeper down (the write path re-validating a merged update, a command checking a
 * referenced id) name document fields, so commands pass them through here.
 */
import { errors, isTurashError, relocated, type FieldError } from "../../domain/errors.ts";

const LOCATED = /^(body|query|params|headers)(\.|$)/;

/** `quantity.unit` → `body.quantity.unit`; already located names stay as they are. */
export const bodyField = (field: string) => (LOCATED.test(field) ? field : `body.${field}`);

/** The same error with every field it names located in the body (other errors unchanged). */
export function inBody(error: unknown, rename: Readonly<Record<string, string>> = {}): unknown {
  if (!isTurashError(error) || (error.field === undefined && error.errors === undefined)) return error;
  const locate = (field: string) => bodyField(rename[field] ?? field);
  const fieldErrors: FieldError[] | undefined = error.errors?.map((e) => ({ field: locate(e.field), message: e.message }));
  if (error.code === "VALIDATION_FAILED" && fieldErrors) return errors.validationFailed(fieldErrors);
  return relocated(error, {
    ...(error.field === undefined ? {} : { field: locate(error.field) }),
    ...(fieldErrors === undefined ? {} : { errors: fieldErrors }),
  });
}

/** Run `work`, rethrowing its errors with their fields located in the body. */
export async function namingBodyFields<T>(work: () => Promise<T>, rename: Readonly<Record<string, string>> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inBody(error, rename);
  }
}
