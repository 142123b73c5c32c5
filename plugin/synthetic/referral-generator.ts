// The seeded synthetic referral generator: a population of families whose children are referred to the
// municipality over time, with everything a case system would hold about them (referrals, ICS assessments,
// preventive measures, placements, household moves and changes), the model features of each referral computed
// from that history, and the outcome drawn from the stated logistic model in ./placement-outcome.
// The demo model is trained on its output; the database seed reuses the same story, so both agree.
//
// The generative story, family by family (each family has its own random stream, derived from the seed and the
// family's index, so the first k families are the same whatever the number asked for):
//
// 1. The family. A latent risk f ~ N(0, 1) that nobody observes. The youngest parent's age at the first child's
//    birth is 27.5 − 2.2·f + N(0, 4.5), kept within 14–46; that fixes the parent's birth date, and every
//    parent age is counted from it by the calendar (plugin/calendar-age). The first child is born uniformly
//    between 1990 and half a year after the study window; 1–5 children (38 % one, 34 % two, 18 % three, 7 % four,
//    3 % five), 1–6 years apart (births after that, or when the parent would be 50 or older, are left out).
//    Each child has an expected date of birth within two weeks of the birth. The household has a single parent at the start with P = σ(−1.3 + 0.7·f),
//    and it changes month by month (separation 4 %·e^{0.4 f} a year, 60 % of them with a move; a new couple
//    8 % a year); the household moves 9 %·e^{0.5 f} a year, 1.6 times as often when single. A family whose
//    children were all 18 before the study window is left out (it adds nothing to the window).
// 2. The child. Sex: 51.3 % boys at birth. A latent child risk c ~ N(0, 0.6); r = f + c. Ages are calendar
//    ages: a child turns n on its nth birthday, and the 18th birthday ends its referrals.
// 3. Referrals, drawn month by month from 6 months before birth (an "unborn" referral) until the 18th birthday,
//    at a yearly rate base(age) · e^{0.9 r} · (1 + min(referrals in the last 12 months, 4))^{0.4} · 1.3 while a
//    case is open · 0.4 while placed · a sex factor (boys 1.05 under 3, 1.22 at 3–13, 0.95 from 14) · a time
//    trend (3 % a year; 8 % a year for unborn children and ages 11–15, the groups that grow fastest).
//    base(age) rises with age (BASE_RATE_BY_AGE), so more referrals concern older children; unborn children
//    have their own rate, e^{0.7} higher when a sibling has been placed and e^{0.5} when the parent is under 20.
//    The referrals of one month are handled in date order, across the family's children.
// 4. Each referral: the source is drawn from age-specific shares (SOURCE_WEIGHTS: health services for unborn
//    children and infants, day care for 3–5, school from 6, police more for teenagers), so that schools send
//    about three times as many as day care and after-school care, and schools, health and police most.
//    Severity is the screening's ordered category, 1 concern, 2 serious concern or 3 acute (violence or abuse),
//    as a case system records it: 1.55 + 0.3·r + a source shift (police +0.35 … anonymous −0.2) + N(0, 0.55),
//    rounded to the nearest level and kept in 1–3 (never a value between two levels).
// 5. The features are computed from the history strictly before the referral's date (REFERRAL_FEATURE_NAMES),
//    and whether the referral's handling leads to a placement outside the home within 12 months is drawn from
//    the stated logistic model (the draw, SyntheticReferral.placedWithin12Months).
// 6. Consequences that later referrals see. A child assessment (ICS) unless one is under way, with
//    P = σ(−1.2 + 1.5·(severity − 1.8) + 0.45 r + 0.6 if ever placed − 1.5 if a case is open), completed
//    45–150 days later with Binomial(7, σ(−1.4 + 0.6 r + 0.5·(severity − 2))) of its seven dimensions flagged
//    with concern; then, unless one is running, a preventive measure with P = σ(−0.8 + 0.35·flags + 0.3 r)
//    lasting 6–25 months. A placement when the outcome is drawn positive, unless one is running or due:
//    it starts 1 week to 12 months later (early more likely) and lasts 3 months to 5 years. A case is open
//    from a referral that starts an assessment until the assessment, measure or placement ends.
//
// Sex has no direct effect on the outcome; it reaches the features only through the referral rate (boys are
// referred more often in the school years, so they carry more prior referrals), which is why a fairness table
// by sex is meaningful.
//
// The draw is not the outcome a municipality sees. The host records placements, and the model's outcome is
// whether the child has one beginning within 12 months of the referral (plugin/synthetic/host-outcome, by the
// rule `validate` applies): a referral drawn "not placed" can be followed by a placement that a later referral's
// draw produced, and one drawn "placed" while the child is already placed or due adds no placement (see 6). So
// about 6 % of referrals are drawn "placed", while some 9 % are followed by a placement. The demo models are
// trained on, and their cards report, the host-defined outcome; the draw is kept to test the stated model.

