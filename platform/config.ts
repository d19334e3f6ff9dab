/**
 * Configuration: read once from the environment, validated with zod, every problem
 * reported at once, then frozen. Defaults suit a developer machine where the services
 * run on loopback; `npm test` overrides them to point at test-only instances.
 */
import { z } from "zod";
import { MIN_SECRET_LENGTH, resolveSecret, SECRET_NAMES, SecretError, type SecretName } from "./secrets.ts";

const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${schemes.join(" or ")}` },
  );

/** `https://host[:port]` exactly: what a browser sends in `Origin`. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    // 0 lets the OS choose (tests); the address actually bound is logged.
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
    DATA_DIR: z.string().min(1).default(".data"),
    // neo4j:// is the routing driver: writes go to the leader and reads (routing READ) to
    // followers or read replicas once Neo4j is a cluster (docs/scaling.md); against one
    // server it routes everything there. bolt:// is a direct connection to one server.
    NEO4J_URL: urlWithScheme(["bolt", "neo4j", "bolt+s", "neo4j+s"]).default("neo4j://127.0.0.1:7687"),
    NEO4J_USER: z.string().default("neo4j"),
    NEO4J_PASSWORD: z.string().default(""),
    NEO4J_HEAP: z.string().regex(/^\d+[mg]$/, "must look like 512m or 2g").default("1g"),
    NEO4J_PAGECACHE: z.string().regex(/^\d+[mg]$/, "must look like 256m or 2g").default("512m"),
    // How long an api request retries a Neo4j transaction before it is answered 503: the
    // driver's own default (30 s) kept partners waiting past their timeouts while Neo4j
    // restarted. Workers keep the driver's default; they have no one waiting.
    NEO4J_REQUEST_RETRY_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
    DATABASE_URL: urlWithScheme(["postgres", "postgresql"]).default("postgres://postgres@127.0.0.1:5432/turash"),
    REDIS_URL: urlWithScheme(["redis", "rediss"]).default("redis://127.0.0.1:6379"),
    REDIS_PREFIX: z.string().min(1).default("turash:"),
    NATS_URL: urlWithScheme(["nats", "tls"]).default("nats://127.0.0.1:4222"),
    NATS_STREAM_PREFIX: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be upper-case letters, digits and _").default("TURASH"),
    // Copies JetStream keeps of each stream: 1 on a single server, 3 (or 5) on a cluster so
    // a node may die without losing an accepted message. JetStream allows at most 5, and an
    // even count tolerates no more failures than the odd count below it.
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).refine((n) => n % 2 === 1, "must be 1, 3 or 5 (an even count survives no more failures than one fewer)").default(1),
    JWT_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    WEBHOOK_SECRET_KEY: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    // Comma-separated former WEBHOOK_SECRET_KEY values, still accepted for opening sealed secrets during a rotation.
    WEBHOOK_SECRET_KEY_PREVIOUS: z.string().optional(),
    ID_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    REFRESH_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 86_400).default(14 * 86_400),
    // Login throttling (api/auth/login-throttle.ts): failures counted per account and per
    // client address within a window; past the limit the key is locked, each further
    // lockout within a day twice as long, up to the maximum.
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000_000).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(50),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    LOGIN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3_600),
    // Request budgets (api/http/request-budget.ts) per API key and per organization.
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    RATE_LIMIT_PER_API_KEY: z.coerce.number().int().min(1).max(10_000_000).default(600),
    RATE_LIMIT_PER_ORGANIZATION: z.coerce.number().int().min(1).max(10_000_000).default(1_200),
    // How often each api process re-reads the ledgers for its open sockets (a revocation
    // signal missed over Redis pub/sub still ends the socket within this time).
    // Requests without credentials (logins, refreshes, signed webhooks, public reads) spend a
    // budget per client address, so no route is unlimited.
    RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000_000).default(1_200),
    // The largest JSON request body read (bulk imports stream theirs and are not bound by it).
    JSON_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024, "must be at least 1024 bytes").max(64 * 1024 * 1024, "must be at most 64 MiB").default(2 * 1024 * 1024),
    // Bulk imports (ingest/imports/sources.ts): the largest upload, counted as it streams in
    // (413 beyond); the longest line or record, refused by its line number without being held;
    // refused rows stored per job with line and reason (all of them are counted).
    IMPORT_MAX_BYTES: z.coerce.number().int().min(1_024, "must be at least 1024 bytes").max(64 * 1024 ** 3, "must be at most 64 GiB").default(1024 ** 3),
    IMPORT_MAX_LINE_BYTES: z.coerce.number().int().min(256, "must be at least 256 bytes").max(64 * 1024 * 1024, "must be at most 64 MiB").default(1024 * 1024),
    IMPORT_REFUSED_ROWS_STORED: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    // Comma-separated browser origins (scheme://host[:port]) allowed to call the API from
    // another site (CORS); empty: same-origin only, no Access-Control-Allow-Origin is sent.
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((value) => value.split(",").map((o) => o.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine(isOrigin, { message: "must be origins like https://app.example.com (scheme, host and optional port only), comma-separated" }))),
    SOCKET_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
    MAPBOX_ACCESS_TOKEN: z.string().min(1).optional(),
    // HSTS and upgrade-insecure-requests: auto sends them only to requests that came over TLS
    // (or X-Forwarded-Proto: https from a trusted proxy); always/never whatever the request.
    TLS_HEADERS: z.enum(["auto", "always", "never"]).default("auto"),
    // Prometheus (platform/metrics.ts). The api serves GET /metrics only with a token set,
    // and only to `Authorization: Bearer <token>`; each worker kind serves its own on a small
    // port of METRICS_HOST (loopback by default: off the public address), token-guarded too
    // when one is set. Port 0 lets the OS choose (two workers of a kind on one host).
    METRICS_TOKEN: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    INGEST_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9465),
    MATCHING_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9466),
    // A MapLibre style (streets, buildings, e.g. over a PMTiles file or a tile server of the
    // deployment's own) instead of the offline basemap; unset: the offline basemap.
    MAP_STYLE_URL: z.url({ error: "must be a URL of a MapLibre style JSON" }).optional(),
    // Invitations (api/commands/invitations.ts): links are PUBLIC_URL + #/invite/<token>
    // (unset: http://HOST:PORT); with SMTP_URL they are e-mailed from MAIL_FROM, without it only
    // logged at info (a developer's terminal). An invitation is void after INVITATION_TTL_DAYS.
    PUBLIC_URL: z.string().refine(isOrigin, { message: "must be the origin users open, like https://turash.example.com" }).optional(),
    SMTP_URL: urlWithScheme(["smtp", "smtps"]).optional(),
    MAIL_FROM: z.string().min(3).default("Turash <no-reply@turash.invalid>"),
    INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    // The civic dominance rule (docs/civic-disclosure.md, rule 2): a published figure's largest
    // contributor may hold at most TOP1 % of it, its two largest at most TOP2 %.
    CIVIC_DOMINANCE_TOP1_PERCENT: z.coerce.number().gt(0, "must be above 0").max(100, "must be at most 100").default(70),
    CIVIC_DOMINANCE_TOP2_PERCENT: z.coerce.number().gt(0, "must be above 0").max(100, "must be at most 100").default(85),
    // Days of kept carbon match inputs (carbon_match_days, one JSON document of every match a
    // day): the rollup writer prunes older ones, and a rebuild recomputes only this window —
    // at least the longest report period (366 days), so any report's days can be rebuilt.
    CARBON_MATCH_DAYS_RETENTION_DAYS: z.coerce.number().int().min(366, "must cover the longest report period (at least 366 days)").max(36_500).default(400),
  })
  .superRefine((env, ctx) => {
    if (env.LOGIN_LOCKOUT_MAX_SECONDS < env.LOGIN_LOCKOUT_SECONDS) {
      ctx.addIssue({ code: "custom", path: ["LOGIN_LOCKOUT_MAX_SECONDS"], message: "must not be below LOGIN_LOCKOUT_SECONDS" });
    }
    // Two contributors hold at least what the largest one does: a lower TOP2 would make TOP1 meaningless.
    if (env.CIVIC_DOMINANCE_TOP2_PERCENT < env.CIVIC_DOMINANCE_TOP1_PERCENT) {
      ctx.addIssue({ code: "custom", path: ["CIVIC_DOMINANCE_TOP2_PERCENT"], message: "must not be below CIVIC_DOMINANCE_TOP1_PERCENT" });
    }
    if (env.NODE_ENV !== "production") return;
    if (env.SMTP_URL && !env.PUBLIC_URL) ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "is required in production when SMTP_URL is set (it is the host of the links e-mailed)" });
    for (const name of Object.keys(SECRET_NAMES) as SecretName[]) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: `is required in production (it ${SECRET_NAMES[name]})` });
    }
  });

