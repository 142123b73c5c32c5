// One "instance" of the plugin filing a child's period: opens the plugin database file it is given, waits for
// the agreed start instant (so the processes file at the same moment), files through the filing service with a
// handler that holds the transaction open a little (as an outbox write would), and prints the result as JSON.
// Run by follow-up-filing.test.ts as a separate process: several processes on one SQLite file.
import { FollowUpFilings } from '../../../plugin/storage/follow-up/follow-up-filing';
import { openPluginDatabase } from '../../../plugin/storage/plugin-database';

const [file, filedBy, startAt] = process.argv.slice(2) as [string, string, string];
const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: file } });
const holdOpen = () => new Promise<void>((resolve) => setTimeout(resolve, 150));
try {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const filings = new FollowUpFilings(db, [holdOpen]);
  const result = await filings.file(
    { childId: 'c-concurrent', periodFrom: '2025-01-01', periodTo: '2025-06-30', filedAt: new Date().toISOString(), filedOn: '2025-06-30', filedBy, filedByRole: 'caseworker', caseNumber: null, municipality: null },
    { nextDueOn: null },
  );
  process.stdout.write(JSON.stringify(result));
} finally {
  await db.destroy();
}
