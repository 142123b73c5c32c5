// The validation report's view model: the figures (./validation-figures) in plain words of the chosen locale
// (Danish first, English second; every sentence from templates/validation/locales), every number formatted the
// locale's way, every chart rendered to SVG, every table laid out with its caption and headers. The template only
// places what is here. Pure apart from the chart rendering (Vega, in memory): no CLI, database, server or file.
import type { GroupFigures } from '../metrics/group-metrics';
import {
  calibrationChartSpec,
  distributionChartSpec,
  driftChartSpec,
  groupAucChartSpec,
  placementByScoreChartSpec,
  renderChartSvg,
  rocChartSpec,
} from './validation-charts';
import { validationFormat, type ValidationFormat, type ValidationLocale } from './number-format';
import { fill, type ValidationMessages } from './validation-locale';
import type { FairnessDimension, PsiFigure, ScoreRow, ValidationFigures } from './validation-figures';
import { danishClockTime, danishDay } from '../danish-time';

export interface Cell {
  readonly text: string;
  /** Beyond a documented limit: highlighted, and said in words. */
  readonly flagged?: boolean;
  /** Under the minimum size: no number is shown. */
  readonly muted?: boolean;
}

export interface TableView {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<{ readonly header: string; readonly cells: readonly Cell[] }>;
}

export interface ValidationView {
  readonly lang: ValidationLocale;
  /** The page's own words: headings, navigation, figure captions, the threshold switch. */
  readonly page: ValidationMessages['page'];
  readonly title: string;
  readonly modelName: string;
  readonly modelVersion: string;
  readonly periodText: string;
  readonly asOfText: string;
  readonly generatedText: string;
  readonly syntheticWarning: string | null;
  readonly summary: readonly string[];
  readonly notShown: readonly string[];
  readonly counts: TableView;
  readonly outcomeNote: string | null;
  readonly discrimination: null | { readonly aucText: string; readonly rocSvg: string; readonly rocTable: TableView; readonly placementSvg: string; readonly placementTable: TableView };
  readonly calibration: null | { readonly text: string; readonly svg: string; readonly tables: readonly TableView[] };
  readonly distribution: { readonly text: string; readonly heatmapSvg: string | null; readonly sharesTable: TableView; readonly driftSvg: string | null; readonly driftTables: readonly TableView[] };
  readonly fairness: null | {
    readonly text: string;
    readonly thresholds: ReadonlyArray<{ readonly value: number; readonly label: string; readonly selected: boolean }>;
    readonly dimensions: ReadonlyArray<{
      readonly id: string;
      readonly heading: string;
      readonly unknownText: string | null;
      readonly svg: string | null;
      readonly table: TableView;
      readonly byThreshold: ReadonlyArray<{ readonly threshold: number; readonly hidden: boolean; readonly table: TableView }>;
    }>;
  };
  readonly card: TableView;
  readonly method: readonly string[];
}

const FLAG = ' ⚠';
const DASH: Cell = { text: '–', muted: true };

/** The messages of one locale with the locale's formats: what every function below writes with. */
interface Words {
  readonly t: ValidationMessages;
  readonly f: ValidationFormat;
  readonly locale: ValidationLocale;
}

const flaggedText = (w: Words) => `${FLAG} ${w.t.cells.flagged}`;
const ratioText = (w: Words, r: number | null) => (r === null ? '–' : w.f.decimal(r, 2));

function scoreTable(w: Words, caption: string, rows: readonly ScoreRow[], min: number): TableView {
  const { t, f } = w;
  return {
    caption,
    headers: t.scoreTable.headers,
    rows: rows.map((r) => {
      if ('tooSmall' in r.figures) {
        return { header: String(r.score), cells: [{ text: fill(t.cells.tooSmall, { min }), muted: true }, DASH, DASH, { text: r.reference ? f.percent(r.reference.rate) : '–' }] };
      }
      const outside = r.figures.predicted < r.figures.interval.low || r.figures.predicted > r.figures.interval.high;
      return {
        header: String(r.score),
        cells: [
          { text: f.integer(r.figures.n) },
          { text: f.percent(r.figures.predicted) },
          { text: f.percentWithInterval(r.figures.rate, r.figures.interval) + (outside ? flaggedText(w) : ''), flagged: outside },
          { text: r.reference ? f.percent(r.reference.rate) : '–' },
        ],
      };
    }),
  };
}

