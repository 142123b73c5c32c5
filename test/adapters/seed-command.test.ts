// `npm run db:seed -- --referrals N --file F` as a user runs it: a real process that replaces the file,
// reports the time taken, and leaves a database the mapping reads.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/model-packages';
import { openSqlite, tempSqliteFile } from '../helpers/seeded-database';

describe('the db:seed script', function () {
  this.timeout(30_000); // a real process (tsx startup) on a busy machine
  it('seeds a small database into the given file, replacing what was there, dated to end on --today, and says how long it took', async () => {
    const file = tempSqliteFile('bs-seed-cmd-');
    writeFileSync(file, 'not a database');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'adapters', 'reference-schema', 'seed-command.ts'), '--referrals', '120', '--file', file, '--today', '2025-01-01'],
      { cwd: REPO_ROOT },
    );
    expect(stdout).to.match(/Seeded .* in \d+\.\d s: \d+ children, \d+ referrals \(120 in 2017-01-01 – 2025-01-01\)/);
    const db = openSqlite(file);
    try {
      const row = await db('underretning').where('modtaget_tid', '>=', '2017-01-01').count({ n: '*' }).first();
      expect(row).to.deep.equal({ n: 120 });
    } finally {
      await db.destroy();
    }
  });

  it('refuses a referral count that is not a positive whole number', async () => {
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'adapters', 'reference-schema', 'seed-command.ts'), '--referrals', 'many', '--file', tempSqliteFile()], { cwd: REPO_ROOT });
      expect.fail('the seed accepted --referrals many');
    } catch (error) {
      expect((error as { stderr: string }).stderr).to.include('--referrals must be a positive whole number');
    }
  });
});
