/**
 * Generators of the fuzz suite: values of the shape a JSON Schema describes (the schemas
 * the OpenAPI document derives from each route's zod schemas), hostile values, and
 * mutations of a valid value — a field of the wrong type, missing, extra, a hostile string
 * or number — so most inputs get past the first check and reach deeper code.
 */
import fc from "fast-check";

/** A JSON Schema as zod's `toJSONSchema` writes it. */
export type JsonSchema = Record<string, unknown>;

/** Strings no boundary should choke on: empty, blank, NUL, controls, bidi, lone surrogates, huge, injection-shaped. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\u001b[31mred",
    "line\nbreak",
    "tab\there",
    "\r\n",
    "\u007f",
    "\u0085",
    "evil\u202egnp.exe",
    "\u2066iso\u2069",
    "half \ud800 pair",
    "\udc00",
    "💩🏭",
    "Z̷̢͎a̶l̸g̴o",
    "ﷺ",
    "NaN",
    "Infinity",
    "-0",
    "1e308",
    "1e400",
    "-1",
    "0x1f",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "__proto__",
    "constructor",
    "' OR 1=1 --",
    "MATCH (n) DETACH DELETE n",
    "$where",
    "../../etc/passwd",
    "%00",
    "%E0%A4%A",
    "<script>alert(1)</script>",
    "imp_",
    "00000000-0000-0000-0000-000000000000",
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 100, max: 20_000 }).map((n) => "x".repeat(n)),
);

/** Numbers at the edges: huge, tiny, negative zero, unsafe integers. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, -0, 0, 5e-324, -1, 2 ** 53 + 1, -(2 ** 53) - 1, Number.MAX_SAFE_INTEGER, 0.1, 1e-9, 99999999999),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any hostile JSON value, including deep nesting and wrong container types. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  fc.constantFrom(null, true, false, [], {}, [null], { "": "" }, { __proto__: { admin: true } }, { constructor: { prototype: {} } }),
  fc.integer({ min: 10, max: 400 }).map(nested),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 5 }),
);

/** `{"a":{"a":…}}` (or arrays) `depth` levels deep. */
export function nested(depth: number): unknown {
  let value: unknown = "deep";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.split("/").pop()!;
  const defs = (root.$defs ?? root.definitions ?? {}) as Record<string, JsonSchema>;
  return defs[name] ?? {};
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const min = Number(schema.minLength ?? 0);
  const max = Math.max(min, Math.min(Number(schema.maxLength ?? 40), 60));
  switch (schema.format) {
    case "email":
      return fc.emailAddress().filter((e) => e.length <= Number(schema.maxLength ?? 254));
    case "uuid":
      return fc.uuid();
    case "date-time":
      return fc.date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  }
  const plain = fc.string({ minLength: Math.max(min, 1), maxLength: max, unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.æøå") });
  if (typeof schema.pattern === "string") {
    try {
      const matching = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= Number(schema.maxLength ?? Infinity));
      // Single-line-rule patterns match anything printable: plain text reads better there.
      return schema.pattern.startsWith("^[^") ? plain : fc.oneof(matching, plain);
    } catch {
      return plain;
    }
  }
  return plain;
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6;
  const hi = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6;
  const min = Math.max(lo, -1e9);
  const max = Math.min(hi, 1e9, Math.max(min, min + 1e6));
  if (integer) return fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31 - 1)) });
  // Mostly round numbers (what clients send); any double of the range too, subnormals included.
  const whole = fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31 - 1)) });
  const any = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return Math.ceil(min) <= Math.floor(max) ? fc.oneof({ weight: 3, arbitrary: whole }, { weight: 1, arbitrary: any }) : any;
}

/** Values a field of this name takes in practice, where its schema alone says too little (a taxonomy id, a NACE code). */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

/** Fields whose valid values come from data (taxonomy, code lists) or strict formats. */
export const DOMAIN_HINTS: Hints = {
  resourceType: fc.constantFrom("waste_heat_low", "steam", "wastewater", "fly_ash", "co2", "space_heating"),
  naceCode: fc.constantFrom("10.51", "35.30", "C10.5", "20.14"),
  email: fc.stringMatching(/^[a-z]{1,10}$/).map((name) => `${name}@example.test`),
  phone: fc.constantFrom("+45 12 34 56 78", "+49 30 1234567"),
  ewcCode: fc.constantFrom("10 01 02", "07 01 04*", "020204"),
  unit: fc.constantFrom("MWh/yr", "t/yr", "m3/yr", "MWh", "kW"),
};

