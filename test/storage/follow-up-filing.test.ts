// Filing in the plugin database: one record per child and period however often (or from however many
// connections at once) it is filed, inside the caller's transaction, and the filing service's handlers in that
// same transaction, so a delivery outbox is written with the filing or not at all.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { FollowUpFilings, filingsFor, recordFiling, type FilingHandler } from '../../plugin/storage/follow-up/follow-up-filing';
import type { FiledFollowUp, FilingResult, NewFiling } from '../../plugin/follow-up/follow-up-service';
import { FollowUpRepository } from '../../plugin/storage/follow-up/follow-up-repository';
import { freshPluginDatabase } from '../helpers/follow-up-database';
import { REPO_ROOT } from '../helpers/model-packages';

const FILE_ONCE = path.join(REPO_ROOT, 'test', 'storage', 'helpers', 'file-once.ts');

const CHILD = '12345678901234567890';
const filing = (over: Partial<NewFiling> = {}): NewFiling => ({
  childId: CHILD,
  periodFrom: '2025-01-01',
  periodTo: '2025-06-30',
  filedAt: '2025-06-30T10:00:00.000Z',
  filedOn: '2025-06-30',
  filedBy: 'sr-7',
  filedByRole: 'caseworker',
  caseNumber: '27.24.08-G01-1-25',
  municipality: 'Eksempel Kommune',
  ...over,
});
const NEXT = { nextDueOn: '2025-12-30' };

