// The outbox in the plugin database: written in the filing's transaction (or not at all), claimed by exactly one
// of several connections, taken over when a lease runs out, marked only by the lease holder, retried and
// cancelled by an administrator; and the same migration and claim compiled for SQL Server.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import * as outbox from '../../plugin/storage/migrations/005-delivery-outbox';
import { openPluginDatabase } from '../../plugin/storage/plugin-database';
import { claimStatement, deliveriesOfFiling, DeliveryOutboxRepository, enqueueDeliveriesForFiling } from '../../plugin/storage/delivery-outbox-repository';
import { deliveryConfigFor, filedReport, temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

const T0 = '2026-11-30T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('the delivery outbox repository', () => {
  let t: TemporaryPluginDatabase;
  let repo: DeliveryOutboxRepository;
  beforeEach(async () => {
    t = await temporaryPluginDatabase();
    repo = new DeliveryOutboxRepository(t.db);
  });
  afterEach(() => t.close());

  it('writes the rows in the filing\'s transaction: rolled back with it, and never twice for one filing', async () => {
    const config = deliveryConfigFor();
    await t.db
      .transaction(async (trx) => {
        expect(await enqueueDeliveriesForFiling(trx, filedReport(), config, T0)).to.have.length(3);
        throw new Error('the filing failed');
      })
      .catch(() => undefined);
    expect(await repo.list(null)).to.deep.equal([]);
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), config, T0));
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), config, T0));
    expect((await repo.list(null)).map((r) => r.kind)).to.deep.equal(['mail', 'upload', 'calendar']);
    expect(await enqueueDeliveriesForFiling(t.db, filedReport({ filingId: '9', municipality: 'unconfigured' }), deliveryConfigFor(), T0)).to.deep.equal([]);
  });

  it('a later filing while the child\'s calendar reminder still waits takes that one reminder over: its page shows it', async () => {
    const config = deliveryConfigFor();
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), config, T0));
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport({ filingId: '2', periodFrom: '2026-11-01', periodTo: '2027-04-30', nextDueOn: '2027-10-31' }), config, at(1)));
    const calendars = (await repo.list(null)).filter((r) => r.kind === 'calendar');
    expect(calendars, 'one reconciliation reads the newest wish').to.have.length(1);
    expect((await deliveriesOfFiling(t.db, '2')).map((r) => r.kind).sort()).to.deep.equal(['calendar', 'mail', 'upload']);
    expect((await deliveriesOfFiling(t.db, '1')).map((r) => r.kind)).to.deep.equal(['mail', 'upload']);
    expect((await repo.calendar('C-100'))?.dueOn).to.equal('2027-10-31');
  });

  it('a row is claimed by exactly one of two connections racing for it; a row whose lease ran out is taken over', async () => {
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), deliveryConfigFor({ calendar: { enabled: false } }), T0));
    const other = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: t.file } });
    try {
      const repo2 = new DeliveryOutboxRepository(other);
      const [a, b] = await Promise.all([repo.claimDue('a', T0, at(5), 10), repo2.claimDue('b', T0, at(5), 10)]);
      const ids = [...a, ...b].map((r) => r.deliveryId).sort();
      expect(ids).to.deep.equal(['1', '2']);
      expect(await repo.claimDue('c', at(4), at(9), 10), 'leases still running').to.deep.equal([]);
      const taken = await repo.claimDue('c', at(6), at(11), 10);
      expect(taken.map((r) => [r.claimedBy, r.attempts])).to.deep.equal([['c', 2], ['c', 2]]);
      expect(await repo.markDelivered(taken[0]!.deliveryId, a.length ? 'a' : 'b', 'X', at(6)), 'the old holder can no longer mark it').to.equal(false);
      expect(await repo.markDelivered(taken[0]!.deliveryId, 'c', 'ITEM', at(6))).to.equal(true);
    } finally {
      await other.destroy();
    }
  });

  it('a pending row waits for its next attempt; retry and cancel act only on the states they may', async () => {
    const [mail] = await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } }), T0));
    const [row] = await repo.claimDue('w', T0, at(5), 1);
    await repo.markRetry(row!.deliveryId, 'w', at(10), '503');
    expect(await repo.claimDue('w', at(9), at(14), 1)).to.deep.equal([]);
    await repo.retry(mail!, at(9)).then(
      () => expect.fail('a pending row is not retried'),
      (e: { code: string }) => expect(e.code).to.equal('DELIVERY_STATE_CONFLICT'),
    );
    const [again] = await repo.claimDue('w', at(10), at(15), 1);
    await repo.markFailed(again!.deliveryId, 'w', '403 Mail.Send');
    expect((await repo.retry(mail!, at(20))).status).to.equal('pending');
    expect((await repo.cancel(mail!, at(21))).status).to.equal('cancelled');
    await repo.cancel('999', at(21)).then(
      () => expect.fail('an unknown id'),
      (e: { code: string }) => expect(e.code).to.equal('DELIVERY_NOT_FOUND'),
    );
    expect(await repo.countByStatus()).to.deep.equal({ pending: 0, 'in-progress': 0, delivered: 0, failed: 0, cancelled: 1 });
  });
});

describe('the delivery outbox compiled for SQL Server', () => {
  const mssql = knexFactory({ client: 'mssql' });
  after(() => mssql.destroy());

  it('creates the outbox and the calendar table with SQL Server types and short index names', async () => {
    const out: string[] = [];
    const recorder = { schema: { createTable: async (name: string, build: (t: Knex.CreateTableBuilder) => void) => void out.push(mssql.schema.createTable(name, build).toString()) } };
    await outbox.up(recorder as unknown as Knex);
    const sql = out.join('\n');
    expect(sql).to.contain('CREATE TABLE [bs_delivery_outbox] ([delivery_id] bigint identity(1,1) not null primary key');
    expect(sql).to.match(/\[payload_ref\] nvarchar\(max\) not null/);
    expect(sql).to.contain('CREATE INDEX [ix_bs_delivery_outbox_due] ON [bs_delivery_outbox] ([status], [next_attempt_at])');
    expect(sql).to.contain('CREATE TABLE [bs_delivery_calendar] ([child_id] nvarchar(100)');
    expect(sql).to.not.match(/nvarchar\((\d{5,}|[5-9]\d{3})\)/);
  });

  it('claims with one conditional UPDATE that only one instance can win', () => {
    const sql = claimStatement(mssql, '1', 'w', T0, at(5)).toString();
    expect(sql).to.equal(
      `update [bs_delivery_outbox] set [status] = 'in-progress', [claimed_by] = 'w', [lease_until] = '${at(5)}', [attempts] = attempts + 1, [first_attempt_at] = coalesce(first_attempt_at, '${T0}') where [delivery_id] = '1' and (([status] = 'pending' and [next_attempt_at] <= '${T0}') or ([status] = 'in-progress' and [lease_until] < '${T0}'));select @@rowcount`,
    );
  });
});
