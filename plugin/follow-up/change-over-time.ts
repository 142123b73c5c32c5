// Change over time for one indicator: the latest value, the change since the previous measurement and since
// the first, which way is better, and whether a change is reliable (beyond measurement noise) where the
// instrument defines a reliable change index (Jacobson & Truax 1991; ORS/CORS publish theirs as points).
// Two values read on different forms (CORS, then ORS) or against different reliable-change limits are two
// values, not a change: such a pair is marked not comparable and never called reliable. Measurements that
// could not be used (incomplete, or holding an invalid value) are named, so "since previous" can say which
// date it really compares with. Pure: a series of dated values in, a summary out. Dates are ISO strings.
import { completedYears } from '../calendar-age';

export type Polarity = 'higher-is-better' | 'lower-is-better';
export type ChangeDirection = 'better' | 'worse' | 'same';

export interface SeriesPoint {
  readonly date: string;
  readonly value: number;
  /** The reliable change threshold that applies when this point is the later of two (null: none defined). */
  readonly reliableChange?: number | null;
  /** The form the value was read on (e.g. 'CORS', 'ORS'); values on different forms are not one scale. */
  readonly form?: string | null;
}

/** A measurement the series could not use, and why. */
export interface SkippedPoint {
  readonly date: string;
  readonly reason: 'incomplete' | 'invalid';
}

export interface Change {
  readonly from: SeriesPoint;
  readonly to: SeriesPoint;
  readonly delta: number;
  readonly direction: ChangeDirection;
  /** true/false where a reliable change index applies; null where the instrument defines none, or not comparable. */
  readonly reliable: boolean | null;
  readonly threshold: number | null;
  /** false when the two values were read on different forms or limits: show both values, not a change. */
  readonly comparable: boolean;
}

export interface ChangeSummary {
  readonly points: readonly SeriesPoint[];
  readonly latest: SeriesPoint | null;
  readonly sincePrevious: Change | null;
  readonly sinceStart: Change | null;
  /** Measurements after the one "since previous" compares with that could not be used (after it, in date order). */
  readonly skipped: readonly SkippedPoint[];
}

const round = (x: number) => Math.round(x * 100) / 100;

export function changeBetween(from: SeriesPoint, to: SeriesPoint, polarity: Polarity): Change {
  const delta = round(to.value - from.value);
  const signed = polarity === 'higher-is-better' ? delta : -delta;
  const comparable = (from.form ?? null) === (to.form ?? null) && (from.reliableChange ?? null) === (to.reliableChange ?? null);
  const threshold = comparable ? to.reliableChange ?? null : null;
  return {
    from,
    to,
    delta,
    direction: signed > 0 ? 'better' : signed < 0 ? 'worse' : 'same',
    reliable: threshold === null ? null : Math.abs(delta) >= threshold,
    threshold,
    comparable,
  };
}

const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * Sorts by date (a stable sort keeps same-day entries in the order given) and summarises. `unusable` are the
 * measurements left out of the series (incomplete or invalid); those after the previous usable one are named.
 */
export function summariseSeries(points: readonly SeriesPoint[], polarity: Polarity, unusable: readonly SkippedPoint[] = []): ChangeSummary {
  const sorted = [...points].sort(byDate);
  const latest = sorted.at(-1) ?? null;
  const after = (date: string | null) => [...unusable].filter((u) => date === null || u.date > date).sort(byDate);
  if (sorted.length < 2) return { points: sorted, latest, sincePrevious: null, sinceStart: null, skipped: after(latest?.date ?? null) };
  const previous = sorted.at(-2)!;
  const first = sorted[0]!;
  return {
    points: sorted,
    latest,
    sincePrevious: changeBetween(previous, latest!, polarity),
    sinceStart: changeBetween(first, latest!, polarity),
    skipped: after(previous.date),
  };
}

/** Whole years of age on `date` for a child born on `birthDate`: the product's one calendar age (../calendar-age). */
export function ageOn(birthDate: string, date: string): number {
  // Before the birth there is no age; below 0 keeps such a date out of every age band without throwing in a report.
  return date < birthDate ? -1 : completedYears(birthDate, date);
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `months` calendar months (clamped to the month's last day: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
