// The reference host schema, third step: an index on a referral's received time alone. Batch scoring and the
// mapping check read a period's referrals in received order, a page at a time (keyset paging on the received
// time, then the id); without this index each page scans the whole referral table. The existing index
// (barn_id, modtaget_tid) serves one child's history, not a period. A municipality's own host tables are its
// own: adapters/README.md recommends the same index to municipal IT.
import type { Knex } from 'knex';

export const name = '004-referral-received-index';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('underretning', (t) => {
    t.index(['modtaget_tid', 'underretning_id'], 'ix_underretning_tid');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('underretning', (t) => {
    t.dropIndex(['modtaget_tid', 'underretning_id'], 'ix_underretning_tid');
  });
}
