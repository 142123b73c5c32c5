// The report's view model and templates: Danish sentences for the summary ("Ingen SDQ fra lærer siden marts
// 2026"), the child's voice first, charts readable without colour, hostile text escaped, English as the
// second locale, and never an SDQ item's wording.
import { expect } from 'chai';
import { buildFollowUpReport } from '../../plugin/follow-up/follow-up-report';
import type { Measurement } from '../../plugin/follow-up/follow-up-records';
import { DEFAULT_WELLBEING_RULER } from '../../plugin/follow-up/instruments/wellbeing-ruler';
import { loadReportMessages } from '../../plugin/follow-up/report-locale';
import { compileReportTemplates } from '../../plugin/follow-up/report-templates';
import { buildReportView } from '../../plugin/follow-up/report-view-model';
import { lineChartSvg, monthTicks } from '../../plugin/follow-up/svg-line-chart';

const messages = loadReportMessages();
const templates = compileReportTemplates();
const base = { childId: 'c1', enteredBy: 'sr-1', enteredAt: '2025-01-01T00:00:00Z', source: 'entry' as const };
let id = 0;
const m = (date: string, instrument: 'ORS' | 'SDQ', respondent: 'child' | 'teacher' | 'parent', values: unknown): Measurement => ({ ...base, measurementId: String(++id), measuredOn: date, instrument, respondent, values } as Measurement);

function sampleReport() {
  return buildFollowUpReport({
    host: { child: { childId: 'c1', name: 'Ida <script>alert(1)</script>', birthDate: '2013-04-06' }, rulerRatings: [], referrals: [{ referralId: 'r', receivedOn: '2026-05-02' }], measureChanges: [], absence: null },
    measurements: [
      m('2026-04-10', 'ORS', 'child', { items: { me: 4, family: 4, school: 4, everything: 4 } }),
      m('2026-06-01', 'ORS', 'child', { items: { me: 6, family: 6, school: 6, everything: 6 } }),
      m('2026-03-10', 'SDQ', 'teacher', { items: Array(25).fill(1) }),
    ],
    goals: [{ goalId: 'g1', childId: 'c1', description: 'Mål <img src=x onerror=alert(1)>', weight: 1, agreedOn: '2025-01-01' }],
    goalRatings: [{ goalId: 'g1', ratedOn: '2026-06-01', score: 1 }],
    schedule: { childId: 'c1', timesPerYear: 4, startDate: '2025-01-01' },
    lastReportDate: '2026-04-01',
    period: { from: '2025-07-01', to: '2026-06-30' },
    ruler: DEFAULT_WELLBEING_RULER,
  });
}

const view = (lang: 'da' | 'en') =>
  buildReportView(sampleReport(), { lang, messages: messages[lang], today: '2026-06-30', due: { childId: 'c1', dueDate: '2026-07-01', overdue: false, daysOverdue: 0, lastReportDate: '2026-04-01' }, timesPerYear: 4, synthetic: true, links: null });

