// The follow-up schedule: each child in care gets a report 2–4 times a year (set per case, as the working
// paper proposes). The next report is due one interval (12 / times-a-year months) after the last report filed
// to the journal, or after the schedule's start when none has been filed. Pure: the clock is passed in.
import { addMonths, daysBetween } from './change-over-time';

export const MIN_TIMES_PER_YEAR = 2;
export const MAX_TIMES_PER_YEAR = 4;

export interface FollowUpSchedule {
  readonly childId: string;
  readonly timesPerYear: number;
  readonly startDate: string;
}

export interface DueFollowUp {
  readonly childId: string;
  readonly dueDate: string;
  readonly overdue: boolean;
  /** Days past the due date (0 when not overdue). */
  readonly daysOverdue: number;
  readonly lastReportDate: string | null;
}

export function isTimesPerYear(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= MIN_TIMES_PER_YEAR && v <= MAX_TIMES_PER_YEAR;
}

export function intervalMonths(timesPerYear: number): number {
  if (!isTimesPerYear(timesPerYear)) throw new RangeError('a follow-up schedule has 2 to 4 reports a year');
  return 12 / timesPerYear;
}

/** When the next report for the child is due, and whether it is overdue on `today`. */
export function nextDue(schedule: FollowUpSchedule, lastReportDate: string | null, today: string): DueFollowUp {
  const from = lastReportDate !== null && lastReportDate > schedule.startDate ? lastReportDate : schedule.startDate;
  const dueDate = addMonths(from, intervalMonths(schedule.timesPerYear));
  const late = daysBetween(dueDate, today);
  return { childId: schedule.childId, dueDate, overdue: late > 0, daysOverdue: Math.max(0, late), lastReportDate };
}

/** The follow-ups due within `horizonDays` of today or overdue, most overdue first. */
export function dueFollowUps(
  schedules: readonly FollowUpSchedule[],
  lastReports: ReadonlyMap<string, string>,
  today: string,
  horizonDays = 30,
): DueFollowUp[] {
  return schedules
    .map((s) => nextDue(s, lastReports.get(s.childId) ?? null, today))
    .filter((d) => daysBetween(today, d.dueDate) <= horizonDays)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.childId.localeCompare(b.childId)));
}
