/**
 * `npm run secrets:reseal`: re-seal every webhook endpoint's signing secret under the current
 * WEBHOOK_SECRET_KEY — the step of a key rotation after which WEBHOOK_SECRET_KEY_PREVIOUS can
 * be emptied (README, "Rotating the webhook key"). Exit code 1 when some secret opens with no
 * key of the ring: those endpoints must be re-created (their partners get a new secret).
 */
import { loadConfig } from "../platform/config.ts";
import { connectDatabase } from "../platform/connect/postgres.ts";
import { resealWebhookSecrets } from "../ledgers/webhook-endpoints.ts";
import { runCommand } from "../platform/run-command.ts";

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await connectDatabase(config.postgres.url);
  try {
    const report = await resealWebhookSecrets(db.knex, config.secrets.webhookKeys);
    console.log(`webhook secrets: ${report.resealed} re-sealed under the current key, ${report.current} already were, ${report.unreadable.length} unreadable`);
    for (const id of report.unreadable) console.log(`  endpoint ${id}: no key of the ring opens it; revoke it and create a new one`);
    return report.unreadable.length > 0 ? 1 : 0;
  } finally {
    await db.knex.destroy();
  }
}

runCommand(import.meta, main);
