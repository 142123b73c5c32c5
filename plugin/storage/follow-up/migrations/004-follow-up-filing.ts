// Filed follow-up reports: filing is the caseworker's decision (never a side effect of printing), one record per
// child and period. The unique index makes a second filing of the same period, from any instance, find the
// first. Each record carries what the journal entry names (municipality, case number, who filed, when). What is
// delivered where (journal, mail, SharePoint) is written by the filing's handlers in the same transaction, in
// tables of their own, keyed by filing_id. The older bs_fu_report_filed rows (written as a side effect of a PDF
// download before this table) still count for the due list, and are never shown as a filing.
import type { Knex } from 'knex';

export const name = '004-follow-up-filing';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_fu_filing', (t) => {
    t.bigIncrements('filing_id').primary();
    t.string('child_id', 100).notNullable();
    t.string('period_from', 10).notNullable();
    t.string('period_to', 10).notNullable();
    t.string('filed_at', 30).notNullable(); // ISO instant (UTC)
    t.string('filed_on', 10).notNullable(); // the municipality's day of filing: the next follow-up counts from it
    t.string('filed_by', 200).notNullable();
    t.string('filed_by_role', 40).notNullable();
    t.string('case_number', 100); // null: the host has none for the child (the PDF says so)
    t.string('municipality', 100); // null: the mapping names none
    t.unique(['child_id', 'period_from', 'period_to'], { indexName: 'ux_bs_fu_filing_child_period' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bs_fu_filing');
}
