// The demo's data is dated relative to the day it is seeded: for any `today` (a leap day and a year's end
// among them) the reference host seed and the follow-up seed give children in care who are all under 18, a due
// list with children overdue, due within the month and not yet due, and school absence for several children;
// the same seed and day give the same data.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { seedReferenceDatabase, windowEndingOn } from '../../adapters/reference-schema/seed-database';
import { birthdayAt } from '../../plugin/calendar-age';
import { ageOn, daysBetween } from '../../plugin/follow-up/change-over-time';
import { listDue } from '../../plugin/follow-up/follow-up-service';
import { nextDue } from '../../plugin/follow-up/follow-up-schedule';
import { followUpDeps, type FollowUpDeps } from '../../plugin/server/follow-up-setup';
import { DEMO_DUE_CAPS, demoDueStates, lastFiledFor, seedDemoFollowUp } from '../../plugin/storage/follow-up/demo-follow-up-seed';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';
import { openSqlite } from '../helpers/seeded-database';
import { referenceMapping } from '../helpers/reference-mapping';

const SEED = { seed: 20240101, referrals: 2500 } as const;

interface Seeded {
  readonly dir: string;
  readonly hostDb: Knex;
  readonly pluginDb: Knex;
  readonly deps: FollowUpDeps;
}

async function seedDemoOn(today: string): Promise<Seeded> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-demo-today-'));
  const hostDb = openSqlite(path.join(dir, 'host.sqlite'));
  const pluginDb = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } });
  await seedReferenceDatabase(hostDb, { ...SEED, today });
  await migratePluginDatabase(pluginDb);
  const deps = await followUpDeps(hostDb, pluginDb, referenceMapping(), { today: () => today });
  await seedDemoFollowUp(pluginDb, deps.host, { today });
  return { dir, hostDb, pluginDb, deps };
}

async function closeDemo(s: Seeded | undefined): Promise<void> {
  if (!s) return;
  await s.deps.pdf.close();
  await Promise.all([s.hostDb.destroy(), s.pluginDb.destroy()]);
  rmSync(s.dir, { recursive: true, force: true });
}

