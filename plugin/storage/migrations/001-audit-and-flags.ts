// The plugin's own tables (never the host's): the audit trail of every panel served or refused, and the data
// lines a caseworker or family flagged as wrong. Same migration on SQLite (embedded) and SQL Server.
import type { Knex } from 'knex';

export const name = '001-audit-and-flags';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_audit_event', (t) => {
    t.bigIncrements('audit_id').primary();
    t.string('occurred_at', 30).notNullable(); // ISO instant (UTC), sortable as text on every database
    t.string('request_id', 64).notNullable();
    t.string('user_id', 200);
    t.string('user_role', 40);
    t.string('extension_point', 40).notNullable();
    t.string('view', 20).notNullable(); // fragment, page, print, json
    t.string('referral_id', 100);
    t.string('model_id', 80);
    t.string('model_version', 40);
    t.integer('score');
    t.string('outcome', 20).notNullable(); // shown, no-score, refused
    t.string('code', 60); // the state or error code when not shown
    t.index(['referral_id', 'occurred_at'], 'ix_bs_audit_referral');
  });
  await knex.schema.createTable('bs_data_flag', (t) => {
    t.bigIncrements('flag_id').primary();
    t.string('referral_id', 100).notNullable();
    t.string('feature', 64).notNullable();
    t.string('flagged_by', 200).notNullable();
    t.string('flagged_by_role', 40).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('comment', 2000).notNullable();
    t.index(['referral_id'], 'ix_bs_data_flag_referral');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bs_data_flag');
  await knex.schema.dropTableIfExists('bs_audit_event');
}
