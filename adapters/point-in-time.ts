// Dates and instants as the adapters compare them: ISO text, 'YYYY-MM-DD' for dates and 'YYYY-MM-DD HH:MM:SS'
// for instants, so that string order is time order on every database. Values from a driver (SQL Server gives
// Date objects, SQLite gives text) are normalised here, once, where they enter.

const MS_PER_DAY = 86_400_000;

/** Whole days since 1970-01-01 of an ISO date (or the date part of an instant). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** A driver value as an ISO date, or null when empty. */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
    return m ? m[1]! : null;
  }
  return null;
}

/** A driver value as an ISO instant 'YYYY-MM-DD HH:MM:SS' (a date alone is its midnight), or null. */
export function toIsoInstant(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value.trim());
    if (!m) return null;
    return `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
  }
  return null;
}

/**
 * The birth date a Danish CPR number holds (DDMMYY-SSSS; the 7th digit gives the century). Used for age only:
 * the last digit (sex) is never read.
 */
export function birthDateFromCpr(cpr: unknown): string | null {
  if (typeof cpr !== 'string') return null;
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d)\d{3}$/.exec(cpr.trim());
  if (!m) return null;
  const [dd, mm, yy, c] = [m[1]!, m[2]!, Number(m[3]), Number(m[4])];
  let century: number;
  if (c <= 3) century = 1900;
  else if (c === 4 || c === 9) century = yy <= 36 ? 2000 : 1900;
  else century = yy <= 57 ? 2000 : 1800;
  const iso = `${century + yy}-${mm}-${dd}`;
  const day = dayNumber(iso);
  return dateOfDay(day) === iso ? iso : null;
}

/** Whether an ISO date 'YYYY-MM-DD' names a real calendar day (not 2023-02-30). */
export function isRealIsoDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === iso;
}

/** Text dates in another order than ISO, as a mapping may declare them (source.date.format). */
const TEXT_DATE_FORMATS: Record<string, RegExp> = {
  'DD-MM-YYYY': /^(\d{2})-(\d{2})-(\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/,
  'DD.MM.YYYY': /^(\d{2})\.(\d{2})\.(\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/,
  'DD/MM/YYYY': /^(\d{2})\/(\d{2})\/(\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/,
};

/**
 * A driver value read with the mapping's declared text format, as an ISO date ('date') or instant
 * ('datetime'); null when empty or when it does not parse as a real day in that format (the dry run of
 * `mapping check` refuses such a column, naming an example).
 */
export function parseDateValue(value: unknown, type: 'date' | 'datetime', format: string = 'iso'): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return type === 'date' ? toIsoDate(value) : toIsoInstant(value);
  let iso: string | null;
  let time = '00:00:00';
  if (typeof value === 'number' && format === 'YYYYMMDD' && Number.isInteger(value)) value = String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (format === 'iso') {
    const m = /^(\d{4}-\d{2}-\d{2})(?:(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
    iso = m ? m[1]! : null;
    if (m && m[2] !== undefined) time = `${m[2]}:${m[3]}:${m[4] ?? '00'}`;
  } else if (format === 'YYYYMMDD') {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  } else {
    const pattern = TEXT_DATE_FORMATS[format];
    const m = pattern ? pattern.exec(text) : null;
    iso = m ? `${m[3]}-${m[2]}-${m[1]}` : null;
    if (m && m[4] !== undefined) time = `${m[4]}:${m[5]}:${m[6] ?? '00'}`;
  }
  if (iso === null || !isRealIsoDate(iso)) return null;
  return type === 'date' ? iso : `${iso} ${time}`;
}
