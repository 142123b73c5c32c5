// A small seeded reference database in a temporary SQLite file, shared by the adapter tests of one run
// (seeding takes well under a second at this size).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../adapters/database-config';
import { seedReferenceDatabase, type SeedResult } from '../../adapters/reference-schema/seed-database';

export const SMALL_SEED = { seed: 424242, referrals: 600 } as const;

export function tempSqliteFile(prefix = 'bs-db-'): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), prefix)), 'host.sqlite');
}

let shared: Promise<{ file: string; seeded: SeedResult }> | null = null;

/** The shared small database (seeded once per test run); open your own knex on `file`. */
export function sharedSeededDatabase(): Promise<{ file: string; seeded: SeedResult }> {
  shared ??= (async () => {
    const file = tempSqliteFile();
    const db = openDatabase({ client: 'better-sqlite3', connection: { filename: file } }, { create: true });
    try {
      const seeded = await seedReferenceDatabase(db, SMALL_SEED);
      return { file, seeded };
    } finally {
      await db.destroy();
    }
  })();
  return shared;
}

export function openSqlite(file: string): Knex {
  return openDatabase({ client: 'better-sqlite3', connection: { filename: file } }, { create: true });
}