import { ADULT_AGE_YEARS, birthdayDays, completedYears, exactAgeOnDay, exactAgeYears } from '../calendar-age';
import { DAYS_PER_YEAR, dayToIso, isoToDay } from './calendar-days';
import { placementProbability } from './placement-outcome';
import {
  REFERRAL_FEATURE_NAMES,
  REFERRAL_SOURCES,
  SOURCE_COLUMN,
  type ReferralFeatures,
  type ReferralSource,
} from './referral-features';
import { SeededRandom } from './seeded-random';

export type ChildSex = 'male' | 'female';

export interface ReferralGeneratorOptions {
  /** Seed of the random streams; the same seed gives the same population. */
  readonly seed: number;
  /** Number of referrals dated in the study window (the data set); families are added until it is reached. */
  readonly referralCount: number;
  /** First day of the study window (inclusive), ISO date. Default 2016-01-01. */
  readonly windowStart?: string;
  /** End of the study window (exclusive), ISO date. Default 2024-01-01, so every outcome has 12 months. */
  readonly windowEnd?: string;
}

export interface SyntheticFamily {
  readonly id: number;
  /** The youngest registered parent's age at the first child's birth, in years. */
  readonly youngestParentAgeAtFirstBirth: number;
  /** The youngest registered parent's birth date: every parent age feature is computed from it by the calendar. */
  readonly youngestParentBirthDate: string;
  /** Whether the household has a single parent, from each date on (the first entry is the start). */
  readonly householdChanges: ReadonlyArray<{ readonly date: string; readonly singleParent: boolean }>;
  /** Dates the household moved. */
  readonly moves: readonly string[];
}

export interface SyntheticChild {
  readonly id: number;
  readonly familyId: number;
  /** Registered sex, for fairness reporting only; never a model feature. */
  readonly sex: ChildSex;
  readonly birthDate: string;
  /** The expected date of birth (termin) recorded during the pregnancy, within two weeks of the birth. */
  readonly expectedBirthDate: string;
}

export interface SyntheticReferral {
  readonly id: number;
  readonly familyId: number;
  readonly childId: number;
  readonly date: string;
  /** Whether the referral is dated in the study window (these form the data set). */
  readonly inStudyWindow: boolean;
  /** The child's registered sex, for fairness reporting only; never a model feature. */
  readonly sex: ChildSex;
  readonly source: ReferralSource;
  /** The model features, computed from the history before `date`. */
  readonly features: ReferralFeatures;
  /** The probability that the referral's handling leads to a placement within 12 months under the stated model. */
  readonly placementProbability: number;
  /**
   * The draw from that probability: a placement follows from this referral unless the child is already placed or
   * due. Not the model's outcome, which counts every placement of the child (plugin/synthetic/host-outcome).
   */
  readonly placedWithin12Months: boolean;
}

export type MeasureKind = 'preventive' | 'placement';

export interface SyntheticMeasure {
  readonly id: number;
  readonly familyId: number;
  readonly childId: number;
  readonly kind: MeasureKind;
  readonly start: string;
  /** Exclusive end date; it may lie after the study window. */
  readonly end: string;
  /** The referral whose handling led to the measure. */
  readonly referralId: number;
}

export interface SyntheticAssessment {
  readonly id: number;
  readonly familyId: number;
  readonly childId: number;
  readonly referralId: number;
  readonly started: string;
  readonly completed: string;
  /** Number of the seven ICS dimensions flagged with concern (0–7). */
  readonly concernsFlagged: number;
}

