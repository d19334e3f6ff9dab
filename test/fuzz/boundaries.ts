/** The fuzzed boundaries, run one after another against one target; shared by `npm run fuzz` and the test. */
import { fuzzImports } from "./imports.ts";
import { fuzzRest } from "./rest.ts";
import { fuzzSocket } from "./socket.ts";
import { fuzzWebhooks } from "./webhooks.ts";
import { startFuzzTarget, type Failure, type FuzzTarget, type Tally } from "./target.ts";

const BOUNDARIES: Readonly<Record<string, (target: FuzzTarget, seed: number, runs: number) => Promise<Tally>>> = {
  rest: fuzzRest,
  imports: fuzzImports,
  webhooks: fuzzWebhooks,
  socket: fuzzSocket,
};

/** One boundary's outcome. */
export interface BoundaryResult {
  readonly name: string;
  readonly inputs: number;
  readonly serverErrors: number;
  readonly seconds: number;
  readonly statusCounts: Record<string, Record<string, number>>;
  readonly failures: Failure[];
}

/** Run the boundaries (all, or those named in `only`), `runs` inputs each. */
export async function runBoundaries(seed: number, runs: number, only?: readonly string[], progress?: (name: string, ms: number) => void) {
  const target = await startFuzzTarget();
  const boundaries: BoundaryResult[] = [];
  try {
    for (const [name, fuzz] of Object.entries(BOUNDARIES)) {
      if (only && !only.includes(name)) continue;
      const t0 = Date.now();
      const tally = await fuzz(target, seed, runs);
      const ms = Date.now() - t0;
      progress?.(name, ms);
      boundaries.push({ name, inputs: tally.inputs, serverErrors: tally.serverErrors, seconds: Math.round(ms / 100) / 10, statusCounts: tally.routes, failures: tally.failures });
    }
  } finally {
    await target.stop();
  }
  return {
    boundaries,
    totalInputs: boundaries.reduce((n, b) => n + b.inputs, 0),
    total5xx: boundaries.reduce((n, b) => n + b.serverErrors, 0),
    totalFailures: boundaries.reduce((n, b) => n + b.failures.length, 0),
  };
}
