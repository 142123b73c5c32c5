// Fills a database of the reference host schema with a synthetic municipality: generates the population
// (plugin/synthetic), turns it into host rows (./host-records) and inserts them in batches, one transaction
// per table. Reports progress through a callback, so the command line can draw a bar and tests stay quiet.
import type { Knex } from 'knex';
import { generateSyntheticPopulation, type SyntheticPopulation } from '../../plugin/synthetic/referral-generator';
import { hostRecordsFromPopulation, TABLE_ORDER, type HostRecords } from './host-records';
import { migrateReferenceSchema } from './migration-source';
import { isRealIsoDate } from '../point-in-time';

export interface SeedOptions {
  readonly seed: number;
  /** Referrals in the eight-year window (history before it comes on top). */
  readonly referrals: number;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  /**
   * The day the database is seeded (the demo's today): the eight years end on it and it is the extraction date,
   * so the children in care, their measures, ratings and absence are those of today. Omitted: SEED_WINDOW
   * (or windowStart/windowEnd), the fixed window the tests and the adapters' agreement checks use.
   */
  readonly today?: string;
  readonly onProgress?: (done: number, total: number, table: string) => void;
}

/** Eight years that straddle the change of law on 1 January 2024. */
export const SEED_WINDOW = { start: '2017-01-01', end: '2025-01-01' } as const;
export const DEFAULT_SEED = 20240101;
export const DEFAULT_SEED_REFERRALS = 50_000;

/** Bound values per statement: SQLite accepts up to 32,766, SQL Server 2,100. */
const maxBindings = (db: Knex) => ((db.client.config as { client?: unknown }).client === 'mssql' ? 2_000 : 30_000);
/** knex writes a multi-row insert on SQLite as a compound SELECT, which SQLite caps at 500 terms. */
const MAX_COMPOUND_ROWS = 500;

export interface SeedResult {
  readonly population: SyntheticPopulation;
  readonly records: HostRecords;
  readonly rowCounts: Record<string, number>;
}

/** The eight years up to `today` (the window's end is exclusive: referrals up to the day before). */
export function windowEndingOn(today: string): { start: string; end: string } {
  if (!isRealIsoDate(today)) throw new RangeError(`today must be an ISO date, got "${today}"`);
  const year = Number(today.slice(0, 4)) - 8;
  // 29 February eight years back is a leap day too; any other day exists in every year.
  return { start: `${String(year).padStart(4, '0')}${today.slice(4)}`, end: today };
}

export async function seedReferenceDatabase(db: Knex, options: SeedOptions): Promise<SeedResult> {
  const relative = options.today === undefined ? null : windowEndingOn(options.today);
  const windowStart = relative?.start ?? options.windowStart ?? SEED_WINDOW.start;
  const windowEnd = relative?.end ?? options.windowEnd ?? SEED_WINDOW.end;
  const population = generateSyntheticPopulation({ seed: options.seed, referralCount: options.referrals, windowStart, windowEnd });
  const records = hostRecordsFromPopulation(population, { seed: options.seed, extractionDate: windowEnd });
  await migrateReferenceSchema(db);
  const total = TABLE_ORDER.reduce((n, t) => n + records[t].length, 0);
  let done = 0;
  const rowCounts: Record<string, number> = {};
  for (const table of TABLE_ORDER) {
    const rows = records[table];
    rowCounts[table] = rows.length;
    if (rows.length === 0) continue;
    const perBatch = Math.max(1, Math.min(MAX_COMPOUND_ROWS, Math.floor(maxBindings(db) / Object.keys(rows[0]!).length)));
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += perBatch) {
        const batch = rows.slice(i, i + perBatch);
        await trx(table).insert(batch);
        done += batch.length;
        options.onProgress?.(done, total, table);
      }
    });
  }
  return { population, records, rowCounts };
}
