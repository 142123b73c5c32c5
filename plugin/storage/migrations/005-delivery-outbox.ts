// The delivery outbox (issue 17): one row per delivery of a filed follow-up report through Microsoft Graph (a
// mail, an upload, a calendar reconciliation), written in the filing's own transaction before anything is sent.
// A worker claims a due row with a conditional UPDATE (claimed_by, lease_until), so of several instances on one
// database only one wins it, and a row whose lease ran out (its worker died) is taken over. The row holds a
// reference to what is delivered (filing, child, period), never the report's content. Beside it: the one
// calendar event per child that the reconciliation keeps in step (Graph's event id, the due date it shows).
// Same migration on SQLite (embedded) and SQL Server; instants are ISO strings, as in the other plugin tables.
import type { Knex } from 'knex';

export const name = '005-delivery-outbox';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_delivery_outbox', (t) => {
    t.bigIncrements('delivery_id');
    t.string('kind', 20).notNullable(); // mail, upload, calendar
    t.string('municipality', 100).notNullable(); // whose delivery configuration applies
    t.string('filing_id', 64); // the filing it belongs to (null for a calendar change from the schedule)
    t.string('child_id', 100).notNullable();
    t.text('payload_ref').notNullable(); // JSON: what to deliver and where (ids, period, recipient, folder); no report content
    t.string('status', 12).notNullable(); // pending, in-progress, delivered, failed, cancelled
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 30).notNullable();
    t.string('claimed_by', 100);
    t.string('lease_until', 30);
    t.string('last_error', 1000);
    t.string('graph_result_id', 400); // message, drive item or event id; for a large mail, the draft id while in progress
    t.string('created_at', 30).notNullable();
    t.string('first_attempt_at', 30);
    t.string('delivered_at', 30);
    t.index(['status', 'next_attempt_at'], 'ix_bs_delivery_outbox_due');
    t.index(['status', 'lease_until'], 'ix_bs_delivery_outbox_lease');
    t.index(['filing_id', 'kind'], 'ix_bs_delivery_outbox_filing'); // not unique: SQL Server would allow one null only
  });
  await knex.schema.createTable('bs_delivery_calendar', (t) => {
    t.string('child_id', 100).primary();
    t.string('municipality', 100).notNullable();
    t.string('caseworker_address', 320); // whose calendar holds the event
    t.string('due_on', 10); // the next follow-up's date as wanted; null when the child has left care
    t.string('state', 10).notNullable(); // active, removed
    t.integer('generation').notNullable().defaultTo(1); // a new event after a removal gets a new transactionId
    t.string('event_id', 400); // Graph's id of the event, once created
    t.string('event_mailbox', 320); // the calendar the event was created in
    t.string('event_due_on', 10); // the date the event shows now
    t.string('updated_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bs_delivery_calendar');
  await knex.schema.dropTableIfExists('bs_delivery_outbox');
}
