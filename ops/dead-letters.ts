/**
 * `npm run dlq -- list [--source S] [--reason TEXT]`: the dead letters, with their reason.
 * `npm run dlq -- replay [--source S] [--reason TEXT] [--limit N]`: publish them to their
 * original subjects again (after fixing the cause) and remove them from the stream.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { eventNames } from "../events/streams.ts";
import { listDeadLetters, replayDeadLetters } from "../events/dead-letters.ts";
import { openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { source: { type: "string" }, reason: { type: "string" }, limit: { type: "string" } },
  });
  const action = positionals[0];
  if (action !== "list" && action !== "replay") {
    console.error("usage: npm run dlq -- list|replay [--source ingest-raw|ingest-validated|flows-changed|…] [--reason TEXT] [--limit N]");
    return 2;
  }
  const config = loadConfig();
  const names = eventNames(config.nats.streamPrefix);
  const c = await openDataStores(config, "turash-dlq");
  try {
    const letters = await listDeadLetters(c.nats, names, { source: values.source, reasonContains: values.reason, limit: values.limit ? Number(values.limit) : undefined });
    if (action === "list") {
      for (const { sequence, source, letter } of letters) console.log(`#${sequence} ${source} ${letter.at} (${letter.deliveries} deliveries): ${letter.reason}`);
      console.log(`${letters.length} dead letter(s)`);
      return 0;
    }
    const { replayed, failed } = await replayDeadLetters(c.nats, names, letters);
    console.log(`replayed ${replayed} of ${letters.length} dead letter(s)`);
    for (const f of failed) console.log(`  #${f.sequence} stays: ${f.reason}`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    await closeConnections(c);
  }
}

runCommand(import.meta, main);
