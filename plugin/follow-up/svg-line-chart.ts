// Server-rendered line charts as SVG strings: one indicator over time, readable in print and in black and
// white (each series has its own marker shape and dash pattern, not colour alone; reference lines are labelled
// in words), with a title and description for screen readers. Pure: a spec in, markup out; every text is
// XML-escaped here, so the templates may insert the result as is.

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
export type DashPattern = 'solid' | 'dashed' | 'dotted' | 'dash-dot' | 'long-dash';

export interface ChartSeries {
  readonly label: string;
  readonly points: ReadonlyArray<{ readonly date: string; readonly value: number }>;
  readonly marker: MarkerShape;
  readonly dash: DashPattern;
  readonly colour: string;
}

export interface ChartReference {
  /** A horizontal line over [from, to] at `value` (a cut-off that changes with age is several segments). */
  readonly value: number;
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface LineChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly yMin: number;
  readonly yMax: number;
  readonly yTicks: readonly number[];
  readonly yAxisLabel: string;
  readonly series: readonly ChartSeries[];
  readonly references?: readonly ChartReference[];
  readonly formatTick: (date: string) => string;
  readonly formatValue: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

export const SERIES_STYLES: ReadonlyArray<{ marker: MarkerShape; dash: DashPattern; colour: string }> = [
  { marker: 'circle', dash: 'solid', colour: '#1f3a5f' },
  { marker: 'square', dash: 'dashed', colour: '#7a2e0e' },
  { marker: 'triangle', dash: 'dotted', colour: '#2d5a27' },
  { marker: 'diamond', dash: 'dash-dot', colour: '#5b2a6e' },
  { marker: 'cross', dash: 'long-dash', colour: '#4a4a4a' },
];

const DASH: Record<DashPattern, string | null> = { solid: null, dashed: '6 4', dotted: '1.5 3', 'dash-dot': '8 3 1.5 3', 'long-dash': '12 4' };

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

export function markerPath(shape: MarkerShape, x: number, y: number, r = 4.5): string {
  switch (shape) {
    case 'circle':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${r}"/>`;
    case 'square':
      return `<rect x="${fmt(x - r)}" y="${fmt(y - r)}" width="${2 * r}" height="${2 * r}"/>`;
    case 'triangle':
      return `<path d="M${fmt(x)} ${fmt(y - r - 1)} L${fmt(x + r + 1)} ${fmt(y + r)} L${fmt(x - r - 1)} ${fmt(y + r)} Z"/>`;
    case 'diamond':
      return `<path d="M${fmt(x)} ${fmt(y - r - 1)} L${fmt(x + r + 1)} ${fmt(y)} L${fmt(x)} ${fmt(y + r + 1)} L${fmt(x - r - 1)} ${fmt(y)} Z"/>`;
    case 'cross':
      return `<path d="M${fmt(x - r)} ${fmt(y - r)} L${fmt(x + r)} ${fmt(y + r)} M${fmt(x - r)} ${fmt(y + r)} L${fmt(x + r)} ${fmt(y - r)}" stroke-width="2.2"/>`;
  }
}

/** Month starts between from and to, thinned to at most `max` ticks. */
export function monthTicks(from: string, to: string, max = 7): string[] {
  const ticks: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  if (!from.endsWith('-01')) m += 1;
  for (;;) {
    if (m > 12) {
      y += 1;
      m -= 12;
    }
    const d = `${y}-${String(m).padStart(2, '0')}-01`;
    if (d > to) break;
    ticks.push(d);
    m += 1;
  }
  const step = Math.max(1, Math.ceil(ticks.length / max));
  const preferred = [1, 2, 3, 4, 6, 12].find((s) => s >= step) ?? step;
  return ticks.filter((t) => (Number(t.slice(5, 7)) - 1) % preferred === 0);
}

export function lineChartSvg(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 220;
  const left = 44;
  const right = 12;
  const top = 14;
  const legendRows = Math.ceil(spec.series.length / 3);
  const bottom = 30 + (spec.series.length > 1 ? legendRows * 18 : 0);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x0 = dayNumber(spec.period.from);
  const x1 = Math.max(dayNumber(spec.period.to), x0 + 1);
  const x = (date: string) => left + ((dayNumber(date) - x0) / (x1 - x0)) * plotW;
  const y = (v: number) => top + (1 - (v - spec.yMin) / (spec.yMax - spec.yMin)) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="fu-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" font-family="inherit" font-size="11">`,
    `<title id="${spec.id}-title">${escapeXml(spec.title)}</title>`,
    `<desc id="${spec.id}-desc">${escapeXml(spec.description)}</desc>`,
  );
  // grid and y axis
  out.push(`<g class="fu-grid" stroke="#c8c8c8" stroke-width="0.6">`);
  for (const t of spec.yTicks) out.push(`<line x1="${left}" x2="${left + plotW}" y1="${fmt(y(t))}" y2="${fmt(y(t))}"/>`);
  out.push('</g>', `<g class="fu-axis" fill="#222">`);
  for (const t of spec.yTicks) out.push(`<text x="${left - 6}" y="${fmt(y(t) + 3.5)}" text-anchor="end">${escapeXml(spec.formatValue(t))}</text>`);
  out.push(`<text x="4" y="${top + plotH / 2}" transform="rotate(-90 10 ${top + plotH / 2})" text-anchor="middle">${escapeXml(spec.yAxisLabel)}</text>`);
  for (const t of monthTicks(spec.period.from, spec.period.to, Math.max(2, Math.floor(plotW / 68)))) {
    out.push(`<line x1="${fmt(x(t))}" x2="${fmt(x(t))}" y1="${top + plotH}" y2="${top + plotH + 4}" stroke="#222"/>`);
    out.push(`<text x="${fmt(x(t))}" y="${top + plotH + 15}" text-anchor="middle">${escapeXml(spec.formatTick(t))}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#555" stroke-width="0.8"/>`, '</g>');
  // reference lines (cut-offs), labelled in words
  for (const r of spec.references ?? []) {
    const xa = x(r.from < spec.period.from ? spec.period.from : r.from);
    const xb = x(r.to > spec.period.to ? spec.period.to : r.to);
    if (xb <= xa) continue;
    out.push(`<g class="fu-reference"><line x1="${fmt(xa)}" x2="${fmt(xb)}" y1="${fmt(y(r.value))}" y2="${fmt(y(r.value))}" stroke="#000" stroke-width="1.2" stroke-dasharray="2 2"/>`);
    out.push(`<text x="${fmt(xa + 4)}" y="${fmt(y(r.value) - 4)}" text-anchor="start" fill="#000" font-size="10">${escapeXml(r.label)}</text></g>`);
  }
  // series
  for (const s of spec.series) {
    const pts = [...s.points].sort((a, b) => (a.date < b.date ? -1 : 1));
    const dash = DASH[s.dash];
    out.push(`<g class="fu-series" stroke="${s.colour}" fill="${s.colour}">`);
    if (pts.length > 1) {
      const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(x(p.date))} ${fmt(y(p.value))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    }
    for (const p of pts) out.push(markerPath(s.marker, x(p.date), y(p.value)));
    out.push('</g>');
  }
  // legend
  if (spec.series.length > 1) {
    spec.series.forEach((s, i) => {
      const lx = left + (i % 3) * (plotW / 3);
      const ly = top + plotH + 30 + Math.floor(i / 3) * 18;
      const dash = DASH[s.dash];
      out.push(`<g class="fu-legend" stroke="${s.colour}" fill="${s.colour}"><line x1="${fmt(lx)}" x2="${fmt(lx + 26)}" y1="${ly}" y2="${ly}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${markerPath(s.marker, lx + 13, ly, 4)}<text x="${fmt(lx + 32)}" y="${ly + 4}" stroke="none" fill="#222">${escapeXml(s.label)}</text></g>`);
    });
  }
  out.push('</svg>');
  return out.join('');
}
