/**
 * The one string rule of every boundary (REST body, query and path, Socket.IO payloads,
 * webhook deliveries, CSV/NDJSON cells): a string field is bounded in length and carries
 * no control characters. Each route builds its strings from these, never from a bare
 * `z.string()`, so the rule — and the `maxLength`/`pattern` the OpenAPI description shows —
 * is the same everywhere.
 *
 * Refused everywhere:
 * - C0 controls U+0000–U+001F (NUL, ESC, …) except, in free text only, TAB, LF and CR;
 * - DEL U+007F and the C1 controls U+0080–U+009F;
 * - the bidirectional embedding, override and isolate controls U+202A–U+202E and
 *   U+2066–U+2069 ("Trojan Source": they make a name read differently from what it is;
 *   right-to-left scripts do not need them);
 * - lone UTF-16 surrogates (not text; stores would replace them with U+FFFD).
 *
 * Free text (descriptions, notes, messages) may span lines and use tabs: those fields are
 * built with {@link freeText}; every other field (names, ids, units, cities, tokens,
 * query parameters) is a single line ({@link singleLine}, {@link text}).
 */
import { z } from "zod";

const BIDI_CONTROLS = "\\u202a-\\u202e\\u2066-\\u2069";
/** Characters no single-line field may contain (regex class body). */
const SINGLE_LINE_FORBIDDEN = `\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}`;
/** Characters no free-text field may contain: the same less TAB (09), LF (0a) and CR (0d). */
const FREE_TEXT_FORBIDDEN = `\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}`;

/** A whole single-line string: the pattern the OpenAPI description shows for it. */
export const SINGLE_LINE_PATTERN = new RegExp(`^[^${SINGLE_LINE_FORBIDDEN}]*$`);
/** A whole free-text string (may contain TAB, LF, CR). */
export const FREE_TEXT_PATTERN = new RegExp(`^[^${FREE_TEXT_FORBIDDEN}]*$`);
const SINGLE_LINE_CHAR = new RegExp(`[${SINGLE_LINE_FORBIDDEN}]`);
const FREE_TEXT_CHAR = new RegExp(`[${FREE_TEXT_FORBIDDEN}]`);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `U+0000` for a character. */
const codePoint = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Why `value` breaks the string rule, or undefined when it is fine: "must not contain
 * control characters (U+0000 at position 3)". Used by the zod schemas below and by the
 * import row parser, which reports a bad cell with its line and column.
 * @param multiline true for free text (TAB, LF and CR allowed)
 */
export function stringRuleViolation(value: string, multiline = false): string | undefined {
  const control = (multiline ? FREE_TEXT_CHAR : SINGLE_LINE_CHAR).exec(value);
  if (control) {
    const what = !multiline && /[\t\n\r]/.test(control[0]) ? "line breaks or tabs" : "control characters";
    return `must not contain ${what} (${codePoint(control[0])} at position ${control.index + 1})`;
  }
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return `must be valid Unicode text (lone surrogate ${codePoint(surrogate[0])} at position ${surrogate.index + 1})`;
  return undefined;
}

/**
 * `value` with every character the rule refuses written out as `\u{0}` (and lone
 * surrogates as `\u{d800}`), so a refused value can be shown in a report or stored
 * (PostgreSQL text refuses NUL) without carrying the character itself.
 */
export function escapeControls(value: string): string {
  return value.replace(new RegExp(`[${SINGLE_LINE_FORBIDDEN}]|${LONE_SURROGATE.source}`, "g"), (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

interface StringOptions {
  /** Shortest accepted length after trimming (default 0; {@link text} uses 1). */
  readonly min?: number;
  /** Trim surrounding whitespace before checking (default false: tokens and passwords are kept as sent). */
  readonly trim?: boolean;
}

// Each check aborts the rest when it fails, so one bad value is one error naming its field —
// also when a schema adds its own `.regex()` (an over-long id is "too long", not also "not an id").
function bounded(max: number, multiline: boolean, options: StringOptions) {
  let schema = z.string({ error: "must be a string" });
  if (options.trim) schema = schema.trim();
  const min = options.min ?? 0;
  if (min > 0) schema = schema.min(min, { error: min === 1 ? "must not be empty" : `must be at least ${min} characters`, abort: true });
  return schema
    .max(max, { error: `must be at most ${max} characters`, abort: true })
    .regex(multiline ? FREE_TEXT_PATTERN : SINGLE_LINE_PATTERN, {
      error: (issue) => stringRuleViolation(String(issue.input), multiline) ?? "must not contain control characters",
      abort: true,
    })
    .refine((value) => !LONE_SURROGATE.test(value), { error: (issue) => stringRuleViolation(String(issue.input), multiline) ?? "must be valid Unicode text" });
}

/**
 * A single-line string of at most `max` characters without control characters: ids,
 * names, tokens, query parameters. Add a `.regex()` for a narrower shape.
 */
export function singleLine(max: number, options: StringOptions = {}) {
  return bounded(max, false, options);
}

/**
 * A string of one narrow shape (a code, a digest, a phone number): at most `max`
 * characters and matching `pattern`, else the one error `error` — a value both too long
 * and of the wrong shape is reported once. The pattern must exclude control characters.
 */
export function shaped(max: number, pattern: RegExp, error: string) {
  return z.string({ error }).max(max, { error, abort: true }).regex(pattern, { error });
}

/** Free text of at most `max` characters, trimmed, non-empty unless `min` is 0; TAB, LF and CR allowed. */
export function freeText(max: number, min = 1) {
  return bounded(max, true, { trim: true, min });
}

/** A trimmed, non-empty (unless `min` is 0) single-line text of at most `max` characters: names, cities, units. */
export function text(max: number, min = 1) {
  return bounded(max, false, { trim: true, min });
}

/** The longest raw query or path parameter value accepted. */
export const MAX_PARAMETER_LENGTH = 2_048;

/**
 * Every raw query and path parameter of a request, whatever the route's own schema says
 * (unknown parameters included, a repeated one as its list): each value is a single line.
 * The route's schema then reads the values it knows (numbers, enums, ids).
 */
const RawValue = singleLine(MAX_PARAMETER_LENGTH);
const RawList = z.array(RawValue).max(100, { error: "must not be repeated more than 100 times" });
// Chosen by shape rather than z.union: a union forwards the one option's issues only when
// they do not abort, and the string rule's length check does.
export const RawParameters = z.record(z.string(), z.unknown()).superRefine((parameters, ctx) => {
  for (const [name, value] of Object.entries(parameters)) {
    const result = (Array.isArray(value) ? RawList : RawValue).safeParse(value);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ code: "custom", message: issue.message, path: [name, ...issue.path], input: value });
  }
});

/**
 * The longest cell an import row may carry (CSV, NDJSON, JSON rows, webhook rows). Cells
 * are checked against the string rule row by row (ingest/imports/parse-row.ts), so a bad
 * cell refuses its row, with line and column, and the good rows still go in.
 */
export const MAX_CELL_LENGTH = 10_000;
