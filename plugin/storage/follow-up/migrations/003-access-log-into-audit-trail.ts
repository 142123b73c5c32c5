// The follow-up report's access log joins the one audit trail: its rows are copied into bs_audit_event
// (extension point follow-up-report, keyed by child_id, same views and outcomes) and bs_fu_access is dropped, so
// one writer (plugin/storage/audit-repository.ts) records every view and `audit --child` answers for children.
// Runs after the panel's migrations (followUpDeps migrates those first), which give bs_audit_event its child_id.
import type { Knex } from 'knex';

export const name = '003-access-log-into-audit-trail';

export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('bs_fu_access'))) return;
  await knex.into(
    knex.raw('?? (??, ??, ??, ??, ??, ??, ??, ??, ??)', ['bs_audit_event', 'occurred_at', 'request_id', 'user_id', 'user_role', 'extension_point', 'view', 'child_id', 'outcome', 'code']),
  ).insert(
    knex('bs_fu_access')
      .select('occurred_at', 'request_id', 'user_id', 'user_role', knex.raw('? as extension_point', ['follow-up-report']), 'view', 'child_id', 'outcome', 'code')
      .orderBy('access_id'),
  );
  await knex.schema.dropTable('bs_fu_access');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_fu_access', (t) => {
    t.bigIncrements('access_id').primary();
    t.string('occurred_at', 30).notNullable();
    t.string('request_id', 64).notNullable();
    t.string('user_id', 200);
    t.string('user_role', 40);
    t.string('child_id', 100).notNullable();
    t.string('view', 20).notNullable();
    t.string('outcome', 20).notNullable();
    t.string('code', 60);
    t.index(['child_id', 'occurred_at'], 'ix_bs_fu_access_child');
  });
}
