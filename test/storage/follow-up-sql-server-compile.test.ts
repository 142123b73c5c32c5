// The follow-up migrations and the schedule query as knex compiles them for SQL Server (`mssql`): no server is
// needed; the test reads the DDL for types SQL Server takes (nvarchar(max) for JSON text, bigint identities)
// and index names within its limits. The live SQL Server tests of the adapters cover the connection itself.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import * as tables from '../../plugin/storage/follow-up/migrations/001-follow-up-tables';
import * as access from '../../plugin/storage/follow-up/migrations/002-follow-up-access-log';

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

  it('compiles the schedule-in-force query (newest row per child) for SQL Server', () => {
    const newest = db('bs_fu_schedule').max({ id: 'schedule_id' }).groupBy('child_id');
    const sql = db('bs_fu_schedule').whereIn('schedule_id', newest).orderBy('child_id').toString();
    expect(sql).to.equal('select * from [bs_fu_schedule] where [schedule_id] in (select max([schedule_id]) as [id] from [bs_fu_schedule] group by [child_id]) order by [child_id] asc');
  });
});