export interface SyntheticPopulation {
  readonly seed: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly families: readonly SyntheticFamily[];
  readonly children: readonly SyntheticChild[];
  /** Every referral of every child, also those before the study window (they are history for the features). */
  readonly referrals: readonly SyntheticReferral[];
  /** The referrals dated in the study window: exactly `referralCount` of them. */
  readonly studyReferrals: readonly SyntheticReferral[];
  readonly measures: readonly SyntheticMeasure[];
  readonly assessments: readonly SyntheticAssessment[];
}

export const DEFAULT_WINDOW_START = '2016-01-01';
export const DEFAULT_WINDOW_END = '2024-01-01';

const FIRST_BIRTH_FROM = isoToDay('1990-01-01');
const TREND_ORIGIN = isoToDay('2016-01-01');
const MONTH_DAYS = DAYS_PER_YEAR / 12;
const UNBORN_DAYS = 183;
/** The oldest a parent is at a birth in the simulation: a family has no more children after that. */
const MAX_PARENT_AGE_AT_BIRTH = 50;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const round1 = (x: number): number => Math.round(x * 10) / 10;
/** The screening's severity level (1, 2 or 3) nearest to a drawn strength of concern. */
export const severityLevel = (x: number): 1 | 2 | 3 => (x < 1.5 ? 1 : x < 2.5 ? 2 : 3);

/** Referral rate a year at each whole age 0–17 for r = 0 in 2016 (boys and girls alike). */
const BASE_RATE_BY_AGE = [
  0.03, 0.025, 0.025, 0.027, 0.029, 0.031, 0.034, 0.036, 0.039, 0.042, 0.046, 0.051, 0.056, 0.06, 0.062, 0.061,
  0.055, 0.046,
];
const BASE_RATE_UNBORN = 0.06;

/** Source shares (relative weights) by age group, in REFERRAL_SOURCES order. */
const SOURCE_ORDER: readonly ReferralSource[] = REFERRAL_SOURCES;
const SOURCE_WEIGHTS: Record<'unborn' | 'infant' | 'preschool' | 'school' | 'preteen' | 'teen', number[]> = {
  //          school daycare health police family anon social child other
  unborn: [0, 0, 58, 6, 8, 4, 18, 0, 6],
  infant: [0, 12, 33, 20, 10, 7, 12, 0, 6],
  preschool: [0, 38, 18, 15, 9, 6, 9, 0, 5],
  school: [50, 12, 10, 12, 8, 6, 8, 1, 4],
  preteen: [44, 5, 11, 17, 8, 6, 8, 2, 4],
  teen: [31, 0, 13, 30, 7, 5, 8, 3, 4],
};
const SEVERITY_SHIFT: Record<ReferralSource, number> = {
  school: -0.1,
  daycare: -0.15,
  health: 0.1,
  police: 0.35,
  family: 0,
  anonymous: -0.2,
  social_services: 0.1,
  child: 0.2,
  other: 0,
};

function sourceGroup(unborn: boolean, age: number): keyof typeof SOURCE_WEIGHTS {
  if (unborn) return 'unborn';
  if (age < 3) return 'infant';
  if (age < 6) return 'preschool';
  if (age < 10) return 'school';
  if (age < 14) return 'preteen';
  return 'teen';
}

function sexFactor(sex: ChildSex, unborn: boolean, age: number): number {
  if (sex === 'female' || unborn) return 1;
  if (age < 3) return 1.05;
  if (age < 14) return 1.22;
  return 0.95;
}

function trendFactor(day: number, unborn: boolean, age: number): number {
  const years = (day - TREND_ORIGIN) / DAYS_PER_YEAR;
  const growing = unborn || (age >= 11 && age < 16);
  return Math.exp((growing ? 0.08 : 0.03) * years);
}

