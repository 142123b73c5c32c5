// The reference schema's migrations as a knex migration source: the modules are imported here, not found on
// disk at run time, so migrating works the same from the CLI, the seed and the tests.
import type { Knex } from 'knex';
import * as hostSchema from './migrations/001-reference-host-schema';
import * as codeValues from './migrations/002-code-values';
import * as measureLawAndAbsence from './migrations/003-measure-law-and-school-absence';
import * as referralReceivedIndex from './migrations/004-referral-received-index';

const MIGRATIONS = [hostSchema, codeValues, measureLawAndAbsence, referralReceivedIndex];

type Migration = (typeof MIGRATIONS)[number];

export const referenceSchemaMigrations: Knex.MigrationSource<Migration> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/** Brings the database to the newest reference schema. */
export async function migrateReferenceSchema(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource: referenceSchemaMigrations, tableName: 'knex_migrations_reference' });
}
