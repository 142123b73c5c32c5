// The filing's onFiled handler: the outbox rows are written with the filing's transaction, so they commit with
// the filing and vanish with it; the caseworker's user id is the address only when it is one.
import { expect } from 'chai';
import { deliveriesOnFiled, filedReportOf, type FiledRecord } from '../../plugin/storage/filing-deliveries';
import { DeliveryOutboxRepository } from '../../plugin/storage/delivery-outbox-repository';
import { deliveryConfigFor, temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

const filed: FiledRecord = {
  filingId: '7',
  childId: 'C-7',
  periodFrom: '2026-05-01',
  periodTo: '2026-10-31',
  filedAt: '2026-11-30T10:00:00.000Z',
  filedBy: 'anna@kommune.example.dk',
  caseNumber: 'SAG-7',
  municipality: '0101',
  nextDueOn: '2027-04-30',
};

describe('the filing handler that writes the delivery outbox', () => {
  let t: TemporaryPluginDatabase;
  beforeEach(async () => (t = await temporaryPluginDatabase()));
  afterEach(() => t.close());

  it('writes the rows in the filing\'s transaction: committed with it, gone when it rolls back', async () => {
    const onFiled = deliveriesOnFiled(deliveryConfigFor(), () => new Date('2026-11-30T10:00:00.000Z'));
    await t.db.transaction((trx) => onFiled(trx, { ...filed, filingId: '6' }).then(() => Promise.reject(new Error('the filing failed')))).catch(() => undefined);
    const repo = new DeliveryOutboxRepository(t.db);
    expect(await repo.list(null)).to.deep.equal([]);
    await t.db.transaction((trx) => onFiled(trx, filed));
    const rows = await repo.list(null);
    expect(rows.map((r) => [r.kind, r.status, r.filingId])).to.deep.equal([['mail', 'pending', '7'], ['upload', 'pending', '7'], ['calendar', 'pending', '7']]);
    expect((rows[0]!.payload as { recipient: string }).recipient).to.equal('anna@kommune.example.dk');
  });

  it('takes the caseworker id as the address only when it is one', () => {
    expect(filedReportOf(filed).caseworker).to.deep.equal({ id: 'anna@kommune.example.dk', address: 'anna@kommune.example.dk' });
    expect(filedReportOf({ ...filed, filedBy: 'sb-17' }).caseworker).to.deep.equal({ id: 'sb-17', address: null });
  });
});
