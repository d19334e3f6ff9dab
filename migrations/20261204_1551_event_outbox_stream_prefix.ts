/**
 * The outbox row remembers the stream prefix it was queued under: a relay publishes only
 * rows of its own prefix. Without it, a relay of one prefix picked up another prefix's rows
 * (processes of several prefixes share a database in tests, or staging beside production),
 * could never publish them (no stream of its own takes that subject: 503), and — each pass
 * stopping at its first failure, oldest row first — never reached its own rows again.
 * Rows queued before this migration have no prefix; any relay may take them (one prefix
 * per deployment until now).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("event_outbox", (t) => {
    t.text("stream_prefix");
    t.index(["stream_prefix", "id"], "event_outbox_stream_prefix_id");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("event_outbox", (t) => {
    t.dropIndex(["stream_prefix", "id"], "event_outbox_stream_prefix_id");
    t.dropColumn("stream_prefix");
  });
}