/** Values of the shape `schema` describes (valid or nearly: patterns and refinements may still refuse some); `hints` by field name win. */
export function fromSchema(schema: JsonSchema, hints: Hints = DOMAIN_HINTS, root: JsonSchema = schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  if (depth > 6) return fc.constant(null);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, hints, root, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) {
    // zod writes a string of several patterns as allOf: one schema, the most specific pattern (not the single-line rule) kept.
    const parts = s.allOf as JsonSchema[];
    const pattern = parts.map((p) => p.pattern).filter((p): p is string => typeof p === "string" && !p.startsWith("^[^")).pop() ?? s.pattern;
    const { allOf: _allOf, ...rest } = s;
    return fromSchema({ ...Object.assign({}, ...parts), ...rest, ...(pattern ? { pattern } : {}) }, hints, root, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type : [s.type];
  const arbitraries = type.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case "string":
        return stringOf(s);
      case "integer":
        return numberOf(s, true);
      case "number":
        return numberOf(s, false);
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array": {
        const items = s.items ? fromSchema(s.items as JsonSchema, hints, root, depth + 1) : fc.jsonValue({ maxDepth: 1 });
        const minLength = Number(s.minItems ?? 0);
        return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(Number(s.maxItems ?? 4), 4)) });
      }
      case "object": {
        const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
        const names = Object.keys(properties);
        if (names.length === 0) {
          const values = typeof s.additionalProperties === "object" ? fromSchema(s.additionalProperties as JsonSchema, hints, root, depth + 1) : fc.jsonValue({ maxDepth: 1 });
          return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 3 });
        }
        const required = new Set((s.required as string[] | undefined) ?? []);
        const record = Object.fromEntries(names.map((n) => [n, hints[n] ? fc.oneof({ weight: 4, arbitrary: hints[n] }, { weight: 1, arbitrary: fromSchema(properties[n]!, hints, root, depth + 1) }) : fromSchema(properties[n]!, hints, root, depth + 1)]));
        return fc.record(record, { requiredKeys: names.filter((n) => required.has(n)) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

/** Every path to a value inside a JSON value (objects and arrays), shortest first. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

/** A deep copy of `value` with the value at `path` replaced (or removed, for `undefined`). */
function withAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** A mutation of a valid value: one field hostile, missing or added, or the whole value replaced. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, fc.nat(), hostileValue).map(([v, i, h]) => {
        const paths = pathsOf(v);
        return paths.length ? withAt(v, paths[i % paths.length]!, h) : h;
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.nat()).map(([v, i]) => {
        const paths = pathsOf(v);
        return paths.length ? withAt(v, paths[i % paths.length]!, undefined) : v;
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor", "version", "orgId", "id", "role")), hostileValue).map(([v, k, h]) =>
        v !== null && typeof v === "object" && !Array.isArray(v) ? JSON.parse(JSON.stringify({ ...v, [k]: h })) : v,
      ),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** A body as sent: JSON of a (mutated) value, or raw text that is not what the route expects, with a content type. */
export interface RawBody {
  readonly text?: string;
  readonly contentType?: string;
}

/** Raw bodies around a JSON value: malformed JSON, numbers JSON.stringify cannot write, wrong media types, none. */
export function rawBodies(value: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> {
  const json = value.map((v) => JSON.stringify(v) ?? "null");
  return fc.oneof(
    { weight: 8, arbitrary: json.map((text) => ({ text, contentType: "application/json" })) },
    {
      weight: 2,
      arbitrary: fc.tuple(json, fc.constantFrom("1e400", "-0", "NaN", "Infinity", "0x10", "01", "1.", ".5", "-", "1e-400", "123456789012345678901234567890")).map(([text, n]) => ({
        text: text.replace(/(:\s*)-?\d+(\.\d+)?([eE][+-]?\d+)?/, `$1${n}`),
        contentType: "application/json",
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(json, fc.nat()).map(([text, cut]) => ({ text: text.slice(0, cut % Math.max(text.length, 1)), contentType: "application/json" })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(json, fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-16", "application/json; charset=latin1", "application/merge-patch+json", "", "application/json, text/plain", "*/*")).map(
        ([text, contentType]) => ({ text, contentType }),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom<RawBody>({}, { text: "", contentType: "application/json" }, { text: "   ", contentType: "application/json" }, { text: "\ufeff{}", contentType: "application/json" }, { text: "{'a': 1}", contentType: "application/json" }, { text: '{"a":1}{"b":2}', contentType: "application/json" }, { text: "[".repeat(5000), contentType: "application/json" }, { text: '{"a":"\\ud800"}', contentType: "application/json" }, { text: '{"a":"\\u0000"}', contentType: "application/json" }) },
  );
}

/** Query strings of a route: its known parameters (valid-shaped or hostile), unknown ones, repeated keys, bad escapes. */
export function queryStrings(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const names = Object.keys(properties);
  const known = names.length
    ? fc.constantFrom(...names).chain((name) =>
        fc.oneof(fromSchema(properties[name]!, DOMAIN_HINTS, schema).map((v) => [name, typeof v === "string" ? v : JSON.stringify(v)] as const), hostileString.map((v) => [name, v] as const)),
      )
    : hostileString.map((v) => ["q", v] as const);
  const pair = fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) });
  const encoded = fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join("&"));
  return fc.oneof(
    { weight: 8, arbitrary: encoded },
    { weight: 1, arbitrary: encoded.map((q) => (q ? `${q}&${q}` : q)) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "a=%E0%A4%A", "a[b]=1", "a[]=1&a[]=2", "=&=&", "&&&", "limit=1&limit=2", "x=" + "y".repeat(10000)) },
  );
}

/** encodeURIComponent that tolerates lone surrogates (it throws on them): they go out as raw `%ED%A0%80`. */
export function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  }
}
