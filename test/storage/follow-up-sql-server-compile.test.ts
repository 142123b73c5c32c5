// The follow-up migrations and the schedule query as knex compiles them for SQL Server (`mssql`): no server is
// needed; the test reads the DDL for types SQL Server takes (nvarchar(max) for JSON text, bigint identities)
// and index names within its limits. The live SQL Server tests of the adapters cover the connection itself.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import * as tables from '../../plugin/storage/follow-up/migrations/001-follow-up-tables';
import * as access from '../../plugin/storage/follow-up/migrations/002-follow-up-access-log';
import * as filing from '../../plugin/storage/follow-up/migrations/004-follow-up-filing';

describe('follow-up tables compiled for SQL Server', () => {
  const db = knexFactory({ client: 'mssql' });
  after(() => db.destroy());

  async function ddl(migration: { up(knex: Knex): Promise<void> }): Promise<string[]> {
    const out: string[] = [];
    const recorder = { schema: { createTable: (name: string, build: (t: Knex.CreateTableBuilder) => void) => { out.push(db.schema.createTable(name, build).toString()); return Promise.resolve(); } } };
    await migration.up(recorder as unknown as Knex);
    return out;
  }

  it('creates every table with SQL Server types and short index names', async () => {
    const sql = [...(await ddl(tables)), ...(await ddl(access))].join('\n');
    expect(sql).to.contain('CREATE TABLE [bs_fu_measurement]');
    expect(sql).to.match(/\[values_json\] nvarchar\(max\) not null/);
    expect(sql).to.match(/\[measurement_id\] bigint identity\(1,1\) not null primary key/);
    expect(sql).to.contain('CREATE INDEX [ix_bs_fu_measurement_child] ON [bs_fu_measurement] ([child_id], [measured_on])');
    for (const m of sql.matchAll(/\[(ix_[a-z_]+)\]/g)) expect(m[1]!.length).to.be.lessThan(128);
    expect(sql).to.contain('CREATE TABLE [bs_fu_access]');
  });

  /**
   * The real repository function on a stand-in for a transaction that compiles each query for SQL Server and
   * records it instead of sending it (no server here); `answer` gives each query's result.
   */
  function recordingTransaction(sqls: string[], answer: (sql: string) => unknown): Knex.Transaction {
    const query = (table: string) => {
      const builder = db(table);
      const run = () => {
        const sql = builder.toString();
        sqls.push(sql);
        return Promise.resolve(answer(sql));
      };
      return Object.assign(builder, { then: (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) => run().then(ok, ko) });
    };
    const trx = Object.assign(query, {
      transaction: async (fn: (savepoint: unknown) => Promise<void>) => {
        sqls.push('SAVE TRANSACTION');
        await fn(trx);
      },
    });
    return trx as unknown as Knex.Transaction;
  }

  it('creates the filing table with one record per child and period (a unique index SQL Server enforces across instances)', async () => {
    const sql = (await ddl(filing)).join('\n');
    expect(sql).to.contain('CREATE TABLE [bs_fu_filing]');
    expect(sql).to.match(/\[filing_id\] bigint identity\(1,1\) not null primary key/);
    expect(sql).to.match(/\[child_id\] nvarchar\(100\) not null/);
    expect(sql).to.contain('CREATE UNIQUE INDEX [ux_bs_fu_filing_child_period] ON [bs_fu_filing] ([child_id], [period_from], [period_to])');
  });

  it('compiles filing for SQL Server: the insert in a savepoint of the caller\'s transaction, the read of the period, and the due list\'s newest filing', async () => {
    const { recordFiling } = await import('../../plugin/storage/follow-up/follow-up-filing');
    const stored = { filing_id: 7, child_id: 'c', period_from: '2025-01-01', period_to: '2025-06-30', filed_at: 'x', filed_on: '2025-06-30', filed_by: 'sr', filed_by_role: 'caseworker', case_number: null, municipality: null };
    const sqls: string[] = [];
    const recording = recordingTransaction(sqls, (sql) => (sql.startsWith('select') ? stored : []));
    const { created } = await recordFiling(recording, { childId: 'c', periodFrom: '2025-01-01', periodTo: '2025-06-30', filedAt: '2025-06-30T10:00:00.000Z', filedOn: '2025-06-30', filedBy: 'sr', filedByRole: 'caseworker', caseNumber: null, municipality: null });
    expect(created).to.equal(true);
    expect(sqls[0]).to.equal('SAVE TRANSACTION');
    expect(sqls[1]).to.match(/^insert into \[bs_fu_filing\] \(\[case_number\], \[child_id\], .*\) values \(NULL, 'c', /);
    expect(sqls[2]).to.equal("select top (1) * from [bs_fu_filing] where [child_id] = 'c' and [period_from] = '2025-01-01' and [period_to] = '2025-06-30'");
    expect(db('bs_fu_filing').select('child_id').max({ last: 'filed_on' }).groupBy('child_id').toString()).to.equal('select [child_id], max([filed_on]) as [last] from [bs_fu_filing] group by [child_id]');
  });

  it('compiles the schedule-in-force query (newest row per child) for SQL Server', () => {
    const newest = db('bs_fu_schedule').max({ id: 'schedule_id' }).groupBy('child_id');
    const sql = db('bs_fu_schedule').whereIn('schedule_id', newest).orderBy('child_id').toString();
    expect(sql).to.equal('select * from [bs_fu_schedule] where [schedule_id] in (select max([schedule_id]) as [id] from [bs_fu_schedule] group by [child_id]) order by [child_id] asc');
  });
});
