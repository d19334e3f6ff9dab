/**
 * The one catalogue of errors Turash reports. Every error has a stable `code` that
 * callers branch on (messages are for humans and may change), an HTTP status, and a
 * problem type URI, so every surface (REST, Socket.IO, NATS dead letters, CSV reports)
 * speaks the same language. Modelled on fastify's lib/errors.js and outline's
 * server/errors.ts; the wire shape is RFC 9457 problem+json.
 */

/** Code → HTTP status and short, stable human title. */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, title: "Malformed request" },
  VALIDATION_FAILED: { status: 400, title: "Validation failed" },
  UNKNOWN_UNIT: { status: 400, title: "Unknown unit" },
  UNIT_MISMATCH: { status: 400, title: "Unit does not fit the resource" },
  UNKNOWN_RESOURCE_TYPE: { status: 400, title: "Unknown resource type" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  WEBHOOK_HEADER_MISSING: { status: 401, title: "Webhook header missing" },
  WEBHOOK_SIGNATURE_MALFORMED: { status: 401, title: "Webhook signature header malformed" },
  WEBHOOK_SIGNATURE_INVALID: { status: 401, title: "Webhook signature does not match" },
  WEBHOOK_TIMESTAMP_STALE: { status: 401, title: "Webhook timestamp outside the tolerance" },
  WEBHOOK_ENDPOINT_UNKNOWN: { status: 401, title: "Unknown or revoked webhook endpoint" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  ALREADY_EXISTS: { status: 409, title: "Already exists" },
  VERSION_CONFLICT: { status: 409, title: "Version conflict" },
  ILLEGAL_TRANSITION: { status: 409, title: "Illegal state transition" },
  ALREADY_CLAIMED: { status: 409, title: "Already claimed by someone else" },
  CONSENT_ALREADY_GIVEN: { status: 409, title: "Consent already given" },
  PROPOSAL_ALREADY_OPEN: { status: 409, title: "The match already has an open proposal" },
  LAST_ADMINISTRATOR: { status: 409, title: "The organization's last administrator" },
  WEBHOOK_REPLAYED: { status: 409, title: "Webhook delivery already received" },
  PRECONDITION_FAILED: { status: 412, title: "Precondition failed" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  UNPROCESSABLE: { status: 422, title: "Unprocessable content" },
  // A database refused a record the schemas accepted; the write was undone in every store.
  STORE_REFUSED: { status: 422, title: "The record could not be stored" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  HEADERS_TOO_LARGE: { status: 431, title: "Request header fields too large" },
  INTERNAL: { status: 500, title: "Internal error" },
  SERVICE_UNAVAILABLE: { status: 503, title: "Service unavailable" },
  TIMEOUT: { status: 504, title: "Upstream timeout" },
} as const satisfies Record<string, { status: number; title: string }>;

/** A stable error code. Callers compare codes, never messages. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Every code, for exhaustive tests and documentation. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** One problem with one input field; `field` is a dotted path such as `quantity.unit`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Options accepted by every error factory. */
export interface ErrorOptions {
  /** The single field at fault, when there is one (dotted path). */
  readonly field?: string;
  /** Every field at fault, for validation errors. */
  readonly errors?: readonly FieldError[];
  /** Extra RFC 9457 extension members (e.g. `allowed`, `retryAfterSeconds`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** Base of every error Turash raises on purpose. */
export class TurashError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly field?: string;
  readonly errors?: readonly FieldError[];
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, detail?: string, options: ErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(detail ?? entry.title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TurashError";
    this.code = code;
    this.status = entry.status;
    this.title = entry.title;
    this.detail = detail ?? entry.title;
    if (options.field !== undefined) this.field = options.field;
    if (options.errors !== undefined) this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }
}

/** True when `err` is a TurashError (optionally with the given code). */
export function isTurashError(err: unknown, code?: ErrorCode): err is TurashError {
  return err instanceof TurashError && (code === undefined || err.code === code);
}

/** `VERSION_CONFLICT` → `version-conflict`: the last segment of the problem type URI. */
export function codeToSlug(code: ErrorCode): string {
  return code.toLowerCase().replace(/_/g, "-");
}

/** The stable problem type URI for a code. */
export function problemType(code: ErrorCode): string {
  return `https://turash.dev/problems/${codeToSlug(code)}`;
}

/** RFC 9457 problem details as Turash emits them. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

/**
 * Converts any thrown value to a problem+json body. Unknown errors become INTERNAL with
 * a generic detail, because their messages may leak internals (SQL, stack, hostnames).
 * @param err what was thrown
 * @param instance URI reference of this occurrence (usually the request path)
 */
export function toProblem(err: unknown, instance?: string): Problem {
  const e = isTurashError(err) ? err : new TurashError("INTERNAL", "An unexpected error occurred.");
  // Extensions first so that they can never overwrite the standard members.
  return {
    ...e.extensions,
    type: problemType(e.code),
    title: e.title,
    status: e.status,
    detail: e.detail,
    ...(instance === undefined ? {} : { instance }),
    code: e.code,
    ...(e.field === undefined ? {} : { field: e.field }),
    ...(e.errors === undefined ? {} : { errors: e.errors }),
  };
}

/** Media type to send with {@link toProblem} bodies. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** One factory per code, so call sites read as sentences and stay greppable. */
export const errors = {
  badRequest: (detail: string, options?: ErrorOptions) => new TurashError("BAD_REQUEST", detail, options),
  validationFailed: (fieldErrors: readonly FieldError[], detail?: string) =>
    new TurashError(
      "VALIDATION_FAILED",
      detail ?? fieldErrors.map((f) => `${f.field}: ${f.message}`).join("; "),
      { errors: fieldErrors, ...(fieldErrors.length === 1 ? { field: fieldErrors[0]!.field } : {}) },
    ),
  unknownUnit: (field: string, unit: string, accepted: readonly string[]) =>
    new TurashError("UNKNOWN_UNIT", `Unknown unit "${unit}". Accepted: ${accepted.join(", ")}.`, {
      field,
      errors: [{ field, message: `unknown unit "${unit}"` }],
      extensions: { unit, accepted },
    }),
  unitMismatch: (field: string, unit: string, resourceType: string, accepted: readonly string[]) =>
    new TurashError(
      "UNIT_MISMATCH",
      `Unit "${unit}" does not fit resource "${resourceType}". Accepted: ${accepted.join(", ")}.`,
      { field, errors: [{ field, message: `"${unit}" does not fit ${resourceType}` }], extensions: { unit, resourceType, accepted } },
    ),
  unknownResourceType: (field: string, resourceType: string) =>
    new TurashError("UNKNOWN_RESOURCE_TYPE", `Unknown resource type "${resourceType}".`, {
      field,
      errors: [{ field, message: `unknown resource type "${resourceType}"` }],
      extensions: { resourceType },
    }),
  unauthenticated: (detail = "Authentication required.") => new TurashError("UNAUTHENTICATED", detail),
  /** A 403; `field` names the input that asked for what the caller may not do (`body.businessId`). */
  forbidden: (detail = "You may not do this.", options: { readonly field?: string } = {}) => new TurashError("FORBIDDEN", detail, options),
  // Signed webhooks (api/http/signed-webhook.ts): each failure has its own code so a
  // partner's developer can tell a clock problem from a wrong secret.
  webhookHeaderMissing: (header: string) =>
    new TurashError("WEBHOOK_HEADER_MISSING", `The ${header} header is missing.`, { field: `headers.${header}`, extensions: { header } }),
  webhookSignatureMalformed: (detail: string) =>
    new TurashError("WEBHOOK_SIGNATURE_MALFORMED", detail, { field: "headers.Turash-Signature" }),
  webhookSignatureInvalid: () =>
    new TurashError("WEBHOOK_SIGNATURE_INVALID", 'No v1 signature matches HMAC-SHA256(secret, "<t>.<raw body>").', { field: "headers.Turash-Signature" }),
  webhookTimestampStale: (skewSeconds: number, toleranceSeconds: number) =>
    new TurashError("WEBHOOK_TIMESTAMP_STALE", `The signature timestamp is ${skewSeconds} s from our clock; at most ${toleranceSeconds} s is accepted.`, {
      field: "headers.Turash-Signature",
      extensions: { skewSeconds, toleranceSeconds },
    }),
  webhookEndpointUnknown: (id: string) =>
    new TurashError("WEBHOOK_ENDPOINT_UNKNOWN", `Webhook endpoint "${id}" is unknown or revoked.`, { field: "headers.Turash-Webhook-Id", extensions: { id } }),
  webhookReplayed: (deliveryId: string) =>
    new TurashError("WEBHOOK_REPLAYED", `Delivery "${deliveryId}" was already received.`, { field: "headers.Turash-Delivery", extensions: { deliveryId } }),
  notFound: (kind: string, id: string) =>
    new TurashError("NOT_FOUND", `${kind} "${id}" not found.`, { extensions: { kind, id } }),
  /** A request to a path no route claims. */
  noRoute: (method: string, path: string) => new TurashError("NOT_FOUND", `No route for ${method} ${path}.`),
  /**
   * The record an input refers to (a match, the business of a site) does not exist:
   * unlike {@link errors.notFound} the fault is the referring `field`, not the addressed resource.
   */
  missingReference: (kind: string, id: string, field: string) => new TurashError("NOT_FOUND", `${kind} "${id}" does not exist`, { field }),
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new TurashError("METHOD_NOT_ALLOWED", `${method} is not allowed here.`, { extensions: { allowed } }),
  alreadyExists: (kind: string, id: string) =>
    new TurashError("ALREADY_EXISTS", `${kind} "${id}" already exists.`, { extensions: { kind, id } }),
  /**
   * The id in `field` is another organization's node. The detail never says whose, so
   * an id cannot be probed for its owner.
   */
  idOfAnotherOrganization: (noun: "site" | "flow", field: string) =>
    new TurashError("ALREADY_EXISTS", `${noun} id belongs to another organization`, { field }),
  versionConflict: (kind: string, id: string, expected: number, actual: number) =>
    new TurashError("VERSION_CONFLICT", `${kind} "${id}" is at version ${actual}, not ${expected}.`, {
      field: "version",
      extensions: { kind, id, expectedVersion: expected, actualVersion: actual },
    }),
  illegalTransition: (machine: string, from: string, to: string, allowed: readonly string[]) =>
    new TurashError(
      "ILLEGAL_TRANSITION",
      `${machine} cannot go from "${from}" to "${to}". Allowed: ${allowed.length ? allowed.join(", ") : "none (terminal)"}.`,
      { field: "to", extensions: { machine, from, to, allowed } },
    ),
  /** A deal step on a proposal that is not (or no longer) accepted; no deal step is allowed then. */
  dealNotOpen: (proposalStatus: string, dealState: string, to: string) =>
    new TurashError("ILLEGAL_TRANSITION", `The proposal is ${proposalStatus}; its deal moves only after it is accepted.`, {
      field: "to",
      extensions: { machine: "deal", from: dealState, to, allowed: [] },
    }),
  /**
   * A match gets one open proposal at a time (pending, or accepted with a deal still going):
   * a second one names the open one, which both parties can read.
   */
  proposalAlreadyOpen: (matchId: string, openProposalId: string) =>
    new TurashError("PROPOSAL_ALREADY_OPEN", `Match "${matchId}" already has an open proposal, "${openProposalId}": answer or withdraw that one first.`, {
      field: "body.matchId",
      extensions: { matchId, openProposalId },
    }),
  /** A decision on a cluster proposal that is no longer open (accepted, rejected, withdrawn). */
  clusterProposalClosed: (status: string, decision: string) =>
    new TurashError("ILLEGAL_TRANSITION", `The cluster proposal is ${status}; no decision changes it.`, {
      field: "decision",
      extensions: { machine: "cluster proposal", from: status, to: decision, allowed: [] },
    }),
  /** A member organization that already decided on a cluster proposal decides again. */
  clusterDecisionTaken: (orgId: string, decided: string) =>
    new TurashError("ILLEGAL_TRANSITION", `${orgId} already ${decided} this cluster proposal; a member decides once.`, {
      field: "decision",
      extensions: { machine: "cluster decision", from: decided, allowed: [] },
    }),
  /** Every party acting already consented to contract; the deal waits for the other one. */
  consentAlreadyGiven: (orgIds: readonly string[]) =>
    new TurashError("CONSENT_ALREADY_GIVEN", `${orgIds.join(", ")} already consented to contract; waiting for the other party.`, { field: "to" }),
  /** A facilitator claims a queued match another facilitator holds. */
  alreadyClaimed: (matchId: string, holder: { readonly facilitatorId: string; readonly claimedAt: string }) =>
    new TurashError("ALREADY_CLAIMED", `Match "${matchId}" is claimed by another facilitator since ${holder.claimedAt}.`, {
      extensions: { matchId, facilitatorId: holder.facilitatorId, claimedAt: holder.claimedAt },
    }),
  /** A facilitator (not an admin) releases a claim another facilitator holds. */
  claimHeldByAnother: (matchId: string, facilitatorId: string) =>
    new TurashError("ALREADY_CLAIMED", `Match "${matchId}" is held by another facilitator; only they or an admin may release it.`, {
      extensions: { matchId, facilitatorId },
    }),
  lastAdministrator: (orgId: string) =>
    new TurashError("LAST_ADMINISTRATOR", `${orgId} would be left without an administrator; make another member org_admin first.`),
  preconditionFailed: (detail: string) => new TurashError("PRECONDITION_FAILED", detail),
  payloadTooLarge: (limitBytes: number) =>
    new TurashError("PAYLOAD_TOO_LARGE", `Body exceeds ${limitBytes} bytes.`, { field: "body", extensions: { limitBytes } }),
  // An import upload past IMPORT_MAX_BYTES; once rows had arrived, they are the interrupted job `jobId`.
  importTooLarge: (limitBytes: number, started?: { jobId: string; rows: number }) =>
    new TurashError(
      "PAYLOAD_TOO_LARGE",
      `The upload exceeds ${limitBytes} bytes, the most an import may be (IMPORT_MAX_BYTES); split the file.` +
        (started ? ` The ${started.rows} rows before the limit are import ${started.jobId}, marked interrupted.` : " Nothing was imported."),
      { field: "body", extensions: { limitBytes, ...(started ? { jobId: started.jobId } : {}) } },
    ),
  headersTooLarge: (limitBytes: number) =>
    new TurashError("HEADERS_TOO_LARGE", `The request line and headers exceed ${limitBytes} bytes; send long values in a body.`, { field: "headers", extensions: { limitBytes } }),
  unsupportedMediaType: (mediaType: string, accepted: readonly string[]) =>
    new TurashError("UNSUPPORTED_MEDIA_TYPE", `Media type "${mediaType}" is not supported; send ${accepted.join(" or ")}.`, {
      field: "headers.Content-Type",
      extensions: { mediaType, accepted },
    }),
  unprocessable: (detail: string, options?: ErrorOptions) => new TurashError("UNPROCESSABLE", detail, options),
  /** A database refused a value the schemas accepted (SQLSTATE 22, 23, P0); `cause` is the driver's error. */
  storeRefused: (cause: unknown) =>
    new TurashError("STORE_REFUSED", "The record could not be stored: a value in it is not accepted by the database (a NUL character, say). Nothing was changed.", {
      cause,
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new TurashError("RATE_LIMITED", `Too many requests; retry in ${retryAfterSeconds} s.`, {
      extensions: { retryAfterSeconds },
    }),
  internal: (detail = "An unexpected error occurred.", cause?: unknown) =>
    new TurashError("INTERNAL", detail, { cause }),
  /** A 503 naming the store (or stores, comma-separated) that is away; `extensions` add detail such as readiness' checks. */
  serviceUnavailable: (service: string, hint?: string, extensions: Readonly<Record<string, unknown>> = {}) =>
    new TurashError("SERVICE_UNAVAILABLE", `${service} is unavailable.${hint ? ` ${hint}` : ""}`, {
      extensions: { ...extensions, service },
    }),
  timeout: (service: string, afterMs: number) =>
    new TurashError("TIMEOUT", `${service} did not answer within ${afterMs} ms.`, { extensions: { service, afterMs } }),
} as const;

/** Where an error points in the input: its single field and its per-field errors. */
export interface ErrorLocation {
  readonly field?: string;
  readonly errors?: readonly FieldError[];
}

/**
 * The same error pointing elsewhere in the input (a command's `flowId` is the request's
 * `body.flowId`): code, detail and extensions stay, `field` and `errors` are exactly
 * `at`'s, and the original is the `cause`, so retry classification still sees it.
 */
export function relocated(error: TurashError, at: ErrorLocation): TurashError {
  return new TurashError(error.code, error.detail, {
    ...(at.field === undefined ? {} : { field: at.field }),
    ...(at.errors === undefined ? {} : { errors: at.errors }),
    extensions: error.extensions,
    cause: error,
  });
}
