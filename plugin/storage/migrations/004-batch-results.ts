// Batch scoring's own tables (never the host's): one row per referral and model version, which is also the
// claim a run takes before it scores (so two instances, or a run restarted after a crash, never score the same
// referral twice), and one row per batch run. Batch scores are for the municipality's own validation only and
// are never shown to anyone. Same migration on SQLite (embedded) and SQL Server.
import type { Knex } from 'knex';

export const name = '004-batch-results';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_batch_result', (t) => {
    t.string('referral_id', 100).notNullable();
    t.string('model_id', 80).notNullable();
    t.string('model_version', 40).notNullable();
    t.string('status', 10).notNullable(); // claimed, scored, refused
    t.string('run_id', 64).notNullable(); // the run that claimed (and, once done, scored) it
    t.string('claimed_until', 30).notNullable(); // ISO instant: after it, an unfinished claim may be taken over
    t.string('received_at', 30); // ISO instant, from the host when scored
    t.double('probability');
    t.integer('score');
    t.string('age_band', 40);
    t.string('features_digest', 64); // SHA-256 of the feature values the score rests on
    t.text('explanation'); // JSON: additive space, base value and every feature's value and contribution
    t.string('refusal_codes', 400); // why the referral could not be scored (status refused)
    t.string('scored_at', 30);
    t.primary(['referral_id', 'model_id', 'model_version']);
    t.index(['model_id', 'model_version', 'received_at'], 'ix_bs_batch_result_received');
  });
  await knex.schema.createTable('bs_batch_run', (t) => {
    t.string('run_id', 64).primary();
    t.string('started_at', 30).notNullable();
    t.string('finished_at', 30);
    t.string('period_from', 10).notNullable();
    t.string('period_to', 10).notNullable();
    t.string('model_id', 80).notNullable();
    t.string('model_version', 40).notNullable();
    t.integer('scored').notNullable().defaultTo(0);
    t.integer('refused').notNullable().defaultTo(0);
    t.integer('skipped').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bs_batch_run');
  await knex.schema.dropTableIfExists('bs_batch_result');
}
