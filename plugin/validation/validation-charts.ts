// The validation report's charts: each figure set becomes a Vega-Lite specification (pure, testable data), and
// Vega renders it to SVG on the server (no browser, no script in the report). Titles, legends and descriptions
// come from the locale text, numbers in the locale's format; every chart has a description for screen readers,
// and a table beside it in the report holds the same figures.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { fill, type ValidationMessages } from './validation-locale';
import type { ValidationFormat } from './number-format';
import type { ValidationFigures } from './validation-figures';

/** The charts' words. */
export type ChartText = ValidationMessages['charts'];

const WIDTH = 520;
const HEIGHT = 300;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const PALETTE = ['#1f5f99', '#b35900', '#2e7d32', '#8e24aa', '#c62828', '#00796b', '#5d4037', '#455a64'];

const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: WIDTH,
  height: HEIGHT,
  background: '#ffffff',
  config: {
    aria: false,
    font: FONT,
    axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#222', titleColor: '#222', gridColor: '#e3e3e3' },
    legend: { labelFontSize: 12, titleFontSize: 12, labelColor: '#222', titleColor: '#222', labelLimit: 320 },
    range: { category: PALETTE },
    view: { stroke: null },
  },
} as const;

type Spec = TopLevelSpec;

export function rocChartSpec(roc: NonNullable<ValidationFigures['discrimination']>['roc'], t: ChartText): Spec {
  return {
    ...base,
    width: 360,
    height: 360,
    description: t.rocDescription,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#888' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: roc.map((p) => ({ fpr: p.fpr, tpr: p.tpr, label: p.threshold === null ? '' : `≥ ${p.threshold}` })) },
        layer: [
          { mark: { type: 'line', color: PALETTE[0], strokeWidth: 2.5 } },
          { mark: { type: 'point', filled: true, color: PALETTE[0], size: 45 } },
          { mark: { type: 'text', dx: 16, dy: 8, fontSize: 11, color: '#333' }, encoding: { text: { field: 'label' } } },
        ],
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: t.rocX, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          y: { field: 'tpr', type: 'quantitative', title: t.rocY, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          order: { field: 'fpr', type: 'quantitative' },
        },
      },
    ],
  } as Spec;
}

interface RatePoint {
  readonly key: string;
  readonly series: string;
  readonly rate: number;
  readonly low: number | null;
  readonly high: number | null;
}

/** Observed rates with their intervals, and the model's reference figures, per score. */
export function placementByScoreChartSpec(rows: NonNullable<ValidationFigures['discrimination']>['placementByScore'], t: ChartText): Spec {
  const values: RatePoint[] = [];
  for (const r of rows) {
    if (!('tooSmall' in r.figures)) values.push({ key: String(r.score), series: t.localSeries, rate: r.figures.rate, low: r.figures.interval.low, high: r.figures.interval.high });
    if (r.reference) values.push({ key: String(r.score), series: t.cardSeries, rate: r.reference.rate, low: null, high: null });
  }
  return {
    ...base,
    description: t.placementDescription,
    data: { values },
    encoding: {
      x: { field: 'key', type: 'ordinal', title: t.score, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series' },
      // The municipality's own data first in every language (first colour), the card's second.
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: values.some((v) => v.series === t.cardSeries) ? [t.localSeries, t.cardSeries] : [t.localSeries] }, legend: { orient: 'top', labelLimit: 400 } },
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'rate', type: 'quantitative', title: t.placementY, axis: { format: '.0%' } } } },
      { mark: { type: 'rule', color: '#111', strokeWidth: 1.5 }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
    ],
  } as Spec;
}

export function calibrationChartSpec(byBand: NonNullable<ValidationFigures['calibration']>['byBand'], t: ChartText, locale: ValidationFormat['locale']): Spec {
  const values = byBand.flatMap((b) =>
    b.rows.flatMap((r) => ('tooSmall' in r.figures ? [] : [{ band: b.label[locale], score: r.score, predicted: r.figures.predicted, observed: r.figures.rate, low: r.figures.interval.low, high: r.figures.interval.high }])),
  );
  const top = Math.min(1, Math.max(0.05, ...values.map((v) => Math.max(v.high, v.predicted))) * 1.05);
  return {
    ...base,
    width: 420,
    height: 420,
    description: t.calibrationDescription,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: top, y: top }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#888' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: t.calibrationX, scale: { domain: [0, top] }, axis: { format: '.0%' } },
          color: { field: 'band', type: 'nominal', title: t.band, sort: null },
        },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.2, opacity: 0.7 }, encoding: { y: { field: 'low', type: 'quantitative', scale: { domain: [0, top] } }, y2: { field: 'high' } } },
          {
            mark: { type: 'point', filled: true, size: 55 },
            encoding: {
              y: { field: 'observed', type: 'quantitative', title: t.calibrationY, scale: { domain: [0, top] }, axis: { format: '.0%' } },
              shape: { field: 'band', type: 'nominal', title: t.band, sort: null },
            },
          },
        ],
      },
    ],
  } as Spec;
}