type Env = z.infer<typeof schema>;

/** The validated, frozen configuration of one process. */
export interface Config {
  readonly env: Env["NODE_ENV"];
  readonly host: string;
  readonly port: number;
  readonly logLevel: Env["LOG_LEVEL"];
  /** auto: pretty lines on a TTY outside tests, JSON otherwise (platform/logger.ts). */
  readonly logFormat: Env["LOG_FORMAT"];
  readonly dataDir: string;
  /** requestRetryMs: how long an api request retries a Neo4j transaction before answering 503. */
  readonly neo4j: { readonly url: string; readonly user: string; readonly password: string; readonly heap: string; readonly pageCache: string; readonly requestRetryMs: number };
  readonly postgres: { readonly url: string; readonly database: string };
  readonly redis: { readonly url: string; readonly prefix: string };
  /** streamReplicas: copies of each JetStream stream (NATS_STREAM_REPLICAS; >1 needs a cluster of as many nodes). */
  readonly nats: { readonly url: string; readonly streamPrefix: string; readonly streamReplicas: number };
  readonly auth: { readonly jwtSecret: string; readonly jwtTtlSeconds: number; readonly refreshTtlSeconds: number };
  readonly limits: {
    readonly login: {
      readonly maxFailuresPerAccount: number;
      readonly maxFailuresPerAddress: number;
      readonly windowSeconds: number;
      readonly lockoutSeconds: number;
      readonly lockoutMaxSeconds: number;
    };
    readonly requests: { readonly windowSeconds: number; readonly perApiKey: number; readonly perOrganization: number; readonly perAddress: number };
    /** The largest JSON request body, bytes (413 beyond). */
    readonly jsonBodyBytes: number;
    readonly imports: {
      /** The largest upload, bytes, counted as it arrives (413 beyond). */
      readonly maxBytes: number;
      /** The longest line (CSV: record) of a file; a longer one is a refused row. */
      readonly maxLineBytes: number;
      /** Refused rows kept per job with line and reason; beyond, they are only counted. */
      readonly refusedRowsStored: number;
    };
  };
  /** Key material other than the JWT secret (see platform/secrets.ts for where each comes from). */
  readonly secrets: {
    /** The current key sealing webhook secrets, then former ones still accepted for opening. */
    readonly webhookKeys: readonly [string, ...string[]];
    /** Keys opaque match ids. */
    readonly idSecret: string;
  };
  readonly map: { readonly mapboxAccessToken: string | undefined; readonly styleUrl: string | undefined };
  /** Origins other sites' browsers may call the API from (CORS_ORIGINS); empty: same-origin only. */
  readonly cors: { readonly origins: readonly string[] };
  readonly realtime: { readonly recheckSeconds: number };
  /** Invitation links and how they are sent: by SMTP when configured, else only logged. */
  readonly invitations: { readonly publicUrl: string; readonly smtpUrl: string | undefined; readonly mailFrom: string; readonly ttlSeconds: number };
  /** When HSTS and upgrade-insecure-requests are sent (TLS_HEADERS). */
  readonly http: { readonly tlsHeaders: Env["TLS_HEADERS"] };
  /** Prometheus: the api's scrape token (absent: no /metrics on the api) and the workers' metrics addresses. */
  readonly metrics: {
    readonly token: string | undefined;
    readonly host: string;
    readonly ports: { readonly ingestWorker: number; readonly matchingWorker: number };
  };
  /** The civic disclosure rule's dominance thresholds (percent; projections/civic/disclosure.ts). */
  readonly civic: { readonly dominance: { readonly top1Percent: number; readonly top2Percent: number } };
  /** Days of the carbon projection's kept match inputs (projections/carbon/service.ts). */
  readonly carbon: { readonly matchDayRetentionDays: number };
}

