// Age as people and the law count it: by the calendar. A child turns 6 on its sixth birthday, not a day or two
// before (as days / 365.25 would have it). The one age function of the product: the adapters' age construct,
// the synthetic generator and the scoring core's age rule all use it, so a child is in the same age band
// everywhere. Pure: ISO dates ('YYYY-MM-DD') in, numbers out.
//
// 29 February: in a year without that day, a person born on 29 February turns a year older on 1 March, the rule
// taken as Danish practice (we found no statute that says otherwise in our sources; models/README.md and
// adapters/README.md say so). It has a merit of its own: nobody is counted a year older before the full year
// has passed.

/** The age from which a person is an adult: nobody 18 or older when the referral is received is scored. */
export const ADULT_AGE_YEARS = 18;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const MS_PER_DAY = 86_400_000;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function parse(iso: string): CalendarDate {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCFullYear() !== date.year || check.getUTCMonth() !== date.month - 1 || check.getUTCDate() !== date.day) {
    throw new RangeError(`not a calendar date: ${iso}`);
  }
  return date;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const dayNumber = (d: CalendarDate) => Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY;

/** The day (days since 1970-01-01) a person born on `birth` has its birthday in `year` (29 Feb → 1 Mar in common years). */
function birthdayIn(birth: CalendarDate, year: number): number {
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(year)) return Date.UTC(year, 2, 1) / MS_PER_DAY;
  return Date.UTC(year, birth.month - 1, birth.day) / MS_PER_DAY;
}

/** The date of the `years`th birthday of a person born on `birth` (ISO). */
export function birthdayAt(birth: string, years: number): string {
  const b = parse(birth);
  return new Date(birthdayIn(b, b.year + years) * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Completed years on `on` of a person born on `birth`: the number of birthdays passed, the birthday itself
 * included. Negative when `on` lies before `birth` is refused: a person not yet born has no age.
 */
export function completedYears(birth: string, on: string): number {
  const b = parse(birth);
  const o = parse(on);
  const onDay = dayNumber(o);
  if (onDay < dayNumber(b)) throw new RangeError(`${on} lies before the birth date ${birth}`);
  let years = o.year - b.year;
  if (birthdayIn(b, o.year) > onDay) years--;
  return years;
}

/**
 * The exact age in years on `on`: completed years plus the share of the current year of life that has passed
 * (days since the last birthday / days from the last birthday to the next). It reaches n on the nth birthday,
 * never before; with `decimals` it is cut (never rounded up) to that many decimals, so 5 years and 364 days is
 * 5.99, not 6.00.
 */
export function exactAgeYears(birth: string, on: string, decimals?: number): number {
  const b = parse(birth);
  const years = completedYears(birth, on);
  return ageBetweenBirthdays(years, birthdayIn(b, b.year + years), birthdayIn(b, b.year + years + 1), dayNumber(parse(on)), decimals);
}

/**
 * The days (since 1970-01-01) of birthdays 0 to `count` (0 is the birth), for a caller that asks one person's
 * age on many days (the synthetic generator); `exactAgeOnDay` reads it by the same rule as `exactAgeYears`.
 */
export function birthdayDays(birth: string, count: number): Int32Array {
  const b = parse(birth);
  return Int32Array.from({ length: count + 1 }, (_, n) => birthdayIn(b, b.year + n));
}

/** `exactAgeYears` on day `day` (since 1970-01-01), from `birthdayDays`; the day must lie before the last birthday listed. */
export function exactAgeOnDay(birthdays: ArrayLike<number>, day: number, decimals?: number): number {
  if (day < birthdays[0]!) throw new RangeError('the day lies before the birth');
  let years = 0;
  while (years + 1 < birthdays.length && birthdays[years + 1]! <= day) years++;
  if (years + 1 >= birthdays.length) throw new RangeError('the day lies beyond the birthdays listed');
  return ageBetweenBirthdays(years, birthdays[years]!, birthdays[years + 1]!, day, decimals);
}

function ageBetweenBirthdays(years: number, last: number, next: number, day: number, decimals: number | undefined): number {
  const days = day - last;
  if (decimals === undefined) return years + days / (next - last);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) throw new RangeError(`decimals must be a whole number from 0 to 6, not ${decimals}`);
  const factor = 10 ** decimals;
  // days < next - last, so the fraction's digits never reach a whole year; the tiny term absorbs float error.
  const fraction = Math.min(factor - 1, Math.floor((days * factor) / (next - last) + 1e-9));
  return (years * factor + fraction) / factor;
}

/** Whether an age in years (as `exactAgeYears` gives it) is an adult's: 18 or more. */
export function isAdultAge(ageYears: number): boolean {
  return ageYears >= ADULT_AGE_YEARS;
}