function psiCell(w: Words, p: PsiFigure | null): Cell {
  const { t, f } = w;
  if (!p) return DASH;
  if (p.flagged) return { text: `${f.decimal(p.psi, 3)} (${t.cells.levels[p.level]})${FLAG}`, flagged: true };
  if (p.level !== 'stable') return { text: fill(t.cells.psiNoise, { psi: f.decimal(p.psi, 3), bound: f.decimal(p.noiseBound, 2) }) };
  return { text: fill(t.cells.psiStable, { psi: f.decimal(p.psi, 3) }) };
}

function groupBaseTable(w: Words, d: FairnessDimension, min: number, limits: ValidationFigures['limits']): TableView {
  const { t, f, locale } = w;
  const headers = t.fairness.baseHeaders.map((h) => fill(h, { high: limits.highScoreFrom }));
  return {
    caption: fill(t.fairness.baseCaption, { dimension: d.label[locale] }),
    headers,
    rows: d.groups.map((g) => {
      if (g.tooSmall) return { header: g.label[locale], cells: [{ text: fill(t.cells.tooSmallHidden, { min }), muted: true }, ...headers.slice(2).map(() => DASH)] };
      const card = d.reference.find((r) => r.group === g.group);
      const aucFlag = g.flags.includes('auc');
      const highFlag = g.flags.includes('highShare');
      return {
        header: g.label[locale],
        cells: [
          { text: f.integer(g.n) },
          { text: g.outcomeTooSmall ? fill(t.cells.tooSmall, { min }) : f.integer(g.withOutcome), muted: g.outcomeTooSmall },
          g.auc
            ? {
                text: `${f.decimal(g.auc.value, 3)}${g.auc.interval ? ` (${f.decimal(g.auc.interval.low, 3)}–${f.decimal(g.auc.interval.high, 3)})` : ''}${aucFlag ? `${FLAG} ${fill(t.cells.aucUnder, { gap: f.decimal(g.aucGap!, 3) })}` : ''}`,
                flagged: aucFlag,
              }
            : DASH,
          { text: card && card.auc !== null ? f.decimal(card.auc, 3) : '–' },
          g.placementRate ? { text: f.percentWithInterval(g.placementRate.value, g.placementRate.interval) } : DASH,
          { text: g.meanPredictedWithOutcome !== null ? f.percent(g.meanPredictedWithOutcome) : f.percent(g.meanPredicted) },
          { text: f.percentWithInterval(g.highShare.value, g.highShare.interval) },
          { text: g.highShareRatio === null ? t.cells.largestGroupBase : `${ratioText(w, g.highShareRatio)}${highFlag ? flaggedText(w) : ''}`, flagged: highFlag },
        ],
      };
    }),
  };
}

function thresholdTable(w: Words, d: FairnessDimension, threshold: number, min: number): TableView {
  const { t, f, locale } = w;
  const rate = (g: Extract<GroupFigures, { tooSmall: false }>, which: 'fpr' | 'fnr'): Cell[] => {
    const at = g.byThreshold[threshold];
    const r = at?.[which] ?? null;
    if (!r) return [DASH, DASH];
    const flagged = at!.flags.includes(which);
    const ratio = at!.ratios?.[which] ?? null;
    return [{ text: f.percentWithInterval(r.value, r.interval) }, { text: at!.ratios === null ? t.cells.largestGroup : `${ratioText(w, ratio)}${flagged ? flaggedText(w) : ''}`, flagged }];
  };
  return {
    caption: fill(t.fairness.thresholdCaption, { dimension: d.label[locale], threshold }),
    headers: t.fairness.thresholdHeaders,
    rows: d.groups.map((g) =>
      g.tooSmall
        ? { header: g.label[locale], cells: [{ text: fill(t.cells.tooSmallHidden, { min }), muted: true }, DASH, DASH, DASH] }
        : { header: g.label[locale], cells: [...rate(g, 'fpr'), ...rate(g, 'fnr')] },
    ),
  };
}

