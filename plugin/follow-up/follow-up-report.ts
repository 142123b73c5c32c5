// The follow-up report for one child and period, as data: each indicator's points over time, the latest
// value, the change since the previous and the first measurement (reliable where the instrument defines it),
// the social factors from the host, the goals with their GAS T-score, and the findings a summary is written
// from: what got better, what got worse, what is missing. Pure: records in, a report out; no text, no I/O.
// Findings state what the measurements show; they never advise and never predict.
import { addMonths, ageOn, summariseSeries, type ChangeSummary, type Polarity, type SeriesPoint } from './change-over-time';
import type { AbsencePeriod, Goal, GoalRating, HostFollowUpData, HostMeasureChange, HostReferral, Measurement, Respondent } from './follow-up-records';
import { intervalMonths, type FollowUpSchedule } from './follow-up-schedule';
import { gasTScore } from './instruments/gas-scoring';
import { orsReliableChange, scoreOrs, type OrsForm, type OrsScores } from './instruments/ors-scoring';
import { scoreSdq, SDQ_BANDS, SDQ_SELF_REPORT_MIN_AGE, type SdqInformant, type SdqScores } from './instruments/sdq-scoring';
import { DEFAULT_WELLBEING_AREAS, type WellbeingRulerConfig } from './instruments/wellbeing-ruler';

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
}

export interface SdqPoint {
  readonly date: string;
  readonly scores: SdqScores;
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
}

export interface GoalIndicator {
  readonly goal: Goal;
  readonly change: ChangeSummary;
}

export interface GasPoint {
  readonly date: string;
  readonly tScore: number;
  readonly scoredGoals: number;
  readonly unscoredGoals: number;
}

export type IndicatorKey = 'ors' | 'sdq-parent' | 'sdq-teacher' | 'sdq-self' | 'ruler' | 'goals';

