// `npm run db:seed [-- --referrals N] [--file PATH] [--seed S] [--today YYYY-MM-DD]`: replaces the embedded
// SQLite database with a freshly seeded synthetic municipality whose eight years end today (or on --today, so a
// run can be repeated exactly), drawing a progress bar on a terminal, and says how long it took.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openDatabase } from '../database-config';
import { isRealIsoDate } from '../point-in-time';
import { DEFAULT_SQLITE_FILE, PRODUCT_ROOT } from '../../plugin/product-paths';
import { DEFAULT_SEED, DEFAULT_SEED_REFERRALS, seedReferenceDatabase } from './seed-database';
import { danishDay } from '../../plugin/danish-time';

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      referrals: { type: 'string', default: String(DEFAULT_SEED_REFERRALS) },
      file: { type: 'string', default: DEFAULT_SQLITE_FILE },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      today: { type: 'string', default: danishDay() },
    },
  });
  const referrals = Number(values.referrals);
  const seed = Number(values.seed);
  if (!Number.isInteger(referrals) || referrals < 1) throw new Error('--referrals must be a positive whole number');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  const today = values.today;
  if (!isRealIsoDate(today)) throw new Error('--today must be a date written YYYY-MM-DD');
  const file = path.resolve(PRODUCT_ROOT, values.file);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });

  const started = process.hrtime.bigint();
  const db = openDatabase({ client: 'better-sqlite3', connection: { filename: file } }, { create: true });
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar({ format: 'Seeding {bar} {percentage}% | {value}/{total} rows | {table}' }, cliProgress.Presets.shades_classic)
    : null;
  let barStarted = false;
  try {
    await db.raw('PRAGMA journal_mode = WAL');
    await db.raw('PRAGMA synchronous = NORMAL');
    process.stdout.write(`Generating ${referrals} referrals (seed ${seed})…\n`);
    const result = await seedReferenceDatabase(db, {
      seed,
      referrals,
      today,
      onProgress: (done, total, table) => {
        if (!bar) return;
        if (!barStarted) {
          bar.start(total, 0, { table });
          barStarted = true;
        }
        bar.update(done, { table });
      },
    });
    bar?.stop();
    await db.raw('ANALYZE');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const counts = Object.entries(result.rowCounts).map(([t, n]) => `  ${t}: ${n}`).join('\n');
    process.stdout.write(
      `Seeded ${file} in ${seconds.toFixed(1)} s: ${result.population.children.length} children, ` +
        `${result.population.referrals.length} referrals (${referrals} in ${result.population.windowStart} – ${result.population.windowEnd}).\n${counts}\n`,
    );
  } finally {
    bar?.stop();
    await db.destroy();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