describe('filing a follow-up report (SQLite)', () => {
  let db: Knex;
  beforeEach(async () => {
    db = await freshPluginDatabase();
  });
  afterEach(async () => {
    const file = (db.client.config.connection as { filename: string }).filename;
    await db.destroy();
    rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('files a period once: a second filing, by anyone, returns the first unchanged', async () => {
    const first = await db.transaction((trx) => recordFiling(trx, filing()));
    expect(first.created).to.equal(true);
    expect(first.filing).to.deep.include({ childId: CHILD, filedBy: 'sr-7', filedOn: '2025-06-30', caseNumber: '27.24.08-G01-1-25', municipality: 'Eksempel Kommune' });
    const again = await db.transaction((trx) => recordFiling(trx, filing({ filedBy: 'someone-else', filedAt: '2025-07-01T09:00:00.000Z', filedOn: '2025-07-01' })));
    expect(again).to.deep.equal({ filing: first.filing, created: false });
    expect(await filingsFor(db, CHILD)).to.have.length(1);
  });

  it('keeps the caller’s transaction usable after a repeated filing, so the caller can go on writing in it', async () => {
    await db.transaction((trx) => recordFiling(trx, filing()));
    await db.transaction(async (trx) => {
      expect((await recordFiling(trx, filing())).created).to.equal(false);
      expect((await recordFiling(trx, filing({ periodFrom: '2025-07-01', periodTo: '2025-12-31' }))).created).to.equal(true);
    });
    expect((await filingsFor(db, CHILD)).map((f) => f.periodTo)).to.deep.equal(['2025-12-31', '2025-06-30']);
  });

  it('keeps one record when several processes (as several instances) file the same period at the same moment', async function () {
    this.timeout(60_000);
    const file = (db.client.config.connection as { filename: string }).filename;
    const startAt = String(Date.now() + 2500);
    const run = (filedBy: string) =>
      new Promise<FilingResult>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', FILE_ONCE, file, filedBy, startAt], { cwd: REPO_ROOT, encoding: 'utf8' }, (error, stdout, stderr) =>
          error ? reject(new Error(`${filedBy}: ${stderr || error.message}`)) : resolve(JSON.parse(stdout) as FilingResult),
        );
      });
    const results = await Promise.all(['sr-1', 'sr-2', 'sr-3', 'sr-4'].map(run));
    expect(results.filter((r) => r.created)).to.have.length(1);
    expect(new Set(results.map((r) => r.filing.filingId)).size).to.equal(1);
    expect(await filingsFor(db, 'c-concurrent')).to.have.length(1);
  });

  it('files another period, or another child, as its own record, and the due list counts from the newest filing', async () => {
    const filings = new FollowUpFilings(db);
    await filings.file(filing(), NEXT);
    await filings.file(filing({ periodFrom: '2025-07-01', periodTo: '2025-12-31', filedOn: '2025-12-31' }), NEXT);
    await filings.file(filing({ childId: `${CHILD.slice(0, -1)}1` }), NEXT);
    expect((await filings.filingsFor(CHILD)).map((f) => f.periodTo)).to.deep.equal(['2025-12-31', '2025-06-30']);
    const last = await new FollowUpRepository(db).lastFiledReports();
    expect(last.get(CHILD)).to.equal('2025-12-31');
    expect(last.get(`${CHILD.slice(0, -1)}1`)).to.equal('2025-06-30');
  });

  it('counts an older record of a PDF download for the due list, and the newer of the two wins', async () => {
    await db('bs_fu_report_filed').insert({ child_id: CHILD, period_from: '2024-01-01', period_to: '2024-12-31', filed_on: '2025-01-15', filed_by: 'sr-1', format: 'pdf' });
    expect((await new FollowUpRepository(db).lastFiledReports()).get(CHILD)).to.equal('2025-01-15');
    await new FollowUpFilings(db).file(filing(), NEXT);
    expect((await new FollowUpRepository(db).lastFiledReports()).get(CHILD)).to.equal('2025-06-30');
  });

  it('runs inside the caller’s transaction: rolled back, nothing is filed', async () => {
    const failed = await db
      .transaction(async (trx) => {
        expect((await recordFiling(trx, filing())).created).to.equal(true);
        throw new Error('the delivery outbox could not be written');
      })
      .then(
        () => null,
        (error: Error) => error.message,
      );
    expect(failed).to.contain('outbox');
    expect(await filingsFor(db, CHILD)).to.deep.equal([]);
  });

  describe('the filing service’s handlers', () => {
    beforeEach(() => db.schema.createTable('test_outbox', (t) => {
      t.string('filing_id').notNullable();
      t.string('next_due_on');
    }));

    /** A handler as issue 17's outbox would write it: a row per filing, through the filing's transaction. */
    const outbox: FilingHandler = async (trx, filed) => {
      await trx('test_outbox').insert({ filing_id: filed.filingId, next_due_on: filed.nextDueOn });
    };

    it('calls each handler once, in order, inside the filing’s transaction, with the filed record', async () => {
      const seen: Array<{ handler: string; filing: FiledFollowUp; inTransaction: boolean; visible: number }> = [];
      const watch = (name: string): FilingHandler => async (trx, filed) => {
        // The filing is visible in the handler's transaction, and not yet to anyone else.
        const visible = Number((await trx('bs_fu_filing').where({ filing_id: filed.filingId }).count({ n: '*' }))[0]!.n);
        seen.push({ handler: name, filing: filed, inTransaction: trx.isTransaction === true, visible });
      };
      const filings = new FollowUpFilings(db, [watch('first'), outbox, watch('second')]);
      const { filing: made } = await filings.file(filing(), NEXT);
      await filings.file(filing({ filedBy: 'sr-8' }), NEXT);
      expect(seen.map((s) => s.handler)).to.deep.equal(['first', 'second']);
      expect(seen.every((s) => s.inTransaction && s.visible === 1)).to.equal(true);
      expect(seen[0]!.filing).to.deep.equal({ ...made, nextDueOn: '2025-12-30' });
      expect(await db('test_outbox').select('filing_id', 'next_due_on')).to.deep.equal([{ filing_id: made.filingId, next_due_on: '2025-12-30' }]);
    });

    it('rolls the filing back when a handler fails: nothing filed, nothing written, the error reaches the caller', async () => {
      const failing: FilingHandler = async () => {
        throw new Error('Graph configuration missing');
      };
      const filings = new FollowUpFilings(db, [outbox, failing]);
      const error = await filings.file(filing(), NEXT).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).to.equal('Graph configuration missing');
      expect(await filingsFor(db, CHILD)).to.deep.equal([]);
      expect(await db('test_outbox').select()).to.deep.equal([]);
      expect((await new FollowUpRepository(db).lastFiledReports()).has(CHILD)).to.equal(false);
      // Filing again once the handler works files the period, once.
      expect((await new FollowUpFilings(db, [outbox]).file(filing(), NEXT)).created).to.equal(true);
      expect(await db('test_outbox').select()).to.have.length(1);
    });
  });
});
