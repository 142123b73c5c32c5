// The plugin's own database: audit trail, data flags, launches and views. Embedded default is a SQLite file of its own
// (var/beslutningsstotte-plugin.sqlite) in WAL mode with synchronous=FULL, so an audit record is on disk before
// the panel leaves; production is SQL Server. The host database is only ever read; this one is written.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { knexConfig, type DatabaseConfig } from '../../adapters/database-config';
import { cacheStatements } from '../../adapters/sqlite-statement-cache';
import { PRODUCT_ROOT } from '../product-paths';
import * as auditAndFlags from './migrations/001-audit-and-flags';
import * as oneAuditTrail from './migrations/002-one-audit-trail';
import * as viewSessions from './migrations/003-view-sessions';
import * as batchResults from './migrations/004-batch-results';
import * as deliveryOutbox from './migrations/005-delivery-outbox';
import * as auditRunPeriod from './migrations/006-audit-run-period';

export const DEFAULT_PLUGIN_SQLITE_FILE = path.join(PRODUCT_ROOT, 'var', 'beslutningsstotte-plugin.sqlite');

export const DEFAULT_PLUGIN_DATABASE_CONFIG: DatabaseConfig = {
  client: 'better-sqlite3',
  connection: { filename: DEFAULT_PLUGIN_SQLITE_FILE },
};

const MIGRATIONS = [auditAndFlags, oneAuditTrail, viewSessions, batchResults, deliveryOutbox, auditRunPeriod];
type Migration = (typeof MIGRATIONS)[number];

const pluginMigrations: Knex.MigrationSource<Migration> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

interface SqliteHandle {
  pragma(source: string): unknown;
  prepare(sql: string): { readonly reader: boolean };
}

/** Opens the plugin database; SQLite connections get WAL, synchronous=FULL and a busy timeout. */
export function openPluginDatabase(config: DatabaseConfig = DEFAULT_PLUGIN_DATABASE_CONFIG): Knex {
  const settings = knexConfig(config);
  if (settings.client === 'better-sqlite3') {
    mkdirSync(path.dirname((settings.connection as { filename: string }).filename), { recursive: true });
    return knexFactory({
      ...settings,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: SqliteHandle, done: (err: Error | null, conn: SqliteHandle) => void) => {
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = FULL');
          conn.pragma('busy_timeout = 5000');
          // Batch scoring writes the same few statements chunk after chunk: each is prepared once.
          done(null, cacheStatements(conn, { writes: true }));
        },
      },
    });
  }
  return knexFactory(settings);
}

/** Brings the plugin's tables to the newest version (safe to run from several instances: knex locks). */
export async function migratePluginDatabase(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: pluginMigrations, tableName: 'bs_knex_migrations' });
}