/** Everything a family's simulation keeps about one child. */
interface ChildState {
  readonly id: number;
  readonly sex: ChildSex;
  readonly birthDay: number;
  /** The days of birthdays 0–18 (plugin/calendar-age), for its age on any day. */
  readonly birthdays: Int32Array;
  /** The day of the 18th birthday: no referral from then on. */
  readonly adultDay: number;
  readonly expectedBirthDay: number;
  readonly risk: number;
  /** The parent's age at the birth, and at the expected birth (for referrals before the birth). */
  readonly parentAgeAtBirth: number;
  readonly parentAgeAtExpectedBirth: number;
  readonly referralDays: number[];
  readonly preventiveStarts: number[];
  readonly placements: Array<{ start: number; end: number }>;
  /** Completed assessments in order of completion: [completion day, flags]. */
  readonly assessments: Array<{ completed: number; flags: number }>;
  assessmentUntil: number;
  preventiveUntil: number;
  caseOpenUntil: number;
}

interface FamilyState {
  readonly id: number;
  readonly risk: number;
  readonly children: ChildState[];
  /** [day, singleParent] in order. */
  readonly household: Array<{ day: number; single: boolean }>;
  readonly moveDays: number[];
}

const countBefore = (days: readonly number[], day: number): number => {
  let n = 0;
  for (const d of days) if (d < day) n++;
  return n;
};
const countInWindow = (days: readonly number[], from: number, to: number): number => {
  let n = 0;
  for (const d of days) if (d >= from && d < to) n++;
  return n;
};

function singleParentAt(family: FamilyState, day: number): boolean {
  let single = family.household[0]!.single;
  for (const change of family.household) {
    if (change.day >= day) break;
    single = change.single;
  }
  return single;
}

function isPlacedOrDue(child: ChildState, day: number): boolean {
  for (const p of child.placements) if (p.end > day) return true;
  return false;
}

function isPlaced(child: ChildState, day: number): boolean {
  for (const p of child.placements) if (p.start <= day && p.end > day) return true;
  return false;
}

function placementsBefore(child: ChildState, day: number): number {
  let n = 0;
  for (const p of child.placements) if (p.start < day) n++;
  return n;
}

function insertSorted(days: number[], day: number): void {
  let i = days.length;
  while (i > 0 && days[i - 1]! > day) i--;
  days.splice(i, 0, day);
}

/** The features of a referral on `day` about `child`, from the family's history strictly before that day. */
function referralFeatures(family: FamilyState, child: ChildState, day: number, source: ReferralSource, severity: number): ReferralFeatures {
  const unborn = day < child.birthDay;
  const yearAgo = day - 365;
  let siblingReferrals = 0;
  let siblingReferrals12m = 0;
  let siblingPreventive = 0;
  let siblingPlacements = 0;
  for (const sibling of family.children) {
    if (sibling === child) continue;
    siblingReferrals += countBefore(sibling.referralDays, day);
    siblingReferrals12m += countInWindow(sibling.referralDays, yearAgo, day);
    siblingPreventive += countBefore(sibling.preventiveStarts, day);
    siblingPlacements += placementsBefore(sibling, day);
  }
  let ics = 0;
  for (const a of child.assessments) if (a.completed < day) ics = a.flags;

  const features = {} as ReferralFeatures;
  for (const name of REFERRAL_FEATURE_NAMES) features[name] = 0;
  features.age_years = unborn ? 0 : exactAgeOnDay(child.birthdays, day, 2);
  features.unborn = unborn ? 1 : 0;
  features.prior_referrals_total = countBefore(child.referralDays, day);
  features.prior_referrals_12m = countInWindow(child.referralDays, yearAgo, day);
  features.sibling_referrals_total = siblingReferrals;
  features.sibling_referrals_12m = siblingReferrals12m;
  const column = SOURCE_COLUMN[source];
  if (column) features[column] = 1;
  features.severity = severity;
  features.prior_preventive_measures = countBefore(child.preventiveStarts, day);
  features.prior_placements = placementsBefore(child, day);
  features.sibling_preventive_measures = siblingPreventive;
  features.sibling_placements = siblingPlacements;
  features.open_case = day < child.caseOpenUntil ? 1 : 0;
  features.household_moves_3y = countInWindow(family.moveDays, day - 1095, day);
  // Before the birth, the host knows the expected date of birth, not the birth: the parent's age is taken there.
  features.parent_age_at_birth = unborn ? child.parentAgeAtExpectedBirth : child.parentAgeAtBirth;
  features.single_parent_household = singleParentAt(family, day) ? 1 : 0;
  features.ics_concerns_last_assessment = ics;
  return features;
}

