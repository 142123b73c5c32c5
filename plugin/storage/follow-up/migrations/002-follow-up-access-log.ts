// Who opened or wrote which child's follow-up report, when (the data are special categories under GDPR art. 9:
// access is logged). The panel's audit table is keyed by referral; the follow-up report is keyed by child.
import type { Knex } from 'knex';

export const name = '002-follow-up-access-log';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_fu_access', (t) => {
    t.bigIncrements('access_id').primary();
    t.string('occurred_at', 30).notNullable();
    t.string('request_id', 64).notNullable();
    t.string('user_id', 200);
    t.string('user_role', 40);
    t.string('child_id', 100).notNullable();
    t.string('view', 20).notNullable(); // page, pdf, json, form, entry
    t.string('outcome', 20).notNullable(); // shown, stored, refused
    t.string('code', 60);
    t.index(['child_id', 'occurred_at'], 'ix_bs_fu_access_child');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bs_fu_access');
}
