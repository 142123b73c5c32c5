// Migrations of the follow-up report's tables, kept in their own migration list and knex bookkeeping table
// (bs_fu_knex_migrations) so they run beside the panel's migrations on the same plugin database without
// either list knowing the other. The plugin database itself is opened by plugin/storage/plugin-database.ts.
import type { Knex } from 'knex';
import { migratePluginDatabase } from '../plugin-database';
import * as followUpTables from './migrations/001-follow-up-tables';
import * as accessLog from './migrations/002-follow-up-access-log';
import * as accessLogIntoAuditTrail from './migrations/003-access-log-into-audit-trail';
import * as filing from './migrations/004-follow-up-filing';

const MIGRATIONS = [followUpTables, accessLog, accessLogIntoAuditTrail, filing];
type Migration = (typeof MIGRATIONS)[number];

const followUpMigrations: Knex.MigrationSource<Migration> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

export const FOLLOW_UP_MIGRATIONS_TABLE = 'bs_fu_knex_migrations';

/** Brings the follow-up tables to the newest version (safe from several instances: knex locks). */
export async function migrateFollowUpTables(db: Knex): Promise<void> {
  // The access log moves into the panel's audit table (003): that table's migrations go first.
  await migratePluginDatabase(db);
  await db.migrate.latest({ migrationSource: followUpMigrations, tableName: FOLLOW_UP_MIGRATIONS_TABLE });
}