/** Collects a family's records as it is simulated, and counts study referrals against the budget. */
class PopulationSink {
  readonly families: SyntheticFamily[] = [];
  readonly children: SyntheticChild[] = [];
  readonly referrals: SyntheticReferral[] = [];
  readonly studyReferrals: SyntheticReferral[] = [];
  readonly measures: SyntheticMeasure[] = [];
  readonly assessments: SyntheticAssessment[] = [];
  constructor(readonly target: number) {}
  get remaining(): number {
    return this.target - this.studyReferrals.length;
  }
}

const FAMILY_SIZE_SHARES = [0.38, 0.34, 0.18, 0.07, 0.03];

function simulateFamily(
  rng: SeededRandom,
  windowStart: number,
  windowEnd: number,
  sink: PopulationSink,
): void {
  const familyId = sink.families.length + 1;
  const risk = rng.normal();
  const parentAgeAtFirstBirth = round1(Math.min(46, Math.max(14, 27.5 - 2.2 * risk + rng.normal(0, 4.5))));
  // Births run until half a year after the window, so the last months hold referrals about children not yet born.
  const lastBirthBefore = windowEnd + UNBORN_DAYS;
  const firstBirth = FIRST_BIRTH_FROM + rng.int(lastBirthBefore - FIRST_BIRTH_FROM);
  const parentBirth = dayToIso(firstBirth - Math.round(parentAgeAtFirstBirth * DAYS_PER_YEAR));
  const size = 1 + rng.weightedIndex(FAMILY_SIZE_SHARES);
  const family: FamilyState = {
    id: familyId,
    risk,
    children: [],
    household: [{ day: firstBirth - UNBORN_DAYS, single: rng.bernoulli(sigmoid(-1.3 + 0.7 * risk)) }],
    moveDays: [],
  };
  let birth = firstBirth;
  for (let k = 0; k < size && birth < lastBirthBefore && completedYears(parentBirth, dayToIso(birth)) < MAX_PARENT_AGE_AT_BIRTH; k++) {
    const birthIso = dayToIso(birth);
    const expectedBirthDay = birth + rng.int(29) - 14;
    const birthdays = birthdayDays(birthIso, ADULT_AGE_YEARS);
    family.children.push({
      id: sink.children.length + family.children.length + 1,
      sex: rng.bernoulli(0.513) ? 'male' : 'female',
      birthDay: birth,
      birthdays,
      adultDay: birthdays[ADULT_AGE_YEARS]!,
      expectedBirthDay,
      risk: risk + rng.normal(0, 0.6),
      parentAgeAtBirth: exactAgeYears(parentBirth, birthIso, 1),
      parentAgeAtExpectedBirth: exactAgeYears(parentBirth, dayToIso(expectedBirthDay), 1),
      referralDays: [],
      preventiveStarts: [],
      placements: [],
      assessments: [],
      assessmentUntil: -Infinity,
      preventiveUntil: -Infinity,
      caseOpenUntil: -Infinity,
    });
    birth += Math.floor(DAYS_PER_YEAR * (1 + 5 * rng.uniform() * rng.uniform()));
  }

  const start = firstBirth - UNBORN_DAYS;
  const lastChild = family.children[family.children.length - 1]!;
  // A family whose children were all grown up before the study window adds nothing to it: leave it out.
  if (lastChild.adultDay <= windowStart) return;
  const end = Math.min(windowEnd, lastChild.adultDay);
  const separationPerMonth = (0.04 * Math.exp(0.4 * risk)) / 12;
  const couplingPerMonth = 0.08 / 12;
  const movePerMonth = (0.09 * Math.exp(0.5 * risk)) / 12;
  let stopped = false;

  const newReferrals: SyntheticReferral[] = [];
  const newMeasures: SyntheticMeasure[] = [];
  const newAssessments: SyntheticAssessment[] = [];
  const referralIdBase = sink.referrals.length;

  for (let m = 0; !stopped; m++) {
    const monthStart = start + Math.floor(m * MONTH_DAYS);
    if (monthStart >= end) break;
    const monthLength = Math.min(start + Math.floor((m + 1) * MONTH_DAYS), end) - monthStart;

    // Household: a change of single-parent status or a move happens on a random day of the month.
    const single = family.household[family.household.length - 1]!.single;
    if (rng.bernoulli(single ? couplingPerMonth : separationPerMonth)) {
      const day = monthStart + rng.int(monthLength);
      family.household.push({ day, single: !single });
      if (!single && rng.bernoulli(0.6)) insertSorted(family.moveDays, day);
    }
    if (rng.bernoulli(movePerMonth * (single ? 1.6 : 1))) insertSorted(family.moveDays, monthStart + rng.int(monthLength));

    // Referrals of the month, drawn per child from the state at the start of the month, then handled in date order.
    let due: Array<{ day: number; child: ChildState }> | null = null;
    for (const child of family.children) {
      if (monthStart < child.birthDay - UNBORN_DAYS || monthStart >= child.adultDay) continue;
      const unborn = monthStart < child.birthDay;
      const age = unborn ? 0 : exactAgeOnDay(child.birthdays, monthStart);
      let rate: number;
      if (unborn) {
        let siblingPlaced = false;
        for (const s of family.children) if (s !== child && placementsBefore(s, monthStart) > 0) siblingPlaced = true;
        rate =
          BASE_RATE_UNBORN *
          Math.exp(0.9 * child.risk + (siblingPlaced ? 0.7 : 0) + (child.parentAgeAtBirth < 20 ? 0.5 : 0));
      } else {
        rate = BASE_RATE_BY_AGE[Math.floor(age)]! * Math.exp(0.9 * child.risk);
      }
      const recent = countInWindow(child.referralDays, monthStart - 365, monthStart);
      rate *= Math.pow(1 + Math.min(recent, 4), 0.4);
      if (monthStart < child.caseOpenUntil) rate *= 1.3;
      if (isPlaced(child, monthStart)) rate *= 0.4;
      rate *= sexFactor(child.sex, unborn, age) * trendFactor(monthStart, unborn, age);
      if (!rng.bernoulli(Math.min(0.6, rate / 12))) continue;
      const day = monthStart + rng.int(monthLength);
      if (day >= child.adultDay) continue;
      (due ??= []).push({ day, child });
    }
    if (!due) continue;
    due.sort((a, b) => a.day - b.day || a.child.id - b.child.id);

    for (const { day, child } of due) {
      const unborn = day < child.birthDay;
      const age = unborn ? 0 : exactAgeOnDay(child.birthdays, day);
      const source = SOURCE_ORDER[rng.weightedIndex(SOURCE_WEIGHTS[sourceGroup(unborn, age)])]!;
      const severity = severityLevel(1.55 + 0.3 * child.risk + SEVERITY_SHIFT[source] + rng.normal(0, 0.55));
      const features = referralFeatures(family, child, day, source, severity);
      const probability = placementProbability(features);
      const placed = rng.bernoulli(probability);
      const referralId = referralIdBase + newReferrals.length + 1;
      const inStudyWindow = day >= windowStart && day < windowEnd;
      newReferrals.push({
        id: referralId,
        familyId,
        childId: child.id,
        date: dayToIso(day),
        inStudyWindow,
        sex: child.sex,
        source,
        features,
        placementProbability: probability,
        placedWithin12Months: placed,
      });
      child.referralDays.push(day);

      // What the handling of the referral leads to; later referrals see it through the features.
      const hadPlacement = child.placements.some((p) => p.start < day);
      if (
        day >= child.assessmentUntil &&
        rng.bernoulli(
          sigmoid(-1.2 + 1.5 * (severity - 1.8) + 0.45 * child.risk + (hadPlacement ? 0.6 : 0) - 1.5 * features.open_case),
        )
      ) {
        const completed = day + 45 + rng.int(106);
        const flags = rng.binomial(7, sigmoid(-1.4 + 0.6 * child.risk + 0.5 * (severity - 2)));
        child.assessmentUntil = completed;
        child.assessments.push({ completed, flags });
        child.caseOpenUntil = Math.max(child.caseOpenUntil, completed);
        newAssessments.push({
          id: sink.assessments.length + newAssessments.length + 1,
          familyId,
          childId: child.id,
          referralId,
          started: dayToIso(day),
          completed: dayToIso(completed),
          concernsFlagged: flags,
        });
        if (completed >= child.preventiveUntil && rng.bernoulli(sigmoid(-0.8 + 0.35 * flags + 0.3 * child.risk))) {
          const measureEnd = completed + 180 + rng.int(581);
          child.preventiveStarts.push(completed);
          child.preventiveUntil = measureEnd;
          child.caseOpenUntil = Math.max(child.caseOpenUntil, measureEnd);
          newMeasures.push(measure(sink, newMeasures, familyId, child.id, 'preventive', completed, measureEnd, referralId));
        }
      }
      if (placed && !isPlacedOrDue(child, day)) {
        const u = rng.uniform();
        const placementStart = day + 7 + Math.floor(358 * u * u);
        const placementEnd = placementStart + 90 + rng.int(1736);
        child.placements.push({ start: placementStart, end: placementEnd });
        child.caseOpenUntil = Math.max(child.caseOpenUntil, placementEnd);
        newMeasures.push(
          measure(sink, newMeasures, familyId, child.id, 'placement', placementStart, placementEnd, referralId),
        );
      }

      if (inStudyWindow && sink.remaining - countStudy(newReferrals) === 0) {
        stopped = true; // the data set is complete: the family's history ends here, as an extraction would
        break;
      }
    }
  }

  sink.families.push({
    id: familyId,
    youngestParentAgeAtFirstBirth: parentAgeAtFirstBirth,
    youngestParentBirthDate: parentBirth,
    householdChanges: family.household.map((h) => ({ date: dayToIso(h.day), singleParent: h.single })),
    moves: family.moveDays.map(dayToIso),
  });
  for (const child of family.children) {
    sink.children.push({
      id: child.id,
      familyId,
      sex: child.sex,
      birthDate: dayToIso(child.birthDay),
      expectedBirthDate: dayToIso(child.expectedBirthDay),
    });
  }
  for (const referral of newReferrals) {
    sink.referrals.push(referral);
    if (referral.inStudyWindow) sink.studyReferrals.push(referral);
  }
  sink.measures.push(...newMeasures);
  sink.assessments.push(...newAssessments);
}