describe('the follow-up report view and templates', () => {
  it('writes the summary in plain Danish: what improved, what is missing, what else happened', () => {
    const v = view('da');
    expect(v.summary.better).to.deep.equal(['Barnets egen vurdering (ORS) steg fra 16 til 24: mere end måleusikkerheden.']);
    expect(v.summary.missing).to.include('Ingen SDQ fra lærer siden marts 2026.');
    expect(v.summary.missing).to.include('Ingen SDQ fra barnet selv endnu.');
    expect(v.summary.other).to.include('1 ny underretning siden 1. april 2026.');
    expect(v.scheduleLine).to.equal('Opfølgning 4 gange om året. Næste rapport skal laves senest 1. juli 2026.');
  });

  it('shows the latest value, the change with its reliability, and the clinical cut-off of the child’s form', () => {
    const v = view('da');
    expect(v.voice.stats.map((s) => [s.label, s.value])).to.deep.equal([
      ['Seneste', '24 (1. juni 2026)'],
      ['Siden forrige', '+8 (bedre; pålidelig ændring)'],
    ]);
    expect(v.voice.stats[0]!.note).to.equal('under den kliniske grænse for ORS (28)');
  });

  it('puts the child’s own voice first, before the summary and the adults’ ratings', () => {
    const html = templates.page(view('da'));
    const at = (text: string) => html.indexOf(text);
    expect(at('Barnets egen stemme')).to.be.greaterThan(0);
    expect(at('Barnets egen stemme')).to.be.lessThan(at('Kort fortalt'));
    expect(at('Kort fortalt')).to.be.lessThan(at('Trivselslinealen</h2>'));
    expect(at('Trivselslinealen</h2>')).to.be.lessThan(at('SDQ: styrker'));
  });

  it('escapes names and goal descriptions everywhere, and shows no SDQ item wording', () => {
    for (const html of [templates.page(view('da')), templates.print({ ...view('da'), css: templates.css })]) {
      expect(html).to.not.contain('<script>alert(1)');
      expect(html).to.not.contain('<img src=x');
      expect(html).to.contain('Ida &lt;script&gt;');
      expect(html).to.not.match(/hensyn til andre|considerate of other|restless, overactive|urolig, overaktiv/i);
    }
  });

  it('has an English locale with the same structure', () => {
    const v = view('en');
    expect(v.summary.missing).to.include('No SDQ from a teacher since March 2026.');
    expect(templates.page(v)).to.contain('<html lang="en">');
  });

  it('draws charts that work in black and white: marker shapes, dash patterns, labelled cut-offs, title and description', () => {
    const svg = lineChartSvg({
      id: 'x', title: 'A & B', description: 'desc <b>', period: { from: '2025-01-01', to: '2025-12-31' }, yMin: 0, yMax: 40, yTicks: [0, 20, 40], yAxisLabel: 'y',
      series: [
        { label: 'one', points: [{ date: '2025-02-01', value: 10 }, { date: '2025-06-01', value: 20 }], marker: 'circle', dash: 'solid', colour: '#000' },
        { label: 'two', points: [{ date: '2025-03-01', value: 30 }, { date: '2025-07-01', value: 25 }], marker: 'square', dash: 'dashed', colour: '#333' },
      ],
      references: [{ value: 32, from: '2025-01-01', to: '2025-12-31', label: 'klinisk grænse CORS (32)' }],
      formatTick: (d) => d.slice(0, 7), formatValue: String,
    });
    expect(svg).to.match(/^<svg [^>]*role="img" aria-labelledby="x-title x-desc"/);
    expect(svg).to.contain('<title id="x-title">A &amp; B</title>').and.contain('desc &lt;b&gt;');
    expect(svg).to.contain('<circle').and.contain('<rect x=').and.contain('stroke-dasharray="6 4"');
    expect(svg).to.contain('klinisk grænse CORS (32)');
    // ticks fall on calendar months counted from January, so January is always labelled when it is in range
    expect(monthTicks('2025-01-15', '2026-01-15', 7)).to.deep.equal(['2025-03-01', '2025-05-01', '2025-07-01', '2025-09-01', '2025-11-01', '2026-01-01']);
  });
});

describe('an empty follow-up report', () => {
  it('renders for a child with no birth date and no measurements: every part says what is missing, nothing breaks', () => {
    const report = buildFollowUpReport({
      host: { child: { childId: 'c2', name: 'Ukendt', birthDate: null }, rulerRatings: [], referrals: [], measureChanges: [], absence: null },
      measurements: [],
      goals: [],
      goalRatings: [],
      schedule: null,
      lastReportDate: null,
      period: { from: '2025-01-01', to: '2025-06-30' },
      ruler: DEFAULT_WELLBEING_RULER,
    });
    const v = buildReportView(report, { lang: 'da', messages: messages.da, today: '2025-06-30', due: null, timesPerYear: null, synthetic: false, links: null });
    expect(v.birthLine).to.equal('Fødselsdato ukendt');
    expect(v.scheduleLine).to.equal('Der er ikke sat en plan for opfølgning for barnet.');
    expect(v.summary.missing).to.deep.equal(['Ingen vurdering på Trivselslinealen endnu.', 'Der er ikke aftalt mål for barnet.']);
    expect(v.voice.chart).to.equal(null);
    expect(v.goals.none).to.equal('Der er ikke aftalt mål for barnet.');
    const html = templates.page(v);
    expect(html).to.contain('Ingen målinger i perioden.').and.not.contain('<svg');
    expect(html).to.not.contain('Demo på syntetiske data');
  });
});

describe('the follow-up part of the OpenAPI document', () => {
  it('describes the report and entry routes with the query the routes validate and the field-by-field refusal', async () => {
    const { followUpOpenApiPaths } = await import('../../plugin/server/follow-up-openapi');
    const paths = followUpOpenApiPaths();
    expect(Object.keys(paths)).to.deep.equal(['/api/v1/children/{childId}/follow-up', '/api/v1/children/{childId}/follow-up/filings', '/api/v1/children/{childId}/follow-up/entries/{kind}']);
    const filing = paths['/api/v1/children/{childId}/follow-up/filings'].post;
    expect(Object.keys(filing.responses)).to.include.members(['200', '201', '400', '403']);
    expect(Object.keys(filing.requestBody.content['application/json'].schema.properties)).to.deep.equal(['view', 'from', 'to']);
    expect(paths['/api/v1/children/{childId}/follow-up/entries/{kind}'].post.parameters[1]!.schema).to.deep.include({ enum: ['cors', 'ruler', 'sdq', 'goals', 'schedule'] });
    expect(Object.keys(paths['/api/v1/children/{childId}/follow-up/entries/{kind}'].post.responses)).to.include('422');
  });
});
