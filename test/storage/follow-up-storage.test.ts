// The follow-up tables (SQLite here; the same migration and queries serve SQL Server) and the host reads:
// measurements round-trip unchanged, nothing stored is overwritten, the demo seed gives children in care a
// schedule, goals and measurements.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { migrateFollowUpTables } from '../../plugin/storage/follow-up/follow-up-database';
import { FollowUpRepository } from '../../plugin/storage/follow-up/follow-up-repository';
import { createHostFollowUpSource } from '../../adapters/follow-up/host-follow-up-source';
import { referenceMapping } from '../helpers/reference-mapping';
import { seedDemoFollowUp } from '../../plugin/storage/follow-up/demo-follow-up-seed';
import { freshPluginDatabase } from '../helpers/follow-up-database';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

describe('follow-up storage (SQLite)', () => {
  let pluginDb: Knex;
  let hostDb: Knex;
  before(async () => {
    pluginDb = await freshPluginDatabase();
    hostDb = openSqlite((await sharedSeededDatabase()).file);
  });
  after(async () => {
    await pluginDb.destroy();
    await hostDb.destroy();
  });

  it('migrates beside the panel tables, and a second run changes nothing', async () => {
    await migrateFollowUpTables(pluginDb);
    for (const table of ['bs_fu_measurement', 'bs_fu_goal', 'bs_fu_goal_rating', 'bs_fu_schedule', 'bs_fu_report_filed', 'bs_audit_event']) {
      expect(await pluginDb.schema.hasTable(table), table).to.equal(true);
    }
  });

  it('stores measurements with date, instrument, respondent, values and who entered them, and gives them back unchanged', async () => {
    const repo = new FollowUpRepository(pluginDb, () => new Date('2025-03-01T10:00:00Z'));
    const items = Array.from({ length: 25 }, (_, i) => (i === 4 ? null : i % 3));
    await repo.addMeasurements([
      { childId: 'c-1', measuredOn: '2025-02-01', instrument: 'SDQ', respondent: 'teacher', enteredBy: 'sr-1', values: { items } },
      { childId: 'c-1', measuredOn: '2025-01-01', instrument: 'ORS', respondent: 'child', enteredBy: 'sr-1', values: { items: { me: 5.5, family: 3, school: 7, everything: 6.1 } } },
    ]);
    await repo.addMeasurements([{ childId: 'c-1', measuredOn: '2025-02-01', instrument: 'ORS', respondent: 'child', enteredBy: 'sr-2', values: { items: { me: 6, family: 6, school: 6, everything: 6 } } }]);
    const stored = await repo.measurementsFor('c-1');
    expect(stored.map((m) => [m.measuredOn, m.instrument, m.respondent, m.enteredBy])).to.deep.equal([
      ['2025-01-01', 'ORS', 'child', 'sr-1'],
      ['2025-02-01', 'SDQ', 'teacher', 'sr-1'],
      ['2025-02-01', 'ORS', 'child', 'sr-2'],
    ]);
    expect(stored[1]!.values).to.deep.equal({ items });
    expect(stored[0]).to.include({ enteredAt: '2025-03-01T10:00:00.000Z', source: 'entry' });
  });

  it('keeps every schedule set and uses the newest', async () => {
    const repo = new FollowUpRepository(pluginDb);
    await repo.setSchedule({ childId: 'c-2', timesPerYear: 2, startDate: '2025-01-01' }, 'sr-1');
    await repo.setSchedule({ childId: 'c-2', timesPerYear: 4, startDate: '2025-01-01' }, 'sr-1');
    expect(await repo.schedules('c-2')).to.deep.equal([{ childId: 'c-2', timesPerYear: 4, startDate: '2025-01-01' }]);
    expect(await pluginDb('bs_fu_schedule').where({ child_id: 'c-2' }).count({ n: '*' })).to.deep.equal([{ n: 2 }]);
  });

  it('reads the child, its Trivselslineal ratings, referrals and measure changes from the host', async () => {
    const host = createHostFollowUpSource(hostDb, referenceMapping());
    const inCare = await host.childrenInCare('2025-01-01');
    expect(inCare.length).to.be.greaterThan(0);
    const withRatings = await hostDb('trivselslineal_vurdering').select('barn_id').first();
    const data = await host.read(String(withRatings!.barn_id));
    expect(data!.rulerRatings.length).to.be.greaterThan(0);
    expect(data!.rulerRatings[0]).to.include({ instrument: 'TRIVSELSLINEAL', source: 'host' });
    expect(data!.referrals.length).to.be.greaterThan(0);
    expect(data!.measureChanges.some((c) => c.kind === 'measure-started')).to.equal(true);
    expect(data!.absence).to.be.an('array'); // the reference schema holds school absence (monthly, school age)
    expect(await host.read('999999999')).to.equal(null);
  });

  it('seeds the demo: each child in care gets a schedule of 2–4 a year, goals, measurements and filed reports; a second run does nothing', async () => {
    const db = await freshPluginDatabase();
    try {
      const host = createHostFollowUpSource(hostDb, referenceMapping());
      const result = await seedDemoFollowUp(db, host, { today: '2025-06-30' });
      expect(result.children).to.be.at.least(4);
      expect(result.measurements).to.be.greaterThan(result.children * 3);
      const repo = new FollowUpRepository(db);
      const schedules = await repo.schedules();
      expect(schedules).to.have.length(result.children);
      expect(schedules.every((s) => s.timesPerYear >= 2 && s.timesPerYear <= 4)).to.equal(true);
      const instruments = await db('bs_fu_measurement').distinct('instrument').pluck('instrument');
      expect([...instruments].sort()).to.deep.equal(['ORS', 'SDQ', 'TRIVSELSLINEAL']);
      expect((await repo.lastFiledReports()).size).to.be.greaterThan(0);
      expect((await seedDemoFollowUp(db, host, { today: '2025-06-30' })).skipped).to.equal(true);
    } finally {
      await db.destroy();
    }
  });
});

describe('the demo follow-up seed', () => {
  it('gives the same measurements for the same seed and day', async () => {
    const hostDb = openSqlite((await sharedSeededDatabase()).file);
    const dbs = [await freshPluginDatabase(), await freshPluginDatabase()];
    try {
      const host = createHostFollowUpSource(hostDb, referenceMapping());
      for (const db of dbs) await seedDemoFollowUp(db, host, { today: '2025-06-30', seed: 7 });
      const rows = await Promise.all(dbs.map((db) => db('bs_fu_measurement').select('child_id', 'measured_on', 'instrument', 'respondent', 'area', 'values_json').orderBy('measurement_id')));
      expect(rows[0]).to.deep.equal(rows[1]);
      expect(rows[0]!.length).to.be.greaterThan(0);
    } finally {
      await Promise.all([...dbs.map((db) => db.destroy()), hostDb.destroy()]);
    }
  });
});
