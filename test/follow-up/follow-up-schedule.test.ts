// The follow-up schedule: 2–4 reports a year, due one interval after the last filed report or the start.
import { expect } from 'chai';
import { addMonths } from '../../plugin/follow-up/change-over-time';
import { dueFollowUps, nextDue } from '../../plugin/follow-up/follow-up-schedule';

describe('the follow-up schedule', () => {
  const schedule = { childId: '17', timesPerYear: 4, startDate: '2025-01-15' };

  it('is due one interval after the start when no report has been filed', () => {
    expect(nextDue(schedule, null, '2025-03-01')).to.deep.equal({ childId: '17', dueDate: '2025-04-15', overdue: false, daysOverdue: 0, lastReportDate: null });
    expect(nextDue({ ...schedule, timesPerYear: 2 }, null, '2025-03-01').dueDate).to.equal('2025-07-15');
  });

  it('is due one interval after the last filed report, and overdue the day after', () => {
    expect(nextDue(schedule, '2025-05-01', '2025-08-02')).to.include({ dueDate: '2025-08-01', overdue: true, daysOverdue: 1 });
    expect(nextDue(schedule, '2025-05-01', '2025-08-01')).to.include({ overdue: false, daysOverdue: 0 });
  });

  it('refuses a schedule outside 2–4 times a year', () => {
    expect(() => nextDue({ ...schedule, timesPerYear: 5 }, null, '2025-03-01')).to.throw(RangeError);
    expect(() => nextDue({ ...schedule, timesPerYear: 1 }, null, '2025-03-01')).to.throw(RangeError);
  });

  it('lists what is overdue or due within the horizon, most overdue first', () => {
    const list = dueFollowUps(
      [
        { childId: 'a', timesPerYear: 2, startDate: '2024-01-01' }, // due 2024-07-01: long overdue
        { childId: 'b', timesPerYear: 4, startDate: '2025-02-10' }, // due 2025-05-10: in 9 days
        { childId: 'c', timesPerYear: 4, startDate: '2025-04-01' }, // due 2025-07-01: not yet
      ],
      new Map([['a', '2024-12-01']]), // a filed a report in December: due 2025-06-01
      '2025-05-01',
    );
    expect(list.map((d) => [d.childId, d.dueDate, d.overdue])).to.deep.equal([['b', '2025-05-10', false]]);
    const later = dueFollowUps([{ childId: 'a', timesPerYear: 2, startDate: '2024-01-01' }], new Map(), '2025-05-01');
    expect(later[0]).to.include({ dueDate: '2024-07-01', overdue: true, daysOverdue: 304 });
  });

  it('adds calendar months and keeps to the month’s last day', () => {
    expect(addMonths('2025-01-31', 1)).to.equal('2025-02-28');
    expect(addMonths('2024-01-31', 1)).to.equal('2024-02-29');
    expect(addMonths('2025-11-15', 3)).to.equal('2026-02-15');
  });
});
