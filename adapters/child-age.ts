// The child's age on the referral date, from what the host records: a birth date (or the CPR number that holds
// it), an expected date of birth (terminsdato) and, where the host keeps one, an explicit "unborn" marker. One
// of four states, each said in words downstream; never a guess:
// - born: a birth date on or before the referral date, and under 18 then;
// - adult: 18 or older on the referral date, so the referral is never scored;
// - unborn: a birth date after the referral date, or no birth date yet and a marker or an expected date of
//   birth that says the child was not born on the referral date;
// - unknown: no usable birth date (no CPR number, a replacement number, an unreadable date) and nothing that
//   says the child is unborn. A born child without a CPR number is never taken for an unborn one.
// Pure: values in, a state out. Ages come from plugin/calendar-age, the product's one age function.
import { completedYears, isAdultAge } from '../plugin/calendar-age';
import { BeslutningsstotteError } from '../plugin/errors';
import { addDays } from './point-in-time';

/** How long after the expected date of birth a child with no recorded birth still counts as unborn (42 weeks). */
export const OVERDUE_DAYS = 14;
/** How far before the expected date of birth a referral can plausibly come (a pregnancy is about 40 weeks). */
export const MAX_DAYS_BEFORE_EXPECTED_BIRTH = 300;

export type UnknownAgeReason =
  /** No birth date and nothing that says the child was unborn: a missing or replacement CPR number. */
  | 'no-birth-date'
  /** No birth date, and the expected date of birth had passed more than OVERDUE_DAYS before the referral. */
  | 'expected-birth-passed'
  /** The expected date of birth lies implausibly far after the referral. */
  | 'expected-birth-implausible';

export type ChildAgeAtReferral =
  | { readonly state: 'born'; readonly birthDate: string; readonly completedYears: number }
  | { readonly state: 'adult'; readonly birthDate: string; readonly completedYears: number }
  | {
      readonly state: 'unborn';
      /** What says so: a birth recorded after the referral, the host's marker, or the expected date of birth. */
      readonly by: 'later-birth' | 'marker' | 'expected-birth';
      readonly expectedBirthDate: string | null;
      /** The birth date, when the child has been born since the referral. */
      readonly birthDate: string | null;
      /** The date the parent's age is taken at: the expected date of birth, else the later birth; null when neither. */
      readonly parentAgeDate: string | null;
    }
  | { readonly state: 'unknown'; readonly reason: UnknownAgeReason };

export interface ChildAgeRecords {
  /** The birth date from the birth column or the CPR number; null when absent or unreadable. */
  readonly birthDate: string | null;
  /** The expected date of birth, when the mapping names the column and the host has a value. */
  readonly expectedBirthDate: string | null;
  /** Whether the host's unborn marker is set (false when the mapping names no marker). */
  readonly markedUnborn: boolean;
}

/** Why a referral with this age is never scored (18 or older, or age unknown), as a typed error; null when it may be. */
export function ageRefusal(age: ChildAgeAtReferral): BeslutningsstotteError | null {
  if (age.state === 'adult') return new BeslutningsstotteError('AGE_ADULT_AT_REFERRAL', { age: `${age.completedYears} years` });
  if (age.state === 'unknown') return new BeslutningsstotteError('AGE_UNKNOWN', { reason: age.reason });
  return null;
}

export function childAgeAtReferral(records: ChildAgeRecords, referralDate: string): ChildAgeAtReferral {
  const { birthDate, expectedBirthDate } = records;
  if (birthDate !== null) {
    // A recorded birth is a fact: it decides, whatever a marker says.
    if (birthDate > referralDate) {
      return { state: 'unborn', by: 'later-birth', expectedBirthDate, birthDate, parentAgeDate: expectedBirthDate ?? birthDate };
    }
    const years = completedYears(birthDate, referralDate);
    return isAdultAge(years) ? { state: 'adult', birthDate, completedYears: years } : { state: 'born', birthDate, completedYears: years };
  }
  if (records.markedUnborn) {
    return { state: 'unborn', by: 'marker', expectedBirthDate, birthDate: null, parentAgeDate: expectedBirthDate };
  }
  if (expectedBirthDate !== null) {
    if (expectedBirthDate < addDays(referralDate, -OVERDUE_DAYS)) return { state: 'unknown', reason: 'expected-birth-passed' };
    if (expectedBirthDate > addDays(referralDate, MAX_DAYS_BEFORE_EXPECTED_BIRTH)) return { state: 'unknown', reason: 'expected-birth-implausible' };
    return { state: 'unborn', by: 'expected-birth', expectedBirthDate, birthDate: null, parentAgeDate: expectedBirthDate };
  }
  return { state: 'unknown', reason: 'no-birth-date' };
}
