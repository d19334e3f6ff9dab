/**
 * Prometheus metrics of a Turash process, one registry per process (per app in tests).
 * The names live here, once: the code registers them from {@link METRIC}, and the Grafana
 * dashboard (ops/grafana/turash.json) is checked to read only names registered here.
 *
 * Which process exposes what (each scraped separately, `instance` tells them apart):
 * - the api: HTTP latency per route pattern, match latency and cache lookups of the match
 *   reads it serves, and — read from NATS on each scrape — consumer lag per durable and
 *   dead letters per source (the same figures whichever process reads them);
 * - the matching worker: match latency and cache of its recomputations, the NATS figures;
 * - the ingest worker: process figures and the NATS figures.
 */
import { timingSafeEqual } from "node:crypto";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Every Turash-specific metric name. */
export const METRIC = Object.freeze({
  httpDuration: "http_request_duration_seconds",
  matchDuration: "turash_match_duration_seconds",
  cacheLookups: "turash_match_cache_lookups_total",
  consumerPending: "turash_consumer_pending_messages",
  consumerAckPending: "turash_consumer_ack_pending_messages",
  deadLetters: "turash_dead_letters",
});

/** One durable consumer's backlog, from its consumer info. */
export interface ConsumerLag {
  readonly stream: string;
  readonly durable: string;
  /** Messages not yet delivered (num_pending). */
  readonly pending: number;
  /** Delivered, not yet acknowledged (num_ack_pending). */
  readonly ackPending: number;
}

/** Dead letters kept, per source (the dead-letter subject's last token). */
export interface DeadLetterCount {
  readonly source: string;
  readonly count: number;
}

/** Where gauges read the queue figures on each scrape; a failed read leaves them empty. */
export interface QueueFigures {
  consumerLag(): Promise<readonly ConsumerLag[]>;
  deadLetters(): Promise<readonly DeadLetterCount[]>;
}

/** What the match service reports (match-service/service.ts). */
export interface MatchMetrics {
  /** A cached result was looked up: found or not. */
  cacheLookup(hit: boolean): void;
  /** A match read or recomputation took `seconds`, answered from the cache or computed. */
  observe(result: "cached" | "computed", seconds: number): void;
}

/** A process's registry and the instruments code reports to. */
export interface ProcessMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<"method" | "route" | "status">;
  readonly match: MatchMetrics;
}

/**
 * Create the registry: process defaults, every {@link METRIC}, and the queue gauges reading
 * `queues` on each scrape (absent: no queue figures).
 */
export function createProcessMetrics(queues?: QueueFigures): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const httpDuration = new Histogram({
    name: METRIC.httpDuration,
    help: "HTTP request duration by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const matchDuration = new Histogram({
    name: METRIC.matchDuration,
    help: "Time to answer a flow's matches, from the cache or computed (prefilter, context, score, persist)",
    labelNames: ["result"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const cacheLookups = new Counter({
    name: METRIC.cacheLookups,
    help: "Lookups of a flow's cached matches, by result (hit or miss)",
    labelNames: ["result"] as const,
    registers,
  });
  // One read per scrape serves both consumer gauges (prom-client collects each gauge on its
  // own); a failed read (NATS away) leaves them empty rather than failing the scrape.
  let lag: Promise<readonly ConsumerLag[]> | undefined;
  const readLag = () => (lag ??= (queues?.consumerLag() ?? Promise.resolve([])).catch(() => []).finally(() => setTimeout(() => (lag = undefined), 0)));
  const lagGauge = (name: string, help: string, figure: (c: ConsumerLag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["stream", "durable"] as const,
      registers,
      async collect() {
        this.reset();
        if (queues) for (const c of await readLag()) this.set({ stream: c.stream, durable: c.durable }, figure(c));
      },
    });
  lagGauge(METRIC.consumerPending, "Messages a durable consumer has not been delivered yet (num_pending)", (c) => c.pending);
  lagGauge(METRIC.consumerAckPending, "Messages delivered to a durable consumer and not acknowledged yet", (c) => c.ackPending);
  new Gauge({
    name: METRIC.deadLetters,
    help: "Dead letters kept in the dead-letter stream, by source",
    labelNames: ["source"] as const,
    registers,
    async collect() {
      this.reset();
      if (queues) for (const d of await queues.deadLetters().catch(() => [])) this.set({ source: d.source }, d.count);
    },
  });
  return {
    registry,
    httpDuration,
    match: {
      cacheLookup: (hit) => cacheLookups.inc({ result: hit ? "hit" : "miss" }),
      observe: (result, seconds) => matchDuration.observe({ result }, seconds),
    },
  };
}

/** True when no token is asked for, or `authorization` is `Bearer <token>` (compared in constant time). */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
