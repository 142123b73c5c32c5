// The follow-up report for one child and period, as data: each indicator's points over time, the latest
// value, the change since the previous and the first measurement (reliable where the instrument defines it),
// the social factors from the host, the goals with their GAS T-score, and the findings a summary is written
// from: what got better, what got worse, what is missing. Pure: records in, a report out; no text, no I/O.
// Findings state what the measurements show; they never advise and never predict. Each instrument by its own
// rules: a reliable change only within one ORS/CORS form, SDQ bands only at the ages their norms cover, a GAS
// T-score compared only over the same goals and weights, Trivselslineal changes never called reliable. A
// stored value that is invalid is shown as invalid; it never fails the report.
import { addMonths, ageOn, summariseSeries, type ChangeSummary, type Polarity, type SeriesPoint, type SkippedPoint } from './change-over-time';
import type { AbsencePeriod, Goal, GoalRating, HostFollowUpData, HostMeasureChange, HostReferral, Measurement, Respondent } from './follow-up-records';
import { intervalMonths, type FollowUpSchedule } from './follow-up-schedule';
import { gasTScore, isGasScore } from './instruments/gas-scoring';
import { ORS_NORMS, orsReliableChange, scoreOrs, type OrsForm, type OrsNorm, type OrsScores } from './instruments/ors-scoring';
import { scoreSdq, SDQ_BANDS, SDQ_SELF_REPORT_MIN_AGE, sdqNormProblem, type SdqInformant, type SdqScores } from './instruments/sdq-scoring';
import { DEFAULT_WELLBEING_AREAS, type WellbeingRulerConfig } from './instruments/wellbeing-ruler';
import { checkOrsValues, checkRulerValue, checkSdqValues } from './stored-values';

export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

export interface FollowUpReportInput {
  readonly host: HostFollowUpData;
  /** The plugin's own measurements for the child. */
  readonly measurements: readonly Measurement[];
  readonly goals: readonly Goal[];
  readonly goalRatings: readonly GoalRating[];
  readonly schedule: FollowUpSchedule | null;
  readonly lastReportDate: string | null;
  readonly period: ReportPeriod;
  readonly ruler: WellbeingRulerConfig;
}

export interface OrsPoint extends OrsScores {
  readonly date: string;
  readonly age: number | null;
  /** Lines that held an invalid stored value (shown as invalid; the total is then missing). */
  readonly invalid: readonly string[];
}

export interface SdqPoint {
  readonly date: string;
  readonly age: number | null;
  /** null when the stored form held an invalid value (named in `invalid`). */
  readonly scores: SdqScores | null;
  readonly invalid: readonly string[];
  /** Why the published bands do not apply (the scores are then shown without bands); null when they do. */
  readonly normProblem: 'age-unknown' | 'age-outside-norms' | null;
}

export interface SdqInformantIndicator {
  readonly informant: SdqInformant;
  readonly respondent: Respondent;
  readonly points: readonly SdqPoint[];
  /** Change of the total difficulties score (lower is better; SDQ publishes no reliable change index). */
  readonly change: ChangeSummary;
  readonly expected: boolean;
}

export interface RulerAreaIndicator {
  readonly area: string;
  readonly name: { readonly da: string; readonly en?: string };
  readonly change: ChangeSummary;
  /** Stored ratings that are not on the configured ruler (out of range, not whole, or another ruler's). */
  readonly invalid: ReadonlyArray<{ readonly date: string; readonly value: unknown }>;
}

export interface GoalIndicator {
  readonly goal: Goal;
  readonly change: ChangeSummary;
  readonly invalid: ReadonlyArray<{ readonly date: string; readonly value: unknown }>;
}

export interface GasPoint {
  readonly date: string;
  readonly tScore: number;
  readonly scoredGoals: number;
  readonly unscoredGoals: number;
  /** The goals (and weights) this T-score rests on; two T-scores compare only over the same set. */
  readonly goals: ReadonlyArray<{ readonly goalId: string; readonly weight: number }>;
  /** Goals agreed by this date that were not rated on it. */
  readonly unrated: readonly string[];
}