function summaryOf(w: Words, f: ValidationFigures): { summary: string[]; notShown: string[] } {
  const { t, locale } = w;
  const fmt = w.f;
  const s = t.summary;
  const c = f.counts;
  const min = f.limits.minGroupSize;
  const summary: string[] = [
    fill(s.basis, { scored: fmt.integer(c.scored), from: fmt.date(f.period.from), to: fmt.date(f.period.to), model: f.model.name[locale], version: f.model.version }) +
      (c.refused > 0 ? ` ${fill(s.refused, { refused: fmt.integer(c.refused) })}` : ''),
  ];
  if (f.outcomeMissing === 'no-outcome-part') summary.push(s.noOutcomePart);
  else {
    summary.push(
      fill(s.outcomes, {
        withOutcome: fmt.integer(c.withOutcome),
        placed: fmt.integer(c.placed),
        share: c.withOutcome > 0 ? fmt.percent(c.placed / c.withOutcome) : '–',
        tooRecent: fmt.integer(c.tooRecent),
        asOf: fmt.date(f.asOf),
      }),
    );
  }
  if (f.outcomeMissing === 'too-few' || f.outcomeMissing === 'all-too-recent') summary.push(fill(s.tooFew, { min }));
  if (f.outcomeMissing === 'one-outcome-only') summary.push(s.oneOutcome);
  const d = f.discrimination;
  if (d) {
    summary.push(
      fill(s.auc, {
        auc: fmt.decimal(d.auc, 3),
        low: fmt.decimal(d.aucInterval.low, 3),
        high: fmt.decimal(d.aucInterval.high, 3),
        percent: fmt.percent(d.auc, 0),
        cardAuc: fmt.decimal(d.cardAuc, 3),
        within: d.cardWithinInterval ? s.within : s.outside,
      }),
    );
  }
  if (f.calibration) {
    summary.push(
      f.calibration.cellsOutsideInterval === 0
        ? fill(s.calibrationAllWithin, { cells: fmt.integer(f.calibration.cellsReported) })
        : fill(s.calibrationOutside, { outside: fmt.integer(f.calibration.cellsOutsideInterval), cells: fmt.integer(f.calibration.cellsReported) }),
    );
  }
  const flagged = f.distribution.flagged;
  const major = flagged.filter((x) => x.level === 'major').length;
  const moderate = fmt.decimal(f.limits.psiModerate, 2);
  summary.push(
    flagged.length === 0
      ? fill(s.driftNone, { moderate })
      : fill(s.driftFlagged, { flagged: fmt.integer(flagged.length), moderate, majorPart: major > 0 ? fill(s.driftMajorPart, { major: fmt.integer(major), majorLimit: fmt.decimal(f.limits.psiMajor, 2) }) : '' }),
  );
  if (f.fairness) {
    const groupFlags = f.fairness.dimensions.flatMap((dim) =>
      dim.groups.filter((g) => !g.tooSmall && g.flags.length > 0).map((g) => fill(s.flaggedGroup, { group: g.label[locale], dimension: dim.label[locale].split(' (')[0]!.toLowerCase() })),
    );
    summary.push(groupFlags.length === 0 ? fill(s.fairnessNone, { high: f.limits.highScoreFrom }) : fill(s.fairnessFlagged, { groups: groupFlags.join(s.listSeparator), high: f.limits.highScoreFrom }));
  }
  return { summary, notShown: t.notShown.map((line) => fill(line, { min })) };
}

export interface ViewOptions {
  /** When the report was made (ISO instant), shown as-is in the footer. */
  /** When the report was made (an ISO instant); shown in Danish time. */
  readonly generatedAt: string;
  /** The model card's warning in the report's locale, when the model is trained on synthetic data. */
  readonly syntheticWarning?: string | null;
  /** The locale's texts (templates/validation/locales/<lang>.json, loaded by the caller). */
  readonly messages: ValidationMessages;
}

