// The follow-up report as the templates need it: every sentence written from the locale file, every number
// and date formatted, every chart rendered to SVG. The templates only place what is here; they compute nothing.
import { addMonths, type Change, type ChangeSummary, type SkippedPoint } from './change-over-time';
import type { Finding, FollowUpReport, SdqInformantIndicator } from './follow-up-report';
import type { HostMeasureChange } from './follow-up-records';
import type { DueFollowUp } from './follow-up-schedule';
import { ORS_AREAS, ORS_NORMS } from './instruments/ors-scoring';
import { SDQ_NORM_AGES, SDQ_SUBSCALES, type SdqInformant, type SdqScale } from './instruments/sdq-scoring';
import { wellbeingLevelName } from './instruments/wellbeing-ruler';
import { fillText, reportFormat, type ReportFormat, type ReportLocale, type ReportMessages } from './report-locale';
import { lineChartSvg, SERIES_STYLES, type ChartReference } from './svg-line-chart';

export interface StatRow {
  readonly label: string;
  readonly value: string;
  readonly note: string | null;
}

export interface TableView {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

export interface SdqBlockView {
  readonly heading: string;
  readonly latestText: string | null;
  readonly stats: readonly StatRow[];
  readonly scales: ReadonlyArray<{ readonly name: string; readonly score: string; readonly band: string }>;
  readonly prorated: string | null;
  readonly empty: string | null;
}

export interface ReportLinks {
  readonly cors: string;
  readonly ruler: string;
  readonly sdq: string;
  readonly goals: string;
  readonly schedule: string;
  readonly pdf: string;
}

export interface ReportView {
  readonly lang: ReportLocale;
  readonly t: ReportMessages;
  readonly title: string;
  readonly childLine: string;
  readonly birthLine: string;
  readonly periodLine: string;
  readonly generatedLine: string;
  readonly scheduleLine: string;
  readonly synthetic: boolean;
  readonly pdfHeader: string;
  readonly summary: {
    readonly better: readonly string[];
    readonly worse: readonly string[];
    readonly noise: readonly string[];
    /** Changes on a scale without a reliable change index (never listed with the reliable ones). */
    readonly unrated: readonly string[];
    readonly notComparable: readonly string[];
    readonly missing: readonly string[];
    readonly invalid: readonly string[];
    readonly other: readonly string[];
    readonly nothing: boolean;
  };
  readonly voice: {
    readonly intro: string;
    readonly tooYoung: string | null;
    readonly chart: string | null;
    readonly stats: readonly StatRow[];
    readonly table: TableView | null;
    readonly empty: string | null;
    readonly selfSdq: SdqBlockView | null;
  };
  readonly sdq: { readonly chart: string | null; readonly blocks: readonly SdqBlockView[] };
  readonly ruler: { readonly intro: string; readonly areas: ReadonlyArray<{ readonly name: string; readonly chart: string | null; readonly stats: readonly StatRow[]; readonly invalid: readonly string[]; readonly empty: string | null }> };
  readonly goals: {
    readonly chart: string | null;
    readonly stats: readonly StatRow[];
    readonly items: ReadonlyArray<{ readonly description: string; readonly agreed: string; readonly latest: string; readonly change: string | null; readonly invalid: readonly string[] }>;
    readonly none: string | null;
  };
  readonly social: {
    readonly referrals: string;
    readonly referralsSince: string;
    readonly absence: string;
    readonly changes: readonly string[];
    readonly changesNone: string | null;
    /** What the two laws call a measure, when the period holds one. */
    readonly lawNote: string | null;
  };
  readonly links: ReportLinks | null;
  readonly assetBase: string;
}

export interface ReportViewOptions {
  readonly lang: ReportLocale;
  readonly messages: ReportMessages;
  readonly today: string;
  readonly due: DueFollowUp | null;
  readonly timesPerYear: number | null;
  readonly synthetic: boolean;
  readonly links: ReportLinks | null;
  readonly assetBase?: string;
}

function changeText(change: Change | null, f: ReportFormat, t: ReportMessages, notComparable?: (c: Change) => string): string {
  if (!change) return t.noChange;
  if (!change.comparable && notComparable) return notComparable(change);
  if (!change.comparable) {
    return fillText(t.notComparable, { fromValue: f.number(change.from.value), fromForm: change.from.form ?? '–', fromDate: f.date(change.from.date), toValue: f.number(change.to.value), toForm: change.to.form ?? '–' });
  }
  const direction = t[change.direction];
  const reliable = change.reliable === null ? '' : `; ${change.reliable ? t.reliableYes : t.reliableNo}`;
  return `${f.signed(change.delta)} (${direction}${reliable})`;
}

/**
 * The child's ratings as chart series: one line while the form stays the same; across a change of form (CORS,
 * then ORS) one series per form, so no line joins two values that are not one scale.
 */
function orsSeriesByForm(points: ChangeSummary['points'], title: string) {
  const runs: Array<{ form: string | null; points: Array<ChangeSummary['points'][number]> }> = [];
  for (const p of points) {
    const form = p.form ?? null;
    if (runs.at(-1)?.form !== form) runs.push({ form, points: [] });
    runs.at(-1)!.points.push(p);
  }
  if (runs.length <= 1) return [{ label: title, points, ...SERIES_STYLES[0]! }];
  return runs.map((r, i) => ({ label: r.form ?? title, points: r.points, ...SERIES_STYLES[i % SERIES_STYLES.length]! }));
}

function skippedText(skipped: readonly SkippedPoint[], f: ReportFormat, t: ReportMessages): string {
  return skipped.map((s) => fillText(s.reason === 'invalid' ? t.skippedInvalid : t.skippedIncomplete, { date: f.date(s.date) })).join(', ');
}

/**
 * Latest value, change since the previous and since the start. When a measurement after the previous one
 * could not be used (incomplete or invalid), "since previous" names the date it really compares with.
 */
function statRows(summary: ChangeSummary, f: ReportFormat, t: ReportMessages, latestNote: string | null = null, notComparable?: (c: Change) => string): StatRow[] {
  if (!summary.latest) return summary.skipped.length > 0 ? [{ label: t.latestLabel, value: '–', note: fillText(t.latestSkipped, { skipped: skippedText(summary.skipped, f, t) }) }] : [];
  const previous = summary.sincePrevious;
  const comparedWith = previous && summary.skipped.length > 0 ? fillText(t.comparedWith, { date: f.date(previous.from.date), skipped: skippedText(summary.skipped, f, t) }) : null;
  const latestSkipped = !previous && summary.skipped.length > 0 ? fillText(t.latestSkipped, { skipped: skippedText(summary.skipped, f, t) }) : null;
  return [
    { label: t.latestLabel, value: `${f.number(summary.latest.value)} (${f.date(summary.latest.date)})`, note: [latestNote, latestSkipped].filter((x) => x !== null).join(' ') || null },
    { label: t.previousLabel, value: previous ? changeText(previous, f, t, notComparable) : t.firstMeasurement, note: comparedWith },
    ...(summary.sinceStart && summary.points.length > 2
      ? [{ label: t.startLabel, value: summary.sinceStart.comparable ? `${changeText(summary.sinceStart, f, t)} ${fillText(t.sinceDate, { date: f.date(summary.sinceStart.from.date) })}` : changeText(summary.sinceStart, f, t, notComparable), note: null }]
      : []),
  ];
}

function findingText(finding: Finding, report: FollowUpReport, f: ReportFormat, t: ReportMessages, lang: ReportLocale): string {
  const areaName = (code: string) => {
    const area = report.ruler.areas.find((a) => a.area === code);
    return area ? (lang === 'en' ? area.name.en ?? area.name.da : area.name.da) : code;
  };
  const goalName = (id: string) => report.goals.find((g) => g.goal.goalId === id)?.goal.description ?? id;
  const cfg = report.ruler.config;
  switch (finding.kind) {
    case 'better':
    case 'worse': {
      if (finding.indicator === 'ors') return fillText(finding.kind === 'better' ? t.findOrsBetter : t.findOrsWorse, { form: finding.form ?? 'ORS', from: f.number(finding.from), to: f.number(finding.to) });
      if (finding.indicator === 'goals') return fillText(finding.kind === 'better' ? t.findGoalsBetter : t.findGoalsWorse, { from: f.number(finding.from), to: f.number(finding.to) });
      const informant = finding.indicator.slice(4) as 'parent' | 'teacher' | 'self';
      return fillText(finding.kind === 'better' ? t.findSdqBetter : t.findSdqWorse, {
        informant: t.sdqInformants[informant],
        from: f.number(finding.from),
        to: f.number(finding.to),
        fromBand: t.sdqBands[finding.fromBand as keyof ReportMessages['sdqBands']],
        toBand: t.sdqBands[finding.toBand as keyof ReportMessages['sdqBands']],
      });
    }
    case 'ruler-change': {
      const n = Math.abs(finding.to - finding.from);
      return fillText(t.findRulerChange, { area: areaName(finding.area), from: f.number(finding.from), to: f.number(finding.to), steps: n === 1 ? t.rulerStepOne : fillText(t.rulerSteps, { n: f.number(n) }), direction: t[finding.direction], date: f.date(finding.fromDate) });
    }
    case 'within-noise':
      return fillText(t.findOrsNoise, { from: f.number(finding.from), to: f.number(finding.to), threshold: f.number(finding.threshold) });
    case 'not-comparable':
      return fillText(t.findOrsNotComparable, { from: f.number(finding.from), to: f.number(finding.to), fromForm: finding.fromForm ?? '–', toForm: finding.toForm ?? '–', fromDate: f.date(finding.fromDate), toDate: f.date(finding.toDate) });
    case 'gas-not-comparable': {
      const names = (ids: readonly string[]) => ids.map((id) => `«${goalName(id)}»`).join(', ');
      const reasons = [
        ...(finding.added.length > 0 ? [fillText(t.gasReasonAdded, { goals: names(finding.added) })] : []),
        ...(finding.notRated.length > 0 ? [fillText(t.gasReasonNotRated, { date: f.date(finding.toDate), goals: names(finding.notRated) })] : []),
        ...(finding.reweighted.length > 0 ? [fillText(t.gasReasonReweighted, { goals: names(finding.reweighted) })] : []),
      ].join('; ');
      const value = (v: number | null) => (v === null ? t.gasNotRatedValue : f.signed(v));
      const goals = finding.goals.map((g) => fillText(t.gasGoalChange, { goal: goalName(g.goalId), from: value(g.from), to: value(g.to) })).join('; ');
      return fillText(t.findGasNotComparable, { fromDate: f.date(finding.fromDate), toDate: f.date(finding.toDate), reasons, goals });
    }
    case 'form-changed':
      return fillText(t.findFormChangedTo, { date: f.date(finding.date), from: finding.from, to: finding.to, cutoff: finding.cutoff });
    case 'norm-changed':
      return fillText(t.findNormChanged, { date: f.date(finding.date), norm: t.orsNorms[finding.to], cutoff: finding.cutoff });
    case 'sdq-no-norm': {
      const informant = finding.indicator.slice(4) as SdqInformant;
      const ages = SDQ_NORM_AGES[informant];
      const reason = finding.reason === 'age-unknown' ? t.sdqNoNormUnknown : fillText(t.sdqNoNormOutside, { age: finding.age ?? '–', min: ages.min, max: ages.max });
      return fillText(t.findSdqNoNorm, { informant: t.sdqInformants[informant], date: f.date(finding.date), reason });
    }
    case 'invalid':
      if (finding.indicator === 'ruler') return fillText(t.findInvalidRuler, { area: areaName(finding.area ?? ''), date: f.date(finding.date), min: cfg.min, max: cfg.max, direction: cfg.higherIsBetter ? t.rulerHigherBetter : t.rulerLowerBetter });
      return fillText(t.findInvalid, { indicator: finding.goalId ? `${t.indicatorNames.goals} «${goalName(finding.goalId)}»` : t.indicatorNames[finding.indicator], date: f.date(finding.date), fields: finding.fields.join(', ') });
    case 'missing':
      if (finding.indicator === 'goals' && report.goals.length === 0) return t.findNoGoals;
      return finding.since === null
        ? fillText(t.findMissingNever, { indicator: t.indicatorNames[finding.indicator] })
        : fillText(t.findMissingSince, { indicator: t.indicatorNames[finding.indicator], month: f.month(finding.since) });
    case 'new-referrals':
      return fillText(finding.count === 1 ? t.findNewReferralsOne : t.findNewReferrals, { count: finding.count, date: f.date(finding.since) });
    case 'measure-change':
      return changeLine(finding.change, f, t);
  }
}

/**
 * The wording of a measure by the law it was granted under: under Barnets Lov a støttende indsats, or an
 * anbringelse when the mapping names its code a placement (just "indsats" when the mapping does not say);
 * under Serviceloven a foranstaltning; under an unknown law both words, and that the law is unknown.
 */
export function measureWording(change: Pick<HostMeasureChange, 'law' | 'placement'>): keyof Omit<ReportMessages['measureChanges'], 'heading' | 'lawNote'> {
  if (change.law === 'SEL') return 'serviceloven';
  if (change.law !== 'BL') return 'unknown';
  return change.placement === true ? 'placement' : change.placement === false ? 'supportive' : 'barnetsLov';
}

function changeLine(change: HostMeasureChange, f: ReportFormat, t: ReportMessages): string {
  const date = f.date(change.date);
  if (change.kind === 'measure-started' || change.kind === 'measure-ended') return fillText(t.measureChanges[measureWording(change)][change.kind], { date, label: change.label });
  const label = (t.placementSites as Record<string, string>)[change.label] ?? change.label;
  return fillText(t.changeKinds[change.kind], { date, label });
}

function sdqBlock(indicator: SdqInformantIndicator, f: ReportFormat, t: ReportMessages): SdqBlockView {
  const heading = t.sdqInformantHeadings[indicator.informant];
  const latest = indicator.points.at(-1) ?? null;
  if (!latest) return { heading, latestText: null, stats: [], scales: [], prorated: null, empty: indicator.expected ? t.noData : t.sdqNotExpected };
  const s = latest.scores;
  const ages = SDQ_NORM_AGES[indicator.informant];
  const noNorm = latest.normProblem === null ? null : fillText(t.sdqNoNormNote, { reason: latest.normProblem === 'age-unknown' ? t.sdqNoNormUnknown : fillText(t.sdqNoNormOutside, { age: latest.age ?? '–', min: ages.min, max: ages.max }) });
  if (s === null) {
    return { heading, latestText: fillText(t.sdqLatestOf, { date: f.date(latest.date) }), stats: statRows(indicator.change, f, t), scales: [], prorated: fillText(t.sdqInvalid, { date: f.date(latest.date), fields: latest.invalid.join(', ') }), empty: null };
  }
  const scales: SdqScale[] = ['totalDifficulties', ...SDQ_SUBSCALES, 'impact'];
  const bandName = (scale: SdqScale, band: string | null) => (band === null ? '–' : scale === 'prosocial' ? t.sdqProsocialBands[band as keyof ReportMessages['sdqProsocialBands']] : t.sdqBands[band as keyof ReportMessages['sdqBands']]);
  const prorated = s.prorated.length > 0 ? fillText(t.sdqProrated, { scales: s.prorated.map((p) => t.sdqScales[p]).join(', ') }) : null;
  return {
    heading,
    latestText: fillText(t.sdqLatestOf, { date: f.date(latest.date) }),
    stats: statRows(indicator.change, f, t),
    scales: scales.filter((scale) => scale !== 'impact' || s.impact !== null).map((scale) => ({ name: t.sdqScales[scale], score: s[scale] === null ? '–' : f.number(s[scale]!), band: bandName(scale, s.bands[scale]) })),
    prorated: [noNorm, prorated].filter((x) => x !== null).join(' ') || null,
    empty: null,
  };
}

export function buildReportView(report: FollowUpReport, options: ReportViewOptions): ReportView {
  const { lang, messages: t } = options;
  const f = reportFormat(lang, t);
  const period = report.period;
  const periodFrom = f.date(period.from);
  const periodTo = f.date(period.to);
  const chartBase = { period, formatTick: f.tick, formatValue: (v: number) => f.number(v) };

  // The child's own voice: ORS/CORS
  const ors = report.ors;
  const orsLatest = ors.points.filter((p) => p.total !== null).at(-1) ?? null;
  // The clinical cut-off by age: from the birthdays where the norm changes (13: CORS → ORS, 18: adult) when
  // the birth date is known, else from the forms the points were scored on.
  const references: ChartReference[] = [];
  const birth = report.child.birthDate;
  if (birth !== null) {
    for (const norm of Object.values(ORS_NORMS)) {
      const from = addMonths(birth, 12 * norm.minAge);
      const to = norm.maxAge === null ? period.to : addMonths(birth, 12 * (norm.maxAge + 1));
      if (to <= period.from || from >= period.to) continue;
      references.push({ value: norm.clinicalCutoff, from: from < period.from ? period.from : from, to: to > period.to ? period.to : to, label: fillText(t.cutoffLabel, { form: norm.form, cutoff: norm.clinicalCutoff }) });
    }
  } else {
    for (const p of ors.points) {
      if (p.clinicalCutoff === null || p.form === null) continue;
      const last = references.at(-1);
      if (last && last.value === p.clinicalCutoff) continue;
      if (last) references[references.length - 1] = { ...last, to: p.date };
      references.push({ value: p.clinicalCutoff, from: references.length === 0 ? period.from : p.date, to: period.to, label: fillText(t.cutoffLabel, { form: p.form, cutoff: p.clinicalCutoff }) });
    }
  }
  const orsChart =
    ors.change.points.length > 0
      ? lineChartSvg({
          ...chartBase,
          id: 'fu-ors',
          title: t.orsChartTitle,
          description: fillText(t.orsChartDesc, { count: ors.change.points.length, from: periodFrom, to: periodTo, latest: orsLatest ? `${f.number(orsLatest.total!)} (${f.date(orsLatest.date)})` : '–' }),
          yMin: 0,
          yMax: 40,
          yTicks: [0, 10, 20, 30, 40],
          yAxisLabel: t.orsAxis,
          series: orsSeriesByForm(ors.change.points, t.orsChartTitle),
          references,
        })
      : null;
  const orsNote = orsLatest && orsLatest.clinicalRange !== null ? fillText(orsLatest.clinicalRange ? t.clinicalBelow : t.clinicalAbove, { form: orsLatest.form!, cutoff: orsLatest.clinicalCutoff! }) : null;
  const orsTable: TableView | null =
    ors.points.length > 0
      ? {
          caption: t.orsChartTitle,
          head: [t.colDate, t.colForm, ...ORS_AREAS.map((a) => t.orsAreas[a]), t.colTotal],
          rows: ors.points.map((p) => [f.date(p.date), p.form ?? '–', ...ORS_AREAS.map((a) => (p.invalid.includes(a) || p.invalid.includes('values') ? t.invalidValue : p.items[a] === null ? t.notAnswered : f.number(p.items[a]!))), p.total === null ? '–' : f.number(p.total)]),
        }
      : null;

  // SDQ
  const sdqByInformant = Object.fromEntries(report.sdq.map((s) => [s.informant, s])) as Record<'parent' | 'teacher' | 'self', SdqInformantIndicator>;
  const sdqSeries = report.sdq
    .filter((s) => s.change.points.length > 0)
    .map((s, i) => ({ label: t.sdqInformantHeadings[s.informant], points: s.change.points, ...SERIES_STYLES[i]! }));
  const sdqChart =
    sdqSeries.length > 0
      ? lineChartSvg({ ...chartBase, id: 'fu-sdq', title: t.sdqChartTitle, description: fillText(t.sdqChartDesc, { informants: sdqSeries.map((s) => s.label).join(', ') }), yMin: 0, yMax: 40, yTicks: [0, 10, 20, 30, 40], yAxisLabel: t.sdqAxis, series: sdqSeries })
      : null;
  const selfSdq = sdqByInformant.self.expected || sdqByInformant.self.points.length > 0 ? sdqBlock(sdqByInformant.self, f, t) : null;

  // Trivselslineal
  const cfg = report.ruler.config;
  const span = cfg.max - cfg.min;
  // ticks at the ends and evenly between them (1–10: 1, 4, 7, 10), at most six
  const step = [1, 2, 3, 4, 5, 10, 20, 25, 50, 100].find((s) => span % s === 0 && span / s <= 5) ?? span;
  const rulerTicks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => cfg.min + i * step);
  const rulerAreas = report.ruler.areas.map((a, i) => {
    const name = lang === 'en' ? a.name.en ?? a.name.da : a.name.da;
    const latest = a.change.latest;
    const level = latest ? wellbeingLevelName(cfg, latest.value, lang) : null;
    return {
      name,
      chart:
        a.change.points.length > 0
          ? lineChartSvg({ ...chartBase, id: `fu-ruler-${i}`, title: name, description: fillText(t.rulerChartDesc, { area: name, from: periodFrom, to: periodTo }), yMin: cfg.min, yMax: cfg.max, yTicks: rulerTicks, yAxisLabel: cfg.higherIsBetter ? `${t.rulerAxis} ↑` : `${t.rulerAxis} ↓`, series: [{ label: name, points: a.change.points, ...SERIES_STYLES[0]! }], width: 320, height: 150 })
          : null,
      stats: statRows(a.change, f, t, level),
      invalid: a.invalid.map((x) => fillText(t.rulerInvalidNote, { value: typeof x.value === 'number' || typeof x.value === 'string' ? String(x.value) : '–', date: f.date(x.date), min: cfg.min, max: cfg.max })),
      empty: a.change.points.length === 0 && a.invalid.length === 0 ? t.noData : null,
    };
  });

