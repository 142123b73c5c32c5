// The period a run covered, in the audit trail: a batch or validation run names the first and last day of the
// referrals it read (YYYY-MM-DD), so `audit --runs` says who made which report, over which period, with which model.
// Null for every record about one referral or one child. Additive: older rows keep null.
import type { Knex } from 'knex';

export const name = '006-audit-run-period';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.string('period_from', 10);
    t.string('period_to', 10);
  });
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.index(['extension_point', 'occurred_at'], 'ix_bs_audit_extension');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.dropIndex(['extension_point', 'occurred_at'], 'ix_bs_audit_extension');
  });
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.dropColumn('period_to');
    t.dropColumn('period_from');
  });
}