export type IndicatorKey = 'ors' | 'sdq-parent' | 'sdq-teacher' | 'sdq-self' | 'ruler' | 'goals';
type SdqKey = 'sdq-parent' | 'sdq-teacher' | 'sdq-self';

export interface GoalChange {
  readonly goalId: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly fromDate: string | null;
  readonly toDate: string | null;
}

export type Finding =
  | { readonly kind: 'better' | 'worse'; readonly indicator: 'ors'; readonly from: number; readonly to: number; readonly fromDate: string; readonly toDate: string; readonly form: OrsForm | null }
  | { readonly kind: 'within-noise'; readonly indicator: 'ors'; readonly from: number; readonly to: number; readonly threshold: number }
  | { readonly kind: 'better' | 'worse'; readonly indicator: SdqKey; readonly from: number; readonly to: number; readonly fromBand: string; readonly toBand: string }
  | { readonly kind: 'better' | 'worse'; readonly indicator: 'goals'; readonly from: number; readonly to: number }
  /** A change on a scale without a reliable change index (the Trivselslineal): reported, never as reliable. */
  | { readonly kind: 'ruler-change'; readonly indicator: 'ruler'; readonly area: string; readonly from: number; readonly to: number; readonly direction: 'better' | 'worse'; readonly fromDate: string; readonly toDate: string }
  /** Two ORS values on different forms (or limits): both values, no change computed. */
  | { readonly kind: 'not-comparable'; readonly indicator: 'ors'; readonly from: number; readonly to: number; readonly fromForm: OrsForm | null; readonly toForm: OrsForm | null; readonly fromDate: string; readonly toDate: string }
  | { readonly kind: 'gas-not-comparable'; readonly indicator: 'goals'; readonly fromDate: string; readonly toDate: string; readonly added: readonly string[]; readonly notRated: readonly string[]; readonly reweighted: readonly string[]; readonly goals: readonly GoalChange[] }
  | { readonly kind: 'missing'; readonly indicator: IndicatorKey; readonly since: string | null }
  | { readonly kind: 'invalid'; readonly indicator: IndicatorKey; readonly date: string; readonly fields: readonly string[]; readonly area?: string; readonly goalId?: string }
  | { readonly kind: 'sdq-no-norm'; readonly indicator: SdqKey; readonly date: string; readonly age: number | null; readonly reason: 'age-unknown' | 'age-outside-norms' }
  | { readonly kind: 'new-referrals'; readonly count: number; readonly since: string }
  | { readonly kind: 'measure-change'; readonly change: HostMeasureChange }
  | { readonly kind: 'form-changed'; readonly from: OrsForm; readonly to: OrsForm; readonly date: string; readonly cutoff: number }
  | { readonly kind: 'norm-changed'; readonly from: OrsNorm; readonly to: OrsNorm; readonly date: string; readonly cutoff: number };

export interface FollowUpReport {
  readonly child: { readonly childId: string; readonly name: string; readonly birthDate: string | null; readonly age: number | null };
  readonly period: ReportPeriod;
  readonly staleAfterMonths: number;
  readonly ors: { readonly points: readonly OrsPoint[]; readonly change: ChangeSummary; readonly expected: boolean };
  readonly sdq: readonly SdqInformantIndicator[];
  readonly ruler: { readonly config: WellbeingRulerConfig; readonly areas: readonly RulerAreaIndicator[] };
  readonly goals: readonly GoalIndicator[];
  readonly gas: { readonly points: readonly GasPoint[]; readonly change: ChangeSummary };
  readonly social: {
    readonly referralsInPeriod: readonly HostReferral[];
    readonly referralsSinceLastReport: number;
    readonly lastReportDate: string | null;
    readonly changesInPeriod: readonly HostMeasureChange[];
    readonly absence: readonly AbsencePeriod[] | null;
  };
  readonly findings: readonly Finding[];
}