export function distributionChartSpec(bands: ValidationFigures['distribution']['bands'], t: ChartText, locale: ValidationFormat['locale']): Spec {
  const values = bands.flatMap((b) => (b.shares ?? []).map((share, i) => ({ band: b.label[locale], score: String(i + 1), share })));
  return {
    ...base,
    width: 480,
    height: Math.max(60, 36 * bands.filter((b) => b.shares).length),
    description: t.distributionDescription,
    data: { values },
    encoding: {
      x: { field: 'score', type: 'ordinal', title: t.score, sort: null, axis: { labelAngle: 0, orient: 'top' } },
      y: { field: 'band', type: 'nominal', title: t.band, sort: null },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'share', type: 'quantitative', title: t.share, scale: { scheme: 'blues', domain: [0, 0.25] }, legend: { format: '.0%' } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'share', type: 'quantitative', format: '.0%' },
          color: { condition: { test: 'datum.share > 0.16', value: '#ffffff' }, value: '#111111' },
        },
      },
    ],
  } as Spec;
}

export function driftChartSpec(bands: ValidationFigures['distribution']['bands'], limits: ValidationFigures['limits'], t: ChartText, format: ValidationFormat): Spec {
  const values = bands.flatMap((b) => b.quarters.flatMap((q) => (q.psiReference ? [{ band: b.label[format.locale], quarter: format.quarter(q.quarter), psi: q.psiReference.psi }] : [])));
  const top = Math.max(limits.psiMajor * 1.2, ...values.map((v) => v.psi * 1.05));
  return {
    ...base,
    width: 620,
    description: fill(t.driftDescription, { moderate: format.decimal(limits.psiModerate, 2), major: format.decimal(limits.psiMajor, 2) }),
    layer: [
      {
        data: { values: [{ y: limits.psiModerate, label: t.moderateShift }, { y: limits.psiMajor, label: t.majorShift }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [5, 4], color: '#a33' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: -6, x: 0, color: '#a33', fontSize: 11 }, encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
      {
        data: { values },
        mark: { type: 'line', point: true, strokeWidth: 1.8 },
        encoding: {
          x: { field: 'quarter', type: 'ordinal', title: t.quarter, sort: null, axis: { labelAngle: -45 } },
          y: { field: 'psi', type: 'quantitative', title: t.driftY, scale: { domain: [0, top] } },
          color: { field: 'band', type: 'nominal', title: t.band, sort: null },
        },
      },
    ],
  } as Spec;
}

export function groupAucChartSpec(dimension: NonNullable<ValidationFigures['fairness']>['dimensions'][number], t: ChartText, locale: ValidationFormat['locale']): Spec | null {
  const values = dimension.groups.flatMap((g) => (g.tooSmall || !g.auc ? [] : [{ group: g.label[locale], auc: g.auc.value, low: g.auc.interval?.low ?? g.auc.value, high: g.auc.interval?.high ?? g.auc.value, series: t.localSeries }]));
  if (values.length === 0) return null;
  const reference = dimension.reference.flatMap((r) => {
    const g = dimension.groups.find((x) => x.group === r.group);
    return g && !g.tooSmall && g.auc && r.auc !== null ? [{ group: g.label[locale], auc: r.auc, series: t.cardAucSeries }] : [];
  });
  const lowest = Math.min(0.5, ...values.map((v) => v.low), ...reference.map((r) => r.auc));
  // The municipality's own data first in every language (first colour, as its interval lines), the card's second.
  const series = reference.length > 0 ? [t.localSeries, t.cardAucSeries] : [t.localSeries];
  const domain = [Math.floor(lowest * 10) / 10, 1];
  return {
    ...base,
    width: 460,
    height: Math.max(80, 34 * values.length),
    description: fill(t.groupAucDescription, { dimension: dimension.label[locale], cardPart: reference.length > 0 ? t.groupAucCardPart : '' }),
    encoding: { y: { field: 'group', type: 'nominal', title: null, sort: null } },
    layer: [
      { data: { values }, mark: { type: 'rule', strokeWidth: 2, color: PALETTE[0] }, encoding: { x: { field: 'low', type: 'quantitative', title: 'AUC', scale: { domain } }, x2: { field: 'high' } } },
      { data: { values }, mark: { type: 'point', filled: true, size: 70 }, encoding: { x: { field: 'auc', type: 'quantitative' }, color: { field: 'series', type: 'nominal', title: null, scale: { domain: series }, legend: { orient: 'top', labelLimit: 400 } }, shape: { field: 'series', type: 'nominal', title: null, scale: { domain: series } } } },
      ...(reference.length > 0
        ? [{ data: { values: reference }, mark: { type: 'point' as const, size: 90, strokeWidth: 2 }, encoding: { x: { field: 'auc', type: 'quantitative' as const }, color: { field: 'series', type: 'nominal' as const, title: null }, shape: { field: 'series', type: 'nominal' as const, title: null } } }]
        : []),
    ],
  } as Spec;
}

/** Renders a Vega-Lite specification to SVG markup (server side, no browser), numbers in the locale's format. */
export async function renderChartSvg(spec: Spec, format: Pick<ValidationFormat, 'symbols'>): Promise<string> {
  const number = { decimal: format.symbols.decimal, thousands: format.symbols.thousands, grouping: [3], currency: ['', ''], percent: format.symbols.percent, minus: '−' };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', locale: { number } } as unknown as ConstructorParameters<typeof vega.View>[1]);
  try {
    const svg = await view.toSVG();
    // The SVG sits in an HTML page beside its table: one image named by the chart's description. Its parts carry
    // no roles of their own (an image's parts are not read out; the table beside it holds the figures).
    const inner = svg.replace(/\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
    return inner.replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(String((spec as { description?: string }).description ?? ''))}" focusable="false" `);
  } finally {
    view.finalize();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
