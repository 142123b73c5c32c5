// The reference host schema, second step: each measure records the law it was granted under (as DUBU-like
// systems hold it beside the § code), and the school absence the municipality receives from its schools,
// one row per child and month. Both are read by the follow-up report through the mapping's followUp part.
import type { Knex } from 'knex';

export const name = '003-measure-law-and-school-absence';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('foranstaltning', (t) => {
    t.string('lov', 10); // SEL (Serviceloven) or BL (Barnets Lov): the law of the decision; empty when not recorded
  });
  await knex.schema.createTable('skolefravaer', (t) => {
    t.integer('fravaer_id').primary();
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.date('periode_start').notNullable();
    t.date('periode_slut').notNullable();
    t.decimal('fravaer_pct', 5, 1).notNullable(); // absence in per cent of the period's school days, 0–100
    t.index(['barn_id', 'periode_slut'], 'ix_skolefravaer_barn_dato');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('skolefravaer');
  await knex.schema.alterTable('foranstaltning', (t) => {
    t.dropColumn('lov');
  });
}