export async function buildValidationView(f: ValidationFigures, options: ViewOptions): Promise<ValidationView> {
  const t = options.messages;
  const locale = t.lang as ValidationLocale;
  const fmt = validationFormat(locale, t);
  const w: Words = { t, f: fmt, locale };
  const min = f.limits.minGroupSize;
  const c = f.counts;
  const { summary, notShown } = summaryOf(w, f);
  const svg = (spec: Parameters<typeof renderChartSvg>[0]) => renderChartSvg(spec, fmt);

  const counts: TableView = {
    caption: t.counts.caption,
    headers: ['', t.counts.countHeader],
    rows: [
      { header: t.counts.scored, cells: [{ text: fmt.integer(c.scored) }] },
      { header: t.counts.refused, cells: [{ text: fmt.integer(c.refused) }] },
      { header: t.counts.withOutcome, cells: [{ text: fmt.integer(c.withOutcome) }] },
      { header: t.counts.placed, cells: [{ text: fmt.integer(c.placed) }] },
      { header: t.counts.tooRecent, cells: [{ text: fmt.integer(c.tooRecent) }] },
      ...(c.noOutcomeData > 0 ? [{ header: t.counts.noOutcomeData, cells: [{ text: fmt.integer(c.noOutcomeData) }] }] : []),
    ],
  };
  const outcomeNote =
    f.outcomeMissing === 'no-outcome-part'
      ? t.outcomeNote.noOutcomePart
      : f.outcomeMissing === null
        ? null
        : f.outcomeMissing === 'one-outcome-only'
          ? t.outcomeNote.oneOutcome
          : fill(t.outcomeNote.tooFew, { min });

  let discrimination: ValidationView['discrimination'] = null;
  const d = f.discrimination;
  if (d) {
    discrimination = {
      aucText: fill(t.discrimination.aucText, {
        auc: fmt.decimal(d.auc, 3),
        low: fmt.decimal(d.aucInterval.low, 3),
        high: fmt.decimal(d.aucInterval.high, 3),
        resamples: fmt.integer(f.resamples),
        cardAuc: fmt.decimal(d.cardAuc, 3),
        within: d.cardWithinInterval ? t.summary.within : t.summary.outside,
        aucOfScore: fmt.decimal(d.aucOfScore, 3),
        baseRate: fmt.percentWithInterval(d.baseRate.rate, d.baseRate.interval),
        cardBaseRate: fmt.percent(d.cardBaseRate),
      }),
      rocSvg: await svg(rocChartSpec(d.roc, t.charts)),
      rocTable: {
        caption: t.discrimination.rocCaption,
        headers: t.discrimination.rocHeaders,
        rows: d.roc.filter((p) => p.threshold !== null).map((p) => ({ header: fill(t.discrimination.rocRow, { threshold: p.threshold! }), cells: [{ text: fmt.percent(p.tpr) }, { text: fmt.percent(p.fpr) }] })),
      },
      placementSvg: await svg(placementByScoreChartSpec(d.placementByScore, t.charts)),
      placementTable: scoreTable(w, t.discrimination.placementCaption, d.placementByScore, min),
    };
  }

  let calibration: ValidationView['calibration'] = null;
  if (f.calibration) {
    calibration = {
      text: fill(t.calibration.text, { min }),
      svg: await svg(calibrationChartSpec(f.calibration.byBand, t.charts, locale)),
      tables: f.calibration.byBand.map((b) => scoreTable(w, fill(t.calibration.tableCaption, { band: b.label[locale] }), b.rows, min)),
    };
  }

  const bands = f.distribution.bands;
  const withShares = bands.filter((b) => b.shares);
  const limitsText = { moderate: fmt.decimal(f.limits.psiModerate, 2), major: fmt.decimal(f.limits.psiMajor, 2), min };
  const sh = t.distribution.sharesHeaders;
  const distribution: ValidationView['distribution'] = {
    text: fill(t.distribution.text, limitsText),
    heatmapSvg: withShares.length > 0 ? await svg(distributionChartSpec(withShares, t.charts, locale)) : null,
    sharesTable: {
      caption: t.distribution.sharesCaption,
      headers: [sh.band, sh.referrals, ...Array.from({ length: 10 }, (_, i) => fill(sh.score, { score: i + 1 })), sh.psi],
      rows: bands.map((b) => ({
        header: b.label[locale],
        cells: b.shares
          ? [{ text: fmt.integer(b.n) }, ...b.shares.map((s) => ({ text: fmt.percent(s, 0) })), psiCell(w, b.psiReference)]
          : [{ text: fill(t.cells.tooSmall, { min }), muted: true }, ...Array.from({ length: 11 }, () => DASH)],
      })),
    },
    driftSvg: bands.some((b) => b.quarters.some((q) => q.psiReference)) ? await svg(driftChartSpec(bands, f.limits, t.charts, fmt)) : null,
    driftTables: bands.map((b) => ({
      caption: fill(t.distribution.driftCaption, { band: b.label[locale], firstQuarterPart: b.firstQuarter ? fill(t.distribution.driftFirstQuarterPart, { quarter: fmt.quarter(b.firstQuarter) }) : '' }),
      headers: t.distribution.driftHeaders,
      rows: b.quarters.map((q) => ({
        header: fmt.quarter(q.quarter),
        cells: q.shares
          ? [
              { text: fmt.integer(q.n) },
              { text: fmt.percent(q.shares[7]! + q.shares[8]! + q.shares[9]!, 0) },
              psiCell(w, q.psiReference),
              q.quarter === b.firstQuarter ? { text: t.cells.firstQuarter } : psiCell(w, q.psiFirstQuarter),
            ]
          : [{ text: fill(t.cells.tooSmall, { min }), muted: true }, DASH, DASH, DASH],
      })),
    })),
  };

  let fairness: ValidationView['fairness'] = null;
  if (f.fairness) {
    const dims = [];
    for (const [i, dim] of f.fairness.dimensions.entries()) {
      const spec = groupAucChartSpec(dim, t.charts, locale);
      dims.push({
        id: `gruppe-${i + 1}`,
        heading: dim.label[locale],
        unknownText: dim.unknown > 0 ? fill(t.fairness.unknown, { unknown: fmt.integer(dim.unknown) }) : null,
        svg: spec ? await svg(spec) : null,
        table: groupBaseTable(w, dim, min, f.limits),
        byThreshold: f.limits.thresholds.map((threshold) => ({ threshold, hidden: threshold !== f.limits.defaultThreshold, table: thresholdTable(w, dim, threshold, min) })),
      });
    }
    fairness = {
      text: fill(t.fairness.text, { ratioLow: fmt.decimal(f.limits.ratioLow, 2), ratioHigh: fmt.decimal(f.limits.ratioHigh, 2), aucGap: fmt.decimal(f.limits.aucGapLimit, 2), min }),
      thresholds: f.limits.thresholds.map((value) => ({ value, label: fill(t.page.thresholdOption, { value }), selected: value === f.limits.defaultThreshold })),
      dimensions: dims,
    };
  }

  const local = (band: string) => f.fairness?.dimensions.find((x) => x.key === 'ageBand')?.groups.find((g) => g.group === band);
  const card: TableView = {
    caption: t.card.caption,
    headers: t.card.headers,
    rows: [
      {
        header: t.card.all,
        cells: [{ text: fmt.decimal(f.card.auc, 3) }, { text: d ? fmt.decimal(d.auc, 3) : '–' }, { text: fmt.percent(f.card.baseRate) }, { text: d ? fmt.percent(d.baseRate.rate) : '–' }],
      },
      ...f.card.byAgeBand.map((r) => {
        const g = local(r.group);
        const ok = g && !g.tooSmall ? g : null;
        return {
          header: f.distribution.bands.find((b) => b.band === r.group)?.label[locale] ?? r.group,
          cells: [
            { text: r.auc === null ? '–' : fmt.decimal(r.auc, 3) },
            { text: ok?.auc ? fmt.decimal(ok.auc.value, 3) : '–', muted: !ok?.auc },
            { text: fmt.percent(r.observedRate) },
            { text: ok?.placementRate ? fmt.percent(ok.placementRate.value) : '–', muted: !ok?.placementRate },
          ],
        };
      }),
    ],
  };

  const method = t.method.map((line) =>
    fill(line, {
      asOf: fmt.date(f.asOf),
      resamples: fmt.integer(f.resamples),
      seed: f.seed,
      min,
      moderate: limitsText.moderate,
      major: limitsText.major,
      ratioLow: fmt.decimal(f.limits.ratioLow, 2),
      ratioHigh: fmt.decimal(f.limits.ratioHigh, 2),
      aucGap: fmt.decimal(f.limits.aucGapLimit, 2),
    }),
  );

  return {
    lang: locale,
    page: t.page,
    title: t.page.title,
    modelName: f.model.name[locale],
    modelVersion: `${f.model.id} ${f.model.version}`,
    periodText: fill(t.page.periodRange, { from: fmt.date(f.period.from), to: fmt.date(f.period.to) }),
    asOfText: fmt.date(f.asOf),
    generatedText: danishDateAndTime(options.generatedAt, locale, fmt, t.page.generatedAt),
    syntheticWarning: options.syntheticWarning ?? null,
    summary,
    notShown,
    counts,
    outcomeNote,
    discrimination,
    calibration,
    distribution,
    fairness,
    card,
    method,
  };
}

/** An instant as the municipality's date and wall-clock time, in the report's language. */
function danishDateAndTime(iso: string, locale: ValidationLocale, fmt: ValidationFormat, template: string): string {
  const instant = new Date(iso);
  return fill(template, { date: fmt.date(danishDay(instant)), time: danishClockTime(instant, locale) });
}