  // Goals
  const gasChart =
    report.gas.points.length > 0
      ? lineChartSvg({
          ...chartBase,
          id: 'fu-gas',
          title: t.gasChartTitle,
          description: fillText(t.gasChartDesc, { count: report.gas.points.length }),
          yMin: 20,
          yMax: 80,
          yTicks: [20, 30, 40, 50, 60, 70, 80],
          yAxisLabel: t.gasAxis,
          series: [{ label: t.gasChartTitle, points: report.gas.points.map((p) => ({ date: p.date, value: p.tScore })), ...SERIES_STYLES[3]! }],
          references: [{ value: 50, from: period.from, to: period.to, label: t.gasExpected }],
          height: 200,
        })
      : null;
  const goalItems = report.goals.map((g) => {
    const latest = g.change.latest;
    return {
      description: g.goal.description,
      agreed: fillText(t.goalAgreed, { date: f.date(g.goal.agreedOn) }),
      latest: latest ? `${f.signed(latest.value)}: ${t.gasScale[String(latest.value) as keyof ReportMessages['gasScale']]} (${f.date(latest.date)})` : t.goalNotRated,
      change: g.change.sincePrevious ? `${t.previousLabel}: ${changeText(g.change.sincePrevious, f, t)}` : null,
      invalid: g.invalid.map((x) => fillText(t.goalInvalidNote, { value: String(x.value), date: f.date(x.date) })),
    };
  });

