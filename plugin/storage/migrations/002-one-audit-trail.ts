// One audit trail for everything a person sees or writes through the plugin: the risk panel (keyed by
// referral) and the follow-up report (keyed by child) share bs_audit_event. A score shown in a panel's timeline
// (an earlier referral of the same child) has a row of its own, keyed by that referral, with the referral whose
// panel was opened in panel_referral_id, so `audit --referral` finds every time a referral's score was seen.
import type { Knex } from 'knex';

export const name = '002-one-audit-trail';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.string('child_id', 100); // the follow-up report's subject; null for the risk panel
    t.string('panel_referral_id', 100); // the referral whose panel showed this row's score (null: its own panel)
  });
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.index(['child_id', 'occurred_at'], 'ix_bs_audit_child');
    t.index(['occurred_at'], 'ix_bs_audit_occurred'); // retention: records older than the configured days go
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.dropIndex(['occurred_at'], 'ix_bs_audit_occurred');
    t.dropIndex(['child_id', 'occurred_at'], 'ix_bs_audit_child');
  });
  await knex.schema.alterTable('bs_audit_event', (t) => {
    t.dropColumn('panel_referral_id');
    t.dropColumn('child_id');
  });
}
