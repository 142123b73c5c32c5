// Launches and the views they opened: each launch token's jti is recorded once (so a copied token cannot open a
// second view), and each view gets a credential whose hash is kept here with what it may open and until when.
// In the plugin's database, so every instance behind a load balancer sees the same launches and views.
import type { Knex } from 'knex';

export const name = '003-view-sessions';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_view_session', (t) => {
    t.string('credential_hash', 64).primary(); // sha256 (hex) of the credential; the credential itself is never stored
    t.string('kind', 20).notNullable(); // panel, follow-up, child-form
    t.string('subject_id', 100).notNullable(); // the referral or the child
    t.string('form', 20); // child-form: the one form it opens
    t.string('user_id', 200).notNullable();
    t.string('user_role', 40).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.string('closed_at', 30); // saved (child form) or handed over (the caseworker's view when the child's form starts)
    t.index(['expires_at'], 'ix_bs_view_session_expiry');
  });
  await knex.schema.createTable('bs_launch_use', (t) => {
    t.string('jti_hash', 64).primary(); // sha256 (hex) of issuer and jti
    t.string('credential_hash', 64).notNullable(); // the view the launch opened
    t.string('used_at', 30).notNullable();
    t.string('expires_at', 30).notNullable(); // kept until the token itself has expired
    t.index(['expires_at'], 'ix_bs_launch_use_expiry');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bs_launch_use');
  await knex.schema.dropTableIfExists('bs_view_session');
}