function countStudy(referrals: readonly SyntheticReferral[]): number {
  let n = 0;
  for (const r of referrals) if (r.inStudyWindow) n++;
  return n;
}

function measure(
  sink: PopulationSink,
  pending: readonly SyntheticMeasure[],
  familyId: number,
  childId: number,
  kind: MeasureKind,
  start: number,
  end: number,
  referralId: number,
): SyntheticMeasure {
  return {
    id: sink.measures.length + pending.length + 1,
    familyId,
    childId,
    kind,
    start: dayToIso(start),
    end: dayToIso(end),
    referralId,
  };
}

/**
 * Generates a synthetic population whose study window holds exactly `referralCount` referrals.
 * Deterministic: the same options give the same population, record for record.
 */
export function generateSyntheticPopulation(options: ReferralGeneratorOptions): SyntheticPopulation {
  const windowStartIso = options.windowStart ?? DEFAULT_WINDOW_START;
  const windowEndIso = options.windowEnd ?? DEFAULT_WINDOW_END;
  const windowStart = isoToDay(windowStartIso);
  const windowEnd = isoToDay(windowEndIso);
  if (!(windowEnd > windowStart)) throw new RangeError('windowEnd must come after windowStart');
  if (!Number.isInteger(options.referralCount) || options.referralCount < 1) {
    throw new RangeError('referralCount must be a positive whole number');
  }
  const sink = new PopulationSink(options.referralCount);
  for (let familyIndex = 0; sink.remaining > 0; familyIndex++) {
    simulateFamily(new SeededRandom(options.seed, familyIndex), windowStart, windowEnd, sink);
  }
  return {
    seed: options.seed,
    windowStart: windowStartIso,
    windowEnd: windowEndIso,
    families: sink.families,
    children: sink.children,
    referrals: sink.referrals,
    studyReferrals: sink.studyReferrals,
    measures: sink.measures,
    assessments: sink.assessments,
  };
}

/** The referrals of the study window alone: the data set the demo models are trained on. */
export function generateSyntheticReferrals(options: ReferralGeneratorOptions): readonly SyntheticReferral[] {
  return generateSyntheticPopulation(options).studyReferrals;
}
