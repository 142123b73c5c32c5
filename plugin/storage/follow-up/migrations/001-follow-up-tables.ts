// The follow-up report's own tables in the plugin database (never the host's): measurements the host does not
// hold (SDQ, ORS/CORS, Trivselslineal ratings entered through the plugin), the goals agreed for each child and
// their attainment, the follow-up schedule, and the reports filed to the journal. Append-only: a correction is
// a new row, so nothing stored is ever lost. Dates are ISO text (sortable on every database); values are JSON
// text (nvarchar(max) on SQL Server). Same migration on SQLite and SQL Server.
import type { Knex } from 'knex';

export const name = '001-follow-up-tables';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bs_fu_measurement', (t) => {
    t.bigIncrements('measurement_id').primary();
    t.string('child_id', 100).notNullable();
    t.string('measured_on', 10).notNullable(); // the day the form was filled in
    t.string('instrument', 20).notNullable(); // SDQ, ORS (ORS or CORS by age), TRIVSELSLINEAL
    t.string('respondent', 20).notNullable(); // child, parent, teacher, caseworker
    t.string('area', 40); // the Trivselslineal area; null for the other instruments
    t.text('values_json').notNullable(); // item responses as entered, checked against the instrument's schema
    t.string('entered_by', 200).notNullable();
    t.string('entered_at', 30).notNullable();
    t.string('source', 20).notNullable(); // entry, import, demo-seed
    t.index(['child_id', 'measured_on'], 'ix_bs_fu_measurement_child');
  });
  await knex.schema.createTable('bs_fu_goal', (t) => {
    t.bigIncrements('goal_id').primary();
    t.string('child_id', 100).notNullable();
    t.string('description', 500).notNullable(); // the caseworker's words: shown, never logged
    t.integer('weight').notNullable().defaultTo(1);
    t.string('agreed_on', 10).notNullable();
    t.string('created_by', 200).notNullable();
    t.string('created_at', 30).notNullable();
    t.index(['child_id'], 'ix_bs_fu_goal_child');
  });
  await knex.schema.createTable('bs_fu_goal_rating', (t) => {
    t.bigIncrements('rating_id').primary();
    t.bigInteger('goal_id').notNullable().references('goal_id').inTable('bs_fu_goal');
    t.string('child_id', 100).notNullable();
    t.string('rated_on', 10).notNullable();
    t.integer('score').notNullable(); // −2 … +2
    t.string('entered_by', 200).notNullable();
    t.string('entered_at', 30).notNullable();
    t.index(['child_id', 'rated_on'], 'ix_bs_fu_goal_rating_child');
  });
  await knex.schema.createTable('bs_fu_schedule', (t) => {
    t.bigIncrements('schedule_id').primary();
    t.string('child_id', 100).notNullable();
    t.integer('times_per_year').notNullable(); // 2–4
    t.string('start_date', 10).notNullable();
    t.string('set_by', 200).notNullable();
    t.string('set_at', 30).notNullable(); // the newest row per child is the schedule in force
    t.index(['child_id', 'set_at'], 'ix_bs_fu_schedule_child');
  });
  await knex.schema.createTable('bs_fu_report_filed', (t) => {
    t.bigIncrements('filed_id').primary();
    t.string('child_id', 100).notNullable();
    t.string('period_from', 10).notNullable();
    t.string('period_to', 10).notNullable();
    t.string('filed_on', 10).notNullable();
    t.string('filed_by', 200).notNullable();
    t.string('format', 10).notNullable(); // pdf, html
    t.index(['child_id', 'filed_on'], 'ix_bs_fu_report_child');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['bs_fu_report_filed', 'bs_fu_schedule', 'bs_fu_goal_rating', 'bs_fu_goal', 'bs_fu_measurement']) {
    await knex.schema.dropTableIfExists(table);
  }
}