describe('the demo data, dated relative to the day it is seeded', function () {
  this.timeout(120_000);

  it('ends the eight seeded years on today, a leap day and a year end included', () => {
    expect(windowEndingOn('2026-11-30')).to.deep.equal({ start: '2018-11-30', end: '2026-11-30' });
    expect(windowEndingOn('2024-02-29')).to.deep.equal({ start: '2016-02-29', end: '2024-02-29' });
    expect(windowEndingOn('2025-12-31')).to.deep.equal({ start: '2017-12-31', end: '2025-12-31' });
    expect(() => windowEndingOn('2025-02-29')).to.throw(RangeError);
  });

  for (const today of ['2026-11-30', '2024-02-29', '2025-12-31', '2031-07-01']) {
    describe(`seeded on ${today}`, () => {
      let s: Seeded;
      before(async () => {
        s = await seedDemoOn(today);
      });
      after(() => closeDemo(s));

      it('has children in care, every one under 18 on that day, with a known birth date', async () => {
        const inCare = await s.deps.host.childrenInCare(today);
        expect(inCare.length).to.be.at.least(8);
        for (const child of inCare) {
          expect(child.birthDate, child.childId).to.be.a('string');
          expect(ageOn(child.birthDate!, today), `${child.childId} born ${child.birthDate}`).to.be.within(0, 17);
        }
      });

      it('holds no placement or measure running on or past a child\'s 18th birthday', async () => {
        const rows = await s.hostDb({ a: 'anbringelse' }).join({ b: 'barn' }, 'b.barn_id', 'a.barn_id').select('a.start_dato as start', 'a.slut_dato as end', 'b.foedselsdato as birth');
        expect(rows.length).to.be.greaterThan(0);
        for (const r of rows as Array<{ start: string; end: string | null; birth: string | null }>) {
          if (r.birth === null || r.start > today) continue; // not yet begun on the extraction day
          if (r.end === null) expect(ageOn(r.birth, today), `open placement of a child born ${r.birth}`).to.be.below(18);
          else if (r.start < r.end) expect(r.end <= birthdayAt(r.birth, 18), `${r.start}–${r.end}, born ${r.birth}`).to.equal(true);
        }
      });

      it('gives the due list children overdue, due within the month and not yet due', async () => {
        const due = await listDue(s.deps, 366);
        const soon = due.filter((d) => !d.overdue && daysBetween(today, d.dueDate) <= 30);
        const later = due.filter((d) => daysBetween(today, d.dueDate) > 30);
        expect(due.filter((d) => d.overdue).length, 'overdue').to.be.at.least(2);
        expect(soon.length, 'due soon').to.be.at.least(2);
        expect(later.length, 'not yet due').to.be.at.least(2);
        // the states are read as the schedule reads them, from the seeded schedule and filed reports
        const [schedules, last] = await Promise.all([s.deps.repo.schedules(), s.deps.repo.lastFiledReports()]);
        for (const d of due) expect(nextDue(schedules.find((x) => x.childId === d.childId)!, last.get(d.childId) ?? null, today)).to.deep.equal(d);
        // nothing is filed in the future, nor measured after today
        expect([...last.values()].every((date) => date <= today)).to.equal(true);
        const newest = await s.pluginDb('bs_fu_measurement').max({ last: 'measured_on' }).first();
        expect(String(newest!.last) <= today).to.equal(true);
      });

      it('holds school absence for several children in care, read through the mapping into their reports', async () => {
        const inCare = await s.deps.host.childrenInCare(today);
        const withAbsence: string[] = [];
        for (const child of inCare) {
          const data = await s.deps.host.read(child.childId);
          if (data?.absence && data.absence.length > 0) {
            withAbsence.push(child.childId);
            for (const a of data.absence) {
              expect(a.periodEnd <= today).to.equal(true);
              expect(a.percent).to.be.within(0, 100);
            }
          }
        }
        expect(withAbsence.length).to.be.at.least(3);
      });
    });
  }

  it('gives the same host data and follow-up data for the same seed and day, and other dates for another day', async () => {
    const dumps: string[] = [];
    for (const today of ['2026-11-30', '2026-11-30', '2027-03-15']) {
      const s = await seedDemoOn(today);
      try {
        const tables = ['anbringelse', 'foranstaltning', 'skolefravaer', 'trivselslineal_vurdering'];
        const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r)).sort();
        const host = await Promise.all(tables.map(async (t) => sorted(await s.hostDb(t).select('*'))));
        const plugin = await Promise.all(
          [['bs_fu_schedule', 'child_id', 'times_per_year', 'start_date'], ['bs_fu_report_filed', 'child_id', 'period_from', 'period_to', 'filed_on'], ['bs_fu_measurement', 'child_id', 'measured_on', 'instrument', 'respondent', 'values_json']].map(async ([t, ...columns]) =>
            sorted(await s.pluginDb(t!).select(columns)),
          ),
        );
        dumps.push(JSON.stringify([host, plugin]));
      } finally {
        await closeDemo(s);
      }
    }
    expect(dumps[1]).to.equal(dumps[0]);
    expect(dumps[2]).to.not.equal(dumps[0]);
  });
});

describe('the due states the demo seed aims at', () => {
  it('takes each child in turn, caps the overdue and due-soon children, and gives the rest a later due date', () => {
    expect(demoDueStates(5)).to.deep.equal(['overdue', 'later', 'soon', 'later', 'overdue']);
    const many = demoDueStates(300);
    expect(many.filter((s) => s === 'overdue')).to.have.length(DEMO_DUE_CAPS.overdue);
    expect(many.filter((s) => s === 'soon')).to.have.length(DEMO_DUE_CAPS.soon);
    // the demo host lists the 40 soonest: all three states fit in it
    expect(DEMO_DUE_CAPS.overdue + DEMO_DUE_CAPS.soon).to.be.below(40);
  });

  it('files the last report so that the next is due as aimed, for every interval and a month-end or leap-day today', () => {
    for (const today of ['2024-02-29', '2025-12-31', '2026-03-31', '2026-11-30']) {
      for (const months of [3, 4, 6]) {
        for (const state of ['overdue', 'soon', 'later'] as const) {
          for (const draw of [(_n: number) => 0, (n: number) => n - 1]) {
            const filed = lastFiledFor(state, '2020-01-01', months, today, draw)!;
            const due = nextDue({ childId: 'x', timesPerYear: 12 / months, startDate: '2020-01-01' }, filed, today);
            const ahead = daysBetween(today, due.dueDate);
            const got = due.overdue ? 'overdue' : ahead <= 30 ? 'soon' : 'later';
            expect(got, `${state} on ${today} every ${months} months (filed ${filed}, due ${due.dueDate})`).to.equal(state);
          }
        }
      }
    }
    // a schedule begun too recently for any report: none filed, the start decides
    expect(lastFiledFor('overdue', '2026-11-01', 3, '2026-11-30', () => 0)).to.equal(null);
  });
});
