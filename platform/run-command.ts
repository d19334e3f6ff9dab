/** How every command line entry point ends: known failures are one line and exit code 1, never a stack trace. */
import { ConfigError } from "./config.ts";
import { ServiceUnavailableError } from "./infra-errors.ts";

/** Run a command's main when the file is the entry point; known failures are one line, exit code 1. */
export function runCommand(meta: ImportMeta, main: () => Promise<number | void>): void {
  if (meta.url !== `file://${process.argv[1]}`) return;
  main()
    .then((code) => process.exit(code ?? 0))
    .catch((error: unknown) => {
      const known = error instanceof ConfigError || error instanceof ServiceUnavailableError || error instanceof AggregateError;
      console.error(known ? (error as Error).message : `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    });
}

/** Elapsed seconds since `started` (a performance.now() value), one decimal. */
export const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(1);
