/**
 * The transactional outbox (issue 16): an event a write announces is a row here, written
 * in the same PostgreSQL transaction as the write's index rows and audit entries, so a
 * write that committed always has its event — even while NATS is away. A relay
 * (events/outbox.ts) publishes the rows to JetStream and deletes them once acknowledged;
 * the message id makes a row published twice (fast path and relay) one message.
 * `kind` 'entity': `payload` is an EntityChanged (subject and message id follow from it);
 * 'message': published as is on `subject` with `message_id`.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("event_outbox", (t) => {
    t.bigIncrements("id").primary();
    t.text("kind").notNullable();
    t.text("subject");
    t.jsonb("payload").notNullable();
    t.text("message_id");
    t.text("request_id");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw("alter table event_outbox add constraint event_outbox_kind check (kind in ('entity', 'message'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("event_outbox");
}
