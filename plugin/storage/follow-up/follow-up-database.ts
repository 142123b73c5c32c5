// Migrations of the follow-up report's tables, kept in their own migration list and knex bookkeeping table
// (bs_fu_knex_migrations) so they run beside the panel's migrations on the same plugin database without
// either list knowing the other. The plugin database itself is opened by plugin/storage/plugin-database.ts.
import type { Knex } from 'knex';
import * as followUpTables from './migrations/001-follow-up-tables';
import * as accessLog from './migrations/002-follow-up-access-log';

const MIGRATIONS = [followUpTables, accessLog];
type Migration = (typeof MIGRATIONS)[number];

const followUpMigrations: Knex.MigrationSource<Migration> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

export const FOLLOW_UP_MIGRATIONS_TABLE = 'bs_fu_knex_migrations';

/** Brings the follow-up tables to the newest version (safe from several instances: knex locks). */
export async function migrateFollowUpTables(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: followUpMigrations, tableName: FOLLOW_UP_MIGRATIONS_TABLE });
}
