// A fresh plugin database in a temporary SQLite file with the panel's and the follow-up report's tables.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrateFollowUpTables } from '../../plugin/storage/follow-up/follow-up-database';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';

export async function freshPluginDatabase(): Promise<Knex> {
  const filename = path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-fu-')), 'plugin.sqlite');
  const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename } });
  await migratePluginDatabase(db);
  await migrateFollowUpTables(db);
  return db;
}