/** Every configuration problem found, one line each, naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === "object") deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/**
 * Parse configuration from an environment map. Secrets (JWT_SECRET, WEBHOOK_SECRET_KEY,
 * ID_SECRET) come from the environment; outside production a missing one is read from,
 * or generated once into, `<DATA_DIR>/secrets/` (platform/secrets.ts).
 * @throws ConfigError listing every invalid variable at once.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const secrets: Partial<Record<SecretName, string>> = {};
  const problems: string[] = [];
  for (const name of Object.keys(SECRET_NAMES) as SecretName[]) {
    try {
      secrets[name] = resolveSecret(name, env[name], env.DATA_DIR);
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const previousWebhookKeys = (env.WEBHOOK_SECRET_KEY_PREVIOUS ?? "").split(",").map((k) => k.trim()).filter(Boolean);
  return deepFreeze({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    dataDir: env.DATA_DIR,
    neo4j: { url: env.NEO4J_URL, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, heap: env.NEO4J_HEAP, pageCache: env.NEO4J_PAGECACHE, requestRetryMs: env.NEO4J_REQUEST_RETRY_MS },
    postgres: { url: env.DATABASE_URL, database: new URL(env.DATABASE_URL).pathname.replace(/^\//, "") || "postgres" },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX },
    nats: { url: env.NATS_URL, streamPrefix: env.NATS_STREAM_PREFIX, streamReplicas: env.NATS_STREAM_REPLICAS },
    auth: { jwtSecret: secrets.JWT_SECRET!, jwtTtlSeconds: env.JWT_TTL_SECONDS, refreshTtlSeconds: env.REFRESH_TTL_SECONDS },
    limits: {
      login: {
        maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
        lockoutSeconds: env.LOGIN_LOCKOUT_SECONDS,
        lockoutMaxSeconds: env.LOGIN_LOCKOUT_MAX_SECONDS,
      },
      requests: {
        windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
        perApiKey: env.RATE_LIMIT_PER_API_KEY,
        perOrganization: env.RATE_LIMIT_PER_ORGANIZATION,
        perAddress: env.RATE_LIMIT_PER_ADDRESS,
      },
      jsonBodyBytes: env.JSON_BODY_LIMIT_BYTES,
      imports: { maxBytes: env.IMPORT_MAX_BYTES, maxLineBytes: env.IMPORT_MAX_LINE_BYTES, refusedRowsStored: env.IMPORT_REFUSED_ROWS_STORED },
    },
    secrets: { webhookKeys: [secrets.WEBHOOK_SECRET_KEY!, ...previousWebhookKeys] as const, idSecret: secrets.ID_SECRET! },
    map: { mapboxAccessToken: env.MAPBOX_ACCESS_TOKEN, styleUrl: env.MAP_STYLE_URL },
    cors: { origins: env.CORS_ORIGINS },
    realtime: { recheckSeconds: env.SOCKET_RECHECK_SECONDS },
    invitations: {
      publicUrl: env.PUBLIC_URL ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`,
      smtpUrl: env.SMTP_URL,
      mailFrom: env.MAIL_FROM,
      ttlSeconds: env.INVITATION_TTL_DAYS * 86_400,
    },
    http: { tlsHeaders: env.TLS_HEADERS },
    metrics: {
      token: env.METRICS_TOKEN,
      host: env.METRICS_HOST,
      ports: { ingestWorker: env.INGEST_WORKER_METRICS_PORT, matchingWorker: env.MATCHING_WORKER_METRICS_PORT },
    },
    civic: { dominance: { top1Percent: env.CIVIC_DOMINANCE_TOP1_PERCENT, top2Percent: env.CIVIC_DOMINANCE_TOP2_PERCENT } },
    carbon: { matchDayRetentionDays: env.CARBON_MATCH_DAYS_RETENTION_DAYS },
  });
}

/** Variables documented in the README, in one place so the two cannot drift. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);
