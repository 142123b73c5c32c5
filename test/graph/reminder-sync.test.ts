// Reminders follow the schedule and care: a changed next date moves the reminder, a child who left care (or has
// no schedule any more) loses it; the changes are queued for the worker, nothing is sent here.
import { expect } from 'chai';
import { reminderChanges } from '../../plugin/delivery/reminder-changes';
import { syncReminders } from '../../plugin/graph/reminder-sync';
import { DeliveryOutboxRepository, wantCalendarReminder } from '../../plugin/storage/delivery-outbox-repository';
import { temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

describe('keeping reminders in step with the schedule and care', () => {
  it('decides move and remove from the children in care and their next dates (pure)', () => {
    const changes = reminderChanges(
      [{ childId: 'a', dueOn: '2027-01-01' }, { childId: 'b', dueOn: '2027-01-01' }, { childId: 'c', dueOn: '2027-01-01' }, { childId: 'd', dueOn: '2027-01-01' }],
      new Set(['a', 'b', 'd']),
      new Map([['a', '2027-01-01'], ['b', '2027-03-01'], ['c', '2027-01-01']]),
    );
    expect(changes).to.deep.equal([{ childId: 'b', action: 'move', dueOn: '2027-03-01' }, { childId: 'c', action: 'remove' }, { childId: 'd', action: 'remove' }]);
  });

  let t: TemporaryPluginDatabase | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('queues a move for a changed schedule and a removal for a child who left care', async () => {
    const db = await temporaryPluginDatabase();
    t = db;
    const at = '2026-11-30T10:00:00.000Z';
    for (const child of ['stays', 'moves', 'leaves']) await wantCalendarReminder(db.db, { childId: child, caseworkerAddress: 'sb@kommune.dk', dueOn: '2027-05-01' }, '0101', null, at);
    await db.db('bs_delivery_outbox').update({ status: 'delivered' });
    const changes = await syncReminders(
      db.db,
      {
        host: { childrenInCare: async () => [{ childId: 'stays', placedSince: '2025-01-01', birthDate: null }, { childId: 'moves', placedSince: '2025-01-01', birthDate: null }] },
        repo: {
          schedules: async () => [
            { childId: 'stays', timesPerYear: 2, startDate: '2026-11-01' },
            { childId: 'moves', timesPerYear: 4, startDate: '2026-11-01' },
            { childId: 'leaves', timesPerYear: 2, startDate: '2026-11-01' },
          ],
          lastFiledReports: async () => new Map(),
        },
        today: () => '2026-11-30',
      },
      new Date(at),
    );
    expect(changes).to.deep.equal([{ childId: 'leaves', action: 'remove' }, { childId: 'moves', action: 'move', dueOn: '2027-02-01' }]);
    const repo = new DeliveryOutboxRepository(db.db);
    expect(await repo.calendar('moves')).to.include({ dueOn: '2027-02-01', state: 'active' });
    expect(await repo.calendar('leaves')).to.include({ dueOn: null, state: 'removed' });
    expect((await repo.list('pending')).map((r) => [r.kind, r.childId])).to.deep.equal([['calendar', 'leaves'], ['calendar', 'moves']]);
  });
});