  // Summary
  const text = (x: Finding) => findingText(x, report, f, t, lang);
  const findings = report.findings;
  const summary = {
    better: findings.filter((x) => x.kind === 'better').map(text),
    worse: findings.filter((x) => x.kind === 'worse').map(text),
    noise: findings.filter((x) => x.kind === 'within-noise').map(text),
    unrated: findings.filter((x) => x.kind === 'ruler-change').map(text),
    notComparable: findings.filter((x) => x.kind === 'not-comparable' || x.kind === 'gas-not-comparable').map(text),
    missing: findings.filter((x) => x.kind === 'missing').map(text),
    invalid: findings.filter((x) => x.kind === 'invalid' || x.kind === 'sdq-no-norm').map(text),
    other: findings.filter((x) => x.kind === 'new-referrals' || x.kind === 'measure-change' || x.kind === 'form-changed' || x.kind === 'norm-changed').map(text),
  };

  const due = options.due;
  const scheduleLine =
    due === null || options.timesPerYear === null
      ? t.scheduleNone
      : fillText(due.overdue ? t.scheduleOverdue : t.scheduleLine, { times: options.timesPerYear, due: f.date(due.dueDate), days: due.daysOverdue });
  const absence = report.social.absence;
  const lastAbsence = absence?.at(-1);
  return {
    lang,
    t,
    title: t.title,
    childLine: fillText(t.childLine, { name: report.child.name, id: report.child.childId }),
    birthLine: report.child.birthDate ? fillText(t.birthLine, { birth: f.date(report.child.birthDate), age: report.child.age ?? '–' }) : t.birthUnknown,
    periodLine: fillText(t.periodLine, { from: periodFrom, to: periodTo }),
    generatedLine: fillText(t.generatedLine, { date: f.date(options.today) }),
    scheduleLine,
    synthetic: options.synthetic,
    pdfHeader: fillText(t.pdfHeader, { name: report.child.name, id: report.child.childId, from: periodFrom, to: periodTo }),
    summary: { ...summary, nothing: Object.values(summary).every((list) => list.length === 0) },
    voice: {
      intro: fillText(t.voiceIntro, { rciCors: ORS_NORMS.child.reliableChange, rciOrs: ORS_NORMS.adolescent.reliableChange }),
      tooYoung: !ors.expected && ors.points.length === 0 ? t.voiceTooYoung : null,
      chart: orsChart,
      stats: statRows(ors.change, f, t, orsNote),
      table: orsTable,
      empty: ors.expected && ors.points.length === 0 ? t.noData : null,
      selfSdq,
    },
    sdq: { chart: sdqChart, blocks: [sdqBlock(sdqByInformant.parent, f, t), sdqBlock(sdqByInformant.teacher, f, t)] },
    ruler: { intro: fillText(t.rulerIntro, { min: cfg.min, max: cfg.max, direction: cfg.higherIsBetter ? t.rulerHigherBetter : t.rulerLowerBetter }), areas: rulerAreas },
    goals: {
      chart: gasChart,
      // a T-score's "form" is the set of goals and weights it rests on: never shown, only compared
      stats: statRows(report.gas.change, f, t, null, (c) => fillText(t.gasNotComparableStat, { date: f.date(c.from.date) })),
      items: goalItems,
      none: report.goals.length === 0 ? t.goalsNone : null,
    },
    social: {
      referrals: fillText(t.referralsLine, { count: report.social.referralsInPeriod.length }),
      referralsSince: fillText(t.referralsSince, { date: f.date(report.social.lastReportDate ?? period.from), count: report.social.referralsSinceLastReport }),
      absence: lastAbsence ? fillText(t.absenceLine, { percent: f.number(lastAbsence.percent), date: f.date(lastAbsence.periodEnd) }) : t.absenceNone,
      changes: report.social.changesInPeriod.map((c) => changeLine(c, f, t)),
      changesNone: report.social.changesInPeriod.length === 0 ? t.changesNone : null,
      lawNote: report.social.changesInPeriod.some((c) => c.kind === 'measure-started' || c.kind === 'measure-ended') ? t.measureChanges.lawNote : null,
    },
    links: options.links,
    assetBase: options.assetBase ?? '',
  };
}