export type Finding =
  | { readonly kind: 'better' | 'worse'; readonly indicator: 'ors'; readonly from: number; readonly to: number; readonly fromDate: string; readonly toDate: string; readonly form: OrsForm | null }
  | { readonly kind: 'within-noise'; readonly indicator: 'ors'; readonly from: number; readonly to: number; readonly threshold: number }
  | { readonly kind: 'better' | 'worse'; readonly indicator: 'sdq-parent' | 'sdq-teacher' | 'sdq-self'; readonly from: number; readonly to: number; readonly fromBand: string; readonly toBand: string }
  | { readonly kind: 'better' | 'worse'; readonly indicator: 'ruler'; readonly area: string; readonly from: number; readonly to: number }
  | { readonly kind: 'better' | 'worse'; readonly indicator: 'goals'; readonly from: number; readonly to: number }
  | { readonly kind: 'missing'; readonly indicator: IndicatorKey; readonly since: string | null }
  | { readonly kind: 'new-referrals'; readonly count: number; readonly since: string }
  | { readonly kind: 'measure-change'; readonly change: HostMeasureChange }
  | { readonly kind: 'form-changed'; readonly from: OrsForm; readonly to: OrsForm; readonly date: string };

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

  // ORS / CORS: the child's own voice
  const orsAll = latestPerDay(all.filter((m) => m.instrument === 'ORS' && m.respondent === 'child'), () => 'ors');
  const orsPoints: OrsPoint[] = [];
  for (const m of orsAll) {
    if (m.instrument !== 'ORS' || !inPeriod(m.measuredOn, period)) continue;
    const a = ageAt(m.measuredOn);
    orsPoints.push({ date: m.measuredOn, age: a, ...scoreOrs(m.values, a ?? 0) });
  }
  const orsSeries: SeriesPoint[] = orsPoints.filter((p) => p.total !== null).map((p) => ({ date: p.date, value: p.total!, reliableChange: orsReliableChange(p.norm) }));
  const orsChange = summariseSeries(orsSeries, 'higher-is-better');
  const orsExpected = age !== null && age >= 6;
  if (orsExpected) missing('ors', orsAll.map((m) => m.measuredOn));
  const last = orsChange.sincePrevious;
  if (last) {
    if (last.reliable === true) findings.push({ kind: last.direction === 'better' ? 'better' : 'worse', indicator: 'ors', from: last.from.value, to: last.to.value, fromDate: last.from.date, toDate: last.to.date, form: orsPoints.at(-1)?.form ?? null });
    else if (last.delta !== 0 && last.threshold !== null) findings.push({ kind: 'within-noise', indicator: 'ors', from: last.from.value, to: last.to.value, threshold: last.threshold });
  }
  for (let i = 1; i < orsPoints.length; i++) {
    const a = orsPoints[i - 1]!.form;
    const b = orsPoints[i]!.form;
    if (a && b && a !== b) findings.push({ kind: 'form-changed', from: a, to: b, date: orsPoints[i]!.date });
  }

  // SDQ per informant
  const sdq: SdqInformantIndicator[] = (['self', 'parent', 'teacher'] as const).map((informant) => {
    const respondent = SDQ_RESPONDENT[informant];
    const rows = latestPerDay(all.filter((m) => m.instrument === 'SDQ' && m.respondent === respondent), () => informant);
    const points: SdqPoint[] = rows.filter((m) => inPeriod(m.measuredOn, period) && m.instrument === 'SDQ').map((m) => ({ date: m.measuredOn, scores: scoreSdq({ informant, items: (m.values as { items: Array<number | null> }).items, impact: (m.values as { impact?: never }).impact ?? null }) }));
    const change = summariseSeries(points.filter((p) => p.scores.totalDifficulties !== null).map((p) => ({ date: p.date, value: p.scores.totalDifficulties!, reliableChange: null })), 'lower-is-better');
    const expected = age !== null && age <= 17 && (informant === 'self' ? age >= SDQ_SELF_REPORT_MIN_AGE : informant === 'teacher' ? age >= 6 : age >= 4);
    const indicator = `sdq-${informant}` as const;
    if (expected) missing(indicator, rows.map((m) => m.measuredOn));
    const c = change.sincePrevious;
    if (c) {
      const bandOf = (date: string) => points.find((p) => p.date === date)!.scores.bands.totalDifficulties!;
      const fromBand = bandOf(c.from.date);
      const toBand = bandOf(c.to.date);
      if (fromBand !== toBand) findings.push({ kind: SDQ_BANDS.indexOf(toBand as never) < SDQ_BANDS.indexOf(fromBand as never) ? 'better' : 'worse', indicator, from: c.from.value, to: c.to.value, fromBand, toBand });
    }
    return { informant, respondent, points, change, expected };
  });

  // Trivselslineal per area (the host's ratings and the plugin's, one per area and day)
  const polarity: Polarity = input.ruler.higherIsBetter ? 'higher-is-better' : 'lower-is-better';
  const rulerRows = latestPerDay(all.filter((m) => m.instrument === 'TRIVSELSLINEAL'), (m) => String(m.area));
  const areaList = input.ruler.areas ?? DEFAULT_WELLBEING_AREAS;
  const known = new Set(areaList.map((a) => a.code));
  const extraAreas = [...new Set(rulerRows.map((m) => String(m.area)).filter((a) => !known.has(a)))].map((code) => ({ code, name: { da: code } }));
  const areas: RulerAreaIndicator[] = [...areaList, ...extraAreas]
    .map((a) => ({
      area: a.code,
      name: a.name,
      change: summariseSeries(rulerRows.filter((m) => m.area === a.code && inPeriod(m.measuredOn, period)).map((m) => ({ date: m.measuredOn, value: (m.values as { value: number }).value, reliableChange: null })), polarity),
    }))
    .filter((a) => a.change.points.length > 0 || known.has(a.area));
  missing('ruler', rulerRows.map((m) => m.measuredOn));
  for (const a of areas) {
    const c = a.change.sincePrevious;
    if (c && c.direction !== 'same') findings.push({ kind: c.direction, indicator: 'ruler', area: a.area, from: c.from.value, to: c.to.value });
  }

  // Goals and the GAS T-score at each date goals were scored
  const ratings = input.goalRatings.filter((r) => r.ratedOn <= period.to);
  const goals: GoalIndicator[] = input.goals.map((goal) => ({
    goal,
    change: summariseSeries(ratings.filter((r) => r.goalId === goal.goalId && inPeriod(r.ratedOn, period)).map((r) => ({ date: r.ratedOn, value: r.score, reliableChange: null })), 'higher-is-better'),
  }));
  const ratingDates = [...new Set(ratings.filter((r) => inPeriod(r.ratedOn, period)).map((r) => r.ratedOn))].sort();
  const gasPoints: GasPoint[] = [];
  for (const date of ratingDates) {
    const active = input.goals.filter((g) => g.agreedOn <= date);
    const scores = active.map((g) => {
      const r = [...ratings].reverse().find((x) => x.goalId === g.goalId && x.ratedOn === date);
      return { goalId: g.goalId, score: r ? r.score : null, weight: g.weight };
    });
    const t = gasTScore(scores);
    if (t.tScore !== null) gasPoints.push({ date, tScore: t.tScore, scoredGoals: t.scoredGoals, unscoredGoals: t.unscoredGoals.length });
  }
  const gasChange = summariseSeries(gasPoints.map((p) => ({ date: p.date, value: p.tScore, reliableChange: null })), 'higher-is-better');
  if (input.goals.length === 0) findings.push({ kind: 'missing', indicator: 'goals', since: null });
  else {
    missing('goals', ratings.map((r) => r.ratedOn));
    const g = gasChange.sincePrevious;
    if (g && g.direction !== 'same') findings.push({ kind: g.direction, indicator: 'goals', from: g.from.value, to: g.to.value });
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

const FINDING_ORDER: ReadonlyArray<Finding['kind']> = ['better', 'worse', 'within-noise', 'form-changed', 'missing', 'new-referrals', 'measure-change'];