const inPeriod = (date: string, p: ReportPeriod) => date >= p.from && date <= p.to;

/** One measurement per key and day: the one entered last wins (a correction is a newer row). */
function latestPerDay(measurements: readonly Measurement[], key: (m: Measurement) => string): Measurement[] {
  const chosen = new Map<string, Measurement>();
  for (const m of measurements) chosen.set(`${key(m)}|${m.measuredOn}`, m);
  return [...chosen.values()].sort((a, b) => (a.measuredOn < b.measuredOn ? -1 : a.measuredOn > b.measuredOn ? 1 : 0));
}

const SDQ_RESPONDENT: Record<SdqInformant, Respondent> = { parent: 'parent', teacher: 'teacher', self: 'child' };

/** The key of a set of goals with their weights: T-scores with different keys are not one scale. */
const goalSetKey = (goals: ReadonlyArray<{ goalId: string; weight: number }>) =>
  [...goals].sort((a, b) => (a.goalId < b.goalId ? -1 : a.goalId > b.goalId ? 1 : 0)).map((g) => `${g.goalId}:${g.weight}`).join('|');

export function buildFollowUpReport(input: FollowUpReportInput): FollowUpReport {
  const { period, host } = input;
  const birth = host.child.birthDate;
  const age = birth === null ? null : ageOn(birth, period.to);
  const ageAt = (date: string) => (birth === null ? null : ageOn(birth, date));
  const staleAfterMonths = input.schedule ? intervalMonths(input.schedule.timesPerYear) : 6;
  const staleBefore = addMonths(period.to, -staleAfterMonths);
  const all = [...host.rulerRatings, ...input.measurements].filter((m) => m.measuredOn <= period.to);
  const findings: Finding[] = [];
  const missing = (indicator: IndicatorKey, dates: readonly string[]) => {
    const last = dates.length > 0 ? dates.reduce((a, b) => (a > b ? a : b)) : null;
    if (last === null || last < staleBefore) findings.push({ kind: 'missing', indicator, since: last });
  };

  // ORS / CORS: the child's own voice. A value on the CORS and one on the ORS are two values on two forms.
  const orsAll = latestPerDay(all.filter((m) => m.instrument === 'ORS' && m.respondent === 'child'), () => 'ors');
  const orsPoints: OrsPoint[] = [];
  for (const m of orsAll) {
    if (m.instrument !== 'ORS' || !inPeriod(m.measuredOn, period)) continue;
    const a = ageAt(m.measuredOn);
    const checked = checkOrsValues(m.values);
    const scores = scoreOrs({ items: checked.value }, a ?? 0);
    const total = checked.invalid.length > 0 ? null : scores.total;
    orsPoints.push({ date: m.measuredOn, age: a, ...scores, total, clinicalRange: total === null ? null : scores.clinicalRange, invalid: checked.invalid });
  }
  const orsSeries: SeriesPoint[] = orsPoints.filter((p) => p.total !== null).map((p) => ({ date: p.date, value: p.total!, reliableChange: orsReliableChange(p.norm), form: p.form }));
  const orsUnusable: SkippedPoint[] = orsPoints.filter((p) => p.total === null).map((p) => ({ date: p.date, reason: p.invalid.length > 0 ? 'invalid' : 'incomplete' }));
  const orsChange = summariseSeries(orsSeries, 'higher-is-better', orsUnusable);
  const orsExpected = age !== null && age >= 6;
  if (orsExpected) missing('ors', orsAll.map((m) => m.measuredOn));
  const last = orsChange.sincePrevious;
  if (last) {
    const formOf = (p: SeriesPoint) => (p.form ?? null) as OrsForm | null;
    if (!last.comparable) findings.push({ kind: 'not-comparable', indicator: 'ors', from: last.from.value, to: last.to.value, fromForm: formOf(last.from), toForm: formOf(last.to), fromDate: last.from.date, toDate: last.to.date });
    else if (last.reliable === true) findings.push({ kind: last.direction === 'better' ? 'better' : 'worse', indicator: 'ors', from: last.from.value, to: last.to.value, fromDate: last.from.date, toDate: last.to.date, form: formOf(last.to) });
    else if (last.delta !== 0 && last.threshold !== null) findings.push({ kind: 'within-noise', indicator: 'ors', from: last.from.value, to: last.to.value, threshold: last.threshold });
  }
  for (let i = 1; i < orsPoints.length; i++) {
    const a = orsPoints[i - 1]!;
    const b = orsPoints[i]!;
    if (a.norm === null || b.norm === null || a.norm === b.norm) continue;
    if (a.form !== b.form) findings.push({ kind: 'form-changed', from: a.form!, to: b.form!, date: b.date, cutoff: ORS_NORMS[b.norm].clinicalCutoff });
    else findings.push({ kind: 'norm-changed', from: a.norm, to: b.norm, date: b.date, cutoff: ORS_NORMS[b.norm].clinicalCutoff });
  }
  for (const p of orsPoints) if (p.invalid.length > 0) findings.push({ kind: 'invalid', indicator: 'ors', date: p.date, fields: p.invalid });

  // SDQ per informant, banded only at the ages its norms were published for
  const sdq: SdqInformantIndicator[] = (['self', 'parent', 'teacher'] as const).map((informant) => {
    const respondent = SDQ_RESPONDENT[informant];
    const indicator = `sdq-${informant}` as const;
    const rows = latestPerDay(all.filter((m) => m.instrument === 'SDQ' && m.respondent === respondent), () => informant);
    const points: SdqPoint[] = rows
      .filter((m) => inPeriod(m.measuredOn, period))
      .map((m) => {
        const a = ageAt(m.measuredOn);
        const checked = checkSdqValues(m.values, informant);
        const normProblem = sdqNormProblem(informant, a);
        if (checked.invalid.length > 0) return { date: m.measuredOn, age: a, scores: null, invalid: checked.invalid, normProblem };
        const scores = scoreSdq({ informant, items: checked.value.items, impact: checked.value.impact, ageYears: a });
        return { date: m.measuredOn, age: a, scores, invalid: [], normProblem };
      });
    const usable = points.filter((p) => p.scores !== null && p.scores.totalDifficulties !== null);
    const unusable: SkippedPoint[] = points.filter((p) => !usable.includes(p)).map((p) => ({ date: p.date, reason: p.scores === null ? 'invalid' : 'incomplete' }));
    const change = summariseSeries(usable.map((p) => ({ date: p.date, value: p.scores!.totalDifficulties!, reliableChange: null })), 'lower-is-better', unusable);
    const expected = age !== null && age <= 17 && (informant === 'self' ? age >= SDQ_SELF_REPORT_MIN_AGE : informant === 'teacher' ? age >= 6 : age >= 4);
    if (expected) missing(indicator, rows.map((m) => m.measuredOn));
    const c = change.sincePrevious;
    if (c) {
      const bandOf = (date: string) => usable.find((p) => p.date === date)!.scores!.bands.totalDifficulties;
      const fromBand = bandOf(c.from.date);
      const toBand = bandOf(c.to.date);
      if (fromBand !== null && toBand !== null && fromBand !== toBand) findings.push({ kind: SDQ_BANDS.indexOf(toBand) < SDQ_BANDS.indexOf(fromBand) ? 'better' : 'worse', indicator, from: c.from.value, to: c.to.value, fromBand, toBand });
    }
    const flagged = points.filter((p) => p.normProblem !== null).at(-1);
    if (flagged) findings.push({ kind: 'sdq-no-norm', indicator, date: flagged.date, age: flagged.age, reason: flagged.normProblem! });
    for (const p of points) if (p.invalid.length > 0) findings.push({ kind: 'invalid', indicator, date: p.date, fields: p.invalid });
    return { informant, respondent, points, change, expected };
  });

  // Trivselslineal per area (the host's ratings and the plugin's, one per area and day), each checked
  // against the configured ruler; it has no reliable change index, so its changes are never "reliable".
  const polarity: Polarity = input.ruler.higherIsBetter ? 'higher-is-better' : 'lower-is-better';
  const rulerRows = latestPerDay(all.filter((m) => m.instrument === 'TRIVSELSLINEAL'), (m) => String(m.area));
  const areaList = input.ruler.areas ?? DEFAULT_WELLBEING_AREAS;
  const known = new Set(areaList.map((a) => a.code));
  const extraAreas = [...new Set(rulerRows.map((m) => String(m.area)).filter((a) => !known.has(a)))].map((code) => ({ code, name: { da: code } }));
  const areas: RulerAreaIndicator[] = [...areaList, ...extraAreas]
    .map((a) => {
      const rows = rulerRows.filter((m) => m.area === a.code && inPeriod(m.measuredOn, period)).map((m) => ({ date: m.measuredOn, raw: m.values as unknown, checked: checkRulerValue(m.values, input.ruler) }));
      const valid = rows.filter((r) => r.checked.value !== null);
      const invalid = rows.filter((r) => r.checked.value === null);
      return {
        area: a.code,
        name: a.name,
        change: summariseSeries(valid.map((r) => ({ date: r.date, value: r.checked.value!, reliableChange: null })), polarity, invalid.map((r) => ({ date: r.date, reason: 'invalid' as const }))),
        invalid: invalid.map((r) => ({ date: r.date, value: (r.raw as { value?: unknown } | null)?.value ?? null })),
      };
    })
    .filter((a) => a.change.points.length > 0 || a.invalid.length > 0 || known.has(a.area));
  missing('ruler', rulerRows.map((m) => m.measuredOn));
  for (const a of areas) {
    const c = a.change.sincePrevious;
    if (c && c.direction !== 'same') findings.push({ kind: 'ruler-change', indicator: 'ruler', area: a.area, from: c.from.value, to: c.to.value, direction: c.direction, fromDate: c.from.date, toDate: c.to.date });
    for (const x of a.invalid) findings.push({ kind: 'invalid', indicator: 'ruler', area: a.area, date: x.date, fields: ['value'] });
  }

  // Goals, each with its own change, and the GAS T-score at each date goals were rated. T-scores compare
  // only over the same goals with the same weights; otherwise the goals are compared one by one.
  const ratings = input.goalRatings.filter((r) => r.ratedOn <= period.to);
  const validGoal = (g: Goal) => Number.isFinite(g.weight) && g.weight > 0;
  const goals: GoalIndicator[] = input.goals.map((goal) => {
    const own = ratings.filter((r) => r.goalId === goal.goalId && inPeriod(r.ratedOn, period));
    return {
      goal,
      change: summariseSeries(own.filter((r) => isGasScore(r.score)).map((r) => ({ date: r.ratedOn, value: r.score, reliableChange: null })), 'higher-is-better', own.filter((r) => !isGasScore(r.score)).map((r) => ({ date: r.ratedOn, reason: 'invalid' as const }))),
      invalid: own.filter((r) => !isGasScore(r.score)).map((r) => ({ date: r.ratedOn, value: r.score as unknown })),
    };
  });
  for (const g of goals) for (const x of g.invalid) findings.push({ kind: 'invalid', indicator: 'goals', date: x.date, fields: ['score'], goalId: g.goal.goalId });
  const ratingDates = [...new Set(ratings.filter((r) => inPeriod(r.ratedOn, period) && isGasScore(r.score)).map((r) => r.ratedOn))].sort();
  const gasPoints: GasPoint[] = [];
  for (const date of ratingDates) {
    const active = input.goals.filter((g) => g.agreedOn <= date && validGoal(g));
    const scores = active.map((g) => {
      const r = [...ratings].reverse().find((x) => x.goalId === g.goalId && x.ratedOn === date && isGasScore(x.score));
      return { goalId: g.goalId, score: r ? r.score : null, weight: g.weight };
    });
    const t = gasTScore(scores);
    if (t.tScore !== null) gasPoints.push({ date, tScore: t.tScore, scoredGoals: t.scoredGoals, unscoredGoals: t.unscoredGoals.length, goals: scores.filter((s) => s.score !== null).map((s) => ({ goalId: s.goalId, weight: s.weight })), unrated: t.unscoredGoals });
  }
  const gasChange = summariseSeries(gasPoints.map((p) => ({ date: p.date, value: p.tScore, reliableChange: null, form: goalSetKey(p.goals) })), 'higher-is-better');
  if (input.goals.length === 0) findings.push({ kind: 'missing', indicator: 'goals', since: null });
  else {
    missing('goals', ratings.map((r) => r.ratedOn));
    const g = gasChange.sincePrevious;
    if (g && g.comparable && g.direction !== 'same') findings.push({ kind: g.direction, indicator: 'goals', from: g.from.value, to: g.to.value });
    if (g && !g.comparable) {
      const before = gasPoints.find((p) => p.date === g.from.date)!;
      const after = gasPoints.find((p) => p.date === g.to.date)!;
      const weightIn = (p: GasPoint, id: string) => p.goals.find((x) => x.goalId === id)?.weight;
      const ratingOn = (id: string, date: string) => [...ratings].reverse().find((r) => r.goalId === id && r.ratedOn === date && isGasScore(r.score))?.score ?? null;
      const involved = [...new Set([...before.goals, ...after.goals].map((x) => x.goalId))];
      findings.push({
        kind: 'gas-not-comparable',
        indicator: 'goals',
        fromDate: before.date,
        toDate: after.date,
        added: after.goals.filter((x) => weightIn(before, x.goalId) === undefined).map((x) => x.goalId),
        notRated: before.goals.filter((x) => weightIn(after, x.goalId) === undefined).map((x) => x.goalId),
        reweighted: after.goals.filter((x) => weightIn(before, x.goalId) !== undefined && weightIn(before, x.goalId) !== x.weight).map((x) => x.goalId),
        goals: input.goals.filter((x) => involved.includes(x.goalId)).map((x) => ({ goalId: x.goalId, from: ratingOn(x.goalId, before.date), to: ratingOn(x.goalId, after.date), fromDate: before.date, toDate: after.date })),
      });
    }
  }

  // Social factors from the host
  const referralsInPeriod = host.referrals.filter((r) => inPeriod(r.receivedOn, period));
  const since = input.lastReportDate ?? period.from;
  const referralsSinceLastReport = host.referrals.filter((r) => r.receivedOn > since && r.receivedOn <= period.to).length;
  if (referralsSinceLastReport > 0) findings.push({ kind: 'new-referrals', count: referralsSinceLastReport, since });
  const changesInPeriod = host.measureChanges.filter((c) => inPeriod(c.date, period));
  for (const change of changesInPeriod.filter((c) => c.date > since)) findings.push({ kind: 'measure-change', change });

  return {
    child: { childId: host.child.childId, name: host.child.name, birthDate: birth, age },
    period,
    staleAfterMonths,
    ors: { points: orsPoints, change: orsChange, expected: orsExpected },
    sdq,
    ruler: { config: input.ruler, areas },
    goals,
    gas: { points: gasPoints, change: gasChange },
    social: { referralsInPeriod, referralsSinceLastReport, lastReportDate: input.lastReportDate, changesInPeriod, absence: host.absence === null ? null : host.absence.filter((a) => inPeriod(a.periodEnd, period)) },
    findings: findings.sort((a, b) => FINDING_ORDER.indexOf(a.kind) - FINDING_ORDER.indexOf(b.kind)),
  };
}

const FINDING_ORDER: ReadonlyArray<Finding['kind']> = ['better', 'worse', 'within-noise', 'not-comparable', 'gas-not-comparable', 'ruler-change', 'form-changed', 'norm-changed', 'sdq-no-norm', 'invalid', 'missing', 'new-referrals', 'measure-change'];

